// A small i18n: Chinese first (zh-CN), English on request. t('a.b', {n: 1})
// looks the key up in the current locale, then in zh-CN, and fills {n}.
// The locale is reactive, so templates re-render when it changes. Chinese
// is in the first download; English is fetched when first chosen.
import { ref, computed, shallowReactive } from 'vue';
import zhCN from './zh-CN.js';
import { translateReason } from './reasons.js';

const MESSAGES = shallowReactive({ 'zh-CN': zhCN });
const LOADERS = { en: () => import('./en.js') };
export const LOCALES = [
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
];
const KEY = 'yilian.locale';
const KNOWN = new Set(LOCALES.map((l) => l.code));

function saved() {
  try {
    const code = localStorage.getItem(KEY);
    if (code && KNOWN.has(code)) return code;
  } catch {
    /* storage unavailable: private mode */
  }
  return 'zh-CN';
}

export const locale = ref('zh-CN');
document.documentElement.lang = locale.value;

export async function setLocale(code) {
  if (!KNOWN.has(code)) return;
  if (!MESSAGES[code]) {
    try {
      MESSAGES[code] = (await LOADERS[code]()).default;
    } catch {
      return; // offline: stay in the current language
    }
  }
  locale.value = code;
  document.documentElement.lang = code;
  try {
    localStorage.setItem(KEY, code);
  } catch {
    /* ignore */
  }
}

// The language chosen last time; Chinese until its catalogue has arrived.
if (saved() !== 'zh-CN') setLocale(saved());

function lookup(messages, key) {
  let v = messages;
  for (const part of key.split('.')) {
    if (v == null || typeof v !== 'object') return undefined;
    v = v[part];
  }
  return typeof v === 'string' ? v : undefined;
}

export function t(key, params) {
  const msg = lookup(MESSAGES[locale.value], key) ?? lookup(zhCN, key) ?? key;
  if (!params) return msg;
  return msg.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

// t() when the key may not exist: returns `fallback` instead of the key.
export function tOr(key, fallback, params) {
  const has = lookup(MESSAGES[locale.value], key) ?? lookup(zhCN, key);
  return has === undefined ? fallback : t(key, params);
}

export const isZh = computed(() => locale.value === 'zh-CN');

// The API's field reason ("bad check character '4', expected '7'") in the
// current language; the API's own text when no translation is known.
export function reason(text) {
  return locale.value === 'zh-CN' ? translateReason(text) : text;
}

export default {
  install(app) {
    app.config.globalProperties.$t = t;
    app.config.globalProperties.$reason = reason;
  },
};
