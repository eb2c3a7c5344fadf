// What to tell the user about a failed request: a title, what to do next,
// and the API's own words (for support), in the current language.
import { t, reason } from '../i18n/index.js';

export function describeError(err, context = {}) {
  if (!err) return null;
  const status = err.status ?? -1;
  const code = err.code || '';
  const apiText = err.message || '';
  let key;
  if (status === 0) key = 'network';
  else if (status === 401) key = code === 'unauthenticated' && context.login ? 'badLogin' : 'expired';
  else if (status === 403 && code === 'csrf_failed') key = 'csrf';
  else if (status === 403) key = 'forbidden';
  else if (status === 404) key = 'notFound';
  else if (status === 409) key = 'conflict';
  else if (status === 412) key = 'stale';
  else if (status === 429) key = 'tooMany';
  else if (status === 400) key = 'invalid';
  else if (status >= 500) key = 'server';
  else key = 'unknown';
  const params = { seconds: err.retryAfter || '60', status };
  return {
    key,
    title: t(`errors.${key}.title`, params),
    hint: t(`errors.${key}.hint`, params),
    detail: apiText,
    fields: (err.fields || []).map((f) => ({ field: f.field, reason: reason(f.reason) })),
  };
}
