// Who is logged in: the /auth/me document (role, permissions, scopes, CSRF
// token), shared by every screen. Permissions decide what the app shows; the
// API checks them again on every request.
import { reactive } from 'vue';
import { auth } from './api/index.js';
import { setCsrfToken } from './api/client.js';

export const session = reactive({
  me: null, // {user_id, username, role, role_name, permissions, view_scope, capture_scope, must_change_password, csrf_token}
  loaded: false,
  roles: {}, // GET /roles: code → {code, name_zh, name_en, permissions}; roles are data, so are their names
});

let loading = null;

function apply(me) {
  session.me = me;
  setCsrfToken(me?.csrf_token || '');
  if (me && !me.must_change_password) loadRoles();
}

let rolesLoading = null;
function loadRoles() {
  if (rolesLoading) return;
  rolesLoading = auth
    .roles()
    .then((res) => {
      session.roles = Object.fromEntries(res.items.map((r) => [r.code, r]));
    })
    .catch(() => {
      rolesLoading = null; // the i18n names stand in
    });
}

// GET /auth/me once at start-up (and again after a login elsewhere).
export function loadSession(force = false) {
  if (loading && !force) return loading;
  loading = auth
    .me()
    .then((me) => apply(me))
    .catch((e) => {
      if (e.status === 401) apply(null);
      else throw e;
    })
    .finally(() => {
      session.loaded = true;
    });
  return loading;
}

export async function login(username, password) {
  const me = await auth.login(username, password);
  apply(me);
  session.loaded = true;
  loading = Promise.resolve();
  return me;
}

export async function logout() {
  try {
    await auth.logout();
  } finally {
    forget();
  }
}

// The session ended on the server (expired, logged out elsewhere).
export function forget() {
  apply(null);
  loading = Promise.resolve();
}

export function markPasswordChanged() {
  if (session.me) session.me.must_change_password = false;
  loadRoles();
}

export function can(permission) {
  return !!session.me && !session.me.must_change_password && session.me.permissions.includes(permission);
}

export function canAny(permissions) {
  return permissions.some((p) => can(p));
}
