import { t, tOr, locale } from '../i18n/index.js';
import { session } from '../session.js';

// A role's name in the current language, from GET /roles (roles are data:
// a site's own roles file names its own roles); until that has loaded, the
// app's own names, then the API's Chinese name or the code.
export function roleLabel(code, nameZh) {
  const r = session.roles[code];
  if (r) return locale.value === 'en' ? r.name_en || r.name_zh : r.name_zh || r.name_en;
  return tOr('roles.' + code, nameZh || code);
}

export function roleLabelOf(user) {
  if (!user) return '';
  return roleLabel(user.role, user.role_name);
}

// "2026-12-03T16:02:32+08:00" → "2026-12-03 16:02" (China time as sent).
export function dateTime(iso) {
  if (!iso) return '';
  if (typeof iso === 'number') {
    const d = new Date(iso * 1000);
    return d.toLocaleString(locale.value === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
  }
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

export function yesNo(v) {
  return v ? t('common.yes') : t('common.no');
}
