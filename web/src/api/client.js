// The one way the app talks to `yilian serve`: JSON over /api/v1 with the
// session cookie, the session's CSRF token on every write, and every error
// turned into an ApiError that carries the API's {code, message, fields}.

const BASE = '/api/v1';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken = '';
const listeners = { unauthenticated: [], passwordChangeRequired: [] };

export function setCsrfToken(token) {
  csrfToken = token || '';
}

// Called (once per failing request) when the session is gone (401) or the
// account must change its password first (403 password_change_required).
export function onAuthProblem(kind, fn) {
  listeners[kind].push(fn);
}

export class ApiError extends Error {
  constructor(status, error, extra = {}) {
    super(error?.message || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status; // 0 when the server could not be reached
    this.code = error?.code || (status === 0 ? 'network' : 'http_' + status);
    this.fields = Array.isArray(error?.fields) ? error.fields : [];
    // Anything else the API put beside code/message/fields, e.g.
    // existing_record_no and existing_id on a 409 for a known ID number.
    this.details = {};
    for (const [k, v] of Object.entries(error || {})) {
      if (!['code', 'message', 'fields'].includes(k)) this.details[k] = v;
    }
    this.retryAfter = extra.retryAfter || null;
  }

  // {field: reason} for the first reason of each field.
  fieldMap() {
    const out = {};
    for (const f of this.fields) if (!(f.field in out)) out[f.field] = f.reason;
    return out;
  }
}

function queryString(query) {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    p.append(k, String(v));
  }
  const s = p.toString();
  return s ? '?' + s : '';
}

// request('GET', '/residents', {query: {name: '王'}}) → the parsed JSON body.
// Options: query, body (sent as JSON), ifMatch (a record version), signal,
// full (return {data, status, etag} instead of the body).
export async function request(method, path, opts = {}) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', signal: opts.signal };
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }
  if (WRITE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (opts.ifMatch !== undefined && opts.ifMatch !== null) headers['If-Match'] = `"${opts.ifMatch}"`;

  let res;
  try {
    res = await fetch(BASE + path + queryString(opts.query), init);
  } catch (e) {
    if (e?.name === 'AbortError') throw e;
    throw new ApiError(0, { code: 'network', message: String(e?.message || e) });
  }
  let data = null;
  const type = res.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      data = await res.json();
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data?.error || { message: res.statusText }, {
      retryAfter: res.headers.get('Retry-After'),
    });
    if (res.status === 401 && !opts.noAuthRedirect) listeners.unauthenticated.forEach((fn) => fn(err));
    if (res.status === 403 && err.code === 'password_change_required') {
      listeners.passwordChangeRequired.forEach((fn) => fn(err));
    }
    throw err;
  }
  if (opts.full) return { data, status: res.status, etag: res.headers.get('ETag') };
  return data;
}

export const get = (path, query, opts = {}) => request('GET', path, { ...opts, query });
export const post = (path, body, opts = {}) => request('POST', path, { ...opts, body });
export const patch = (path, body, opts = {}) => request('PATCH', path, { ...opts, body });
export const put = (path, body, opts = {}) => request('PUT', path, { ...opts, body });
export const del = (path, opts = {}) => request('DELETE', path, opts);

// Reads every page of a paged list, at most maxPages of pageSize (the
// registries are small; never used for residents, whose searches are audited).
export async function getAllPages(path, query = {}, { pageSize = 200, maxPages = 10 } = {}) {
  const items = [];
  for (let page = 1; page <= maxPages; page++) {
    const res = await get(path, { ...query, page, page_size: pageSize });
    items.push(...res.items);
    if (!res.has_more) return { items, complete: true };
  }
  return { items, complete: false };
}
