import { t, tOr, locale } from '../i18n/index.js';

// The role's name in the current language (the API's Chinese name, or the
// code, for a role this app does not know).
export function roleLabelOf(user) {
  if (!user) return '';
  return tOr('roles.' + user.role, user.role_name || user.role);
}

export function roleLabel(code, nameZh) {
  return tOr('roles.' + code, nameZh || code);
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
