// The figures (issue 5): indicator definitions fetched once, analytics rows
// indexed, numbers in the indicator's own format, periods, and the child org
// units of a unit (cached), shared by the dashboard, the indicator detail and
// the targets screen.
import { reactive } from 'vue';
import { figures as api, orgUnits, reports as reportsApi } from './api/index.js';
import { rememberOrgUnits, loadOrgUnit } from './codes.js';
import { locale, t, tOr } from './i18n/index.js';
import { todayIso } from './care.js';

// The order the groups appear in (the `group` of each indicator).
export const GROUPS = ['records', 'contracts', 'chronic', 'elderly', 'maternal_child', 'work'];

const catalogue = reactive({ indicators: [], elements: [], version: '', loaded: false });
let loading = null;

// GET /indicators once: [{id, name, name_en, numerator, denominator, factor,
// unit, decimals, definition, group, disaggregations}].
export function loadIndicators() {
  if (!loading) {
    loading = api.indicators().then(
      (res) => {
        catalogue.indicators = res.indicators;
        catalogue.elements = res.elements;
        catalogue.version = res.version;
        catalogue.loaded = true;
        return catalogue;
      },
      (e) => {
        loading = null;
        throw e;
      },
    );
  }
  return loading;
}

export function indicators() {
  return catalogue.indicators;
}

export function indicator(id) {
  return catalogue.indicators.find((i) => i.id === id) || null;
}

export function indicatorName(inOrId) {
  const i = typeof inOrId === 'string' ? indicator(inOrId) : inOrId;
  if (!i) return String(inOrId || '');
  return locale.value === 'en' && i.name_en ? i.name_en : i.name;
}

export function elementName(id) {
  const e = catalogue.elements.find((x) => x.id === id);
  return e ? e.name : id;
}

// Whether an indicator counts what happened in a period (a flow: services,
// new records) rather than a state at its end (a stock: records, patients
// managed), by its numerator's data element.
export function isFlow(i) {
  const e = catalogue.elements.find((x) => x.id === i?.numerator);
  return !!e?.flow;
}

export function isRate(i) {
  return !!i && i.denominator != null;
}

// The services by category (服务人次 of each kind) show as one list.
export function isServiceCategory(i) {
  return !!i && i.group === 'work' && /^services_/.test(i.id);
}

// "高血压患者健康管理服务人次" → "高血压患者健康管理"; "Services: diabetes" → "diabetes".
export function serviceCategoryName(i) {
  const name = indicatorName(i);
  return name.replace(/^Services:\s*/, '').replace(/(服务)?人次$/, '');
}

export function groupName(g) {
  return t('fig.groups.' + g);
}

function numberLocale() {
  return locale.value === 'en' ? 'en' : 'zh-CN';
}

// 2969 → "2,969"; 97.0578 with 1 decimal → "97.1".
export function fmtNumber(v, decimals = 0) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return Number(v).toLocaleString(numberLocale(), { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

// A value with its unit: "97.1%", "2,969 人" (the unit apart in `unitOf`).
export function fmtValue(i, v) {
  if (v === null || v === undefined) return '—';
  return fmtNumber(v, i?.decimals ?? 0);
}

// The unit as shown after a value ("%" sticks to the number, others after a
// space); the API's Chinese unit, in English from the i18n.
export function unitOf(i) {
  if (!i) return '';
  if (['%', '‰'].includes(i.unit)) return i.unit;
  return tOr('fig.units.' + i.unit, i.unit);
}

export function withUnit(i, v) {
  if (v === null || v === undefined) return '—';
  const u = unitOf(i);
  return ['%', '‰'].includes(u) ? `${fmtValue(i, v)}${u}` : `${fmtValue(i, v)} ${u}`;
}

// 同比: "+2.2 个百分点" for rates, "+12.3%" for counts; '' when there is none.
export function fmtChange(row) {
  if (!row || row.change === null || row.change === undefined) return '';
  const sign = row.change > 0 ? '+' : row.change < 0 ? '−' : '±';
  const abs = fmtNumber(Math.abs(row.change), 1);
  return row.change_kind === 'points' ? t('fig.points', { v: sign + abs }) : `${sign}${abs}%`;
}

// up / down / flat, for the colour (every indicator here is better higher).
export function changeClass(row) {
  if (!row || row.change === null || row.change === undefined) return '';
  if (Math.abs(row.change) < 0.05) return 'flat';
  return row.change > 0 ? 'up' : 'down';
}

// A completion or progress (already in %): "102.2%".
export function fmtPercent(v) {
  if (v === null || v === undefined) return '—';
  return `${fmtNumber(v, 1)}%`;
}

// success ≥ 100, warning ≥ 85, danger below.
export function progressStatus(p) {
  if (p === null || p === undefined) return '';
  if (p >= 100) return 'success';
  if (p >= 85) return 'warning';
  return 'exception';
}

// Category codes of a breakdown: sex 1/2, age groups "0-6", "7-17"…
export function categoryLabel(disagg, code) {
  if (disagg === 'sex') return t('fig.sex.' + code);
  return t('fig.ageGroup', { g: code.replace('-', '–') });
}

// ---- periods ----------------------------------------------------------

export function thisYear() {
  return Number(todayIso().slice(0, 4));
}

// The year a period belongs to: 2026, 2026Q3, 202611, 2026-01-01..2026-06-30.
export function periodYear(pe) {
  const m = /^(\d{4})/.exec(pe || '');
  return m ? Number(m[1]) : thisYear();
}

export function monthsOf(year) {
  return Array.from({ length: 12 }, (_, i) => `${year}${String(i + 1).padStart(2, '0')}`);
}

// How a period reads: 2026年, 2026年第3季度, 2026年11月, 2026-01-01 至 2026-06-30.
export function periodLabel(pe) {
  let m;
  if ((m = /^(\d{4})$/.exec(pe))) return t('period.yearN', { y: m[1] });
  if ((m = /^(\d{4})Q([1-4])$/.exec(pe))) return `${t('period.yearN', { y: m[1] })}${t('period.quarterN', { q: m[2] })}`;
  if ((m = /^(\d{4})(\d{2})$/.exec(pe))) return t('fig.yearMonth', { y: m[1], m: Number(m[2]) });
  if ((m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(pe))) return t('fig.range', { from: m[1], to: m[2] });
  return pe;
}

// The month a bulletin of `pe` is about: the month itself; otherwise the
// period's last month that has ended (or its last month when it is past).
export function bulletinMonth(pe) {
  const today = todayIso();
  const current = today.slice(0, 4) + today.slice(5, 7);
  let m;
  if ((m = /^(\d{4})(\d{2})$/.exec(pe))) return pe;
  let last;
  if ((m = /^(\d{4})$/.exec(pe))) last = `${m[1]}12`;
  else if ((m = /^(\d{4})Q([1-4])$/.exec(pe))) last = `${m[1]}${String(Number(m[2]) * 3).padStart(2, '0')}`;
  else if ((m = /^\d{4}-\d{2}-\d{2}\.\.(\d{4})-(\d{2})-\d{2}$/.exec(pe))) last = `${m[1]}${m[2]}`;
  else last = current;
  if (last < current) return last;
  // The current month has not ended: the one before it.
  const y = Number(current.slice(0, 4));
  const mo = Number(current.slice(4));
  return mo === 1 ? `${y - 1}12` : `${y}${String(mo - 1).padStart(2, '0')}`;
}

// ---- org units -----------------------------------------------------------

const childLoads = {};

// The active child org units of `code` (cached), sorted by code.
export function childrenOf(code) {
  if (!childLoads[code]) {
    childLoads[code] = orgUnits.children(code).then(
      (res) => {
        rememberOrgUnits(res.items);
        return res.items.filter((u) => u.status === 'active').sort((a, b) => a.code.localeCompare(b.code));
      },
      (e) => {
        delete childLoads[code];
        throw e;
      },
    );
  }
  return childLoads[code];
}

// A unit and its children: {unit, children}.
export async function unitAndChildren(code) {
  const [unit, children] = await Promise.all([loadOrgUnit(code), childrenOf(code)]);
  return { unit, children: unit && unit.level < 5 ? children : [] };
}

// Whether `code` is one of the user's scope units or below one of them.
export function inScope(me, unit) {
  if (!unit) return false;
  const scope = me?.view_scope || [];
  return (unit.path || [{ code: unit.code }]).some((p) => scope.includes(p.code));
}

// Rows by key: `${dx}|${ou}|${pe}` (total rows only, not breakdowns).
export function indexRows(rows) {
  const m = new Map();
  for (const r of rows || []) if (!r.category) m.set(`${r.dx}|${r.ou}|${r.pe}`, r);
  return m;
}

// ---- reports ---------------------------------------------------------------

// Whether the server has the report routes (月通报, annual summary): null
// until asked, then true or false. Asked once per page life (HEAD, for the
// user's own unit and last month): a 404 means the route is not there; any
// other answer (even an error about the parameters) means it is.
export const reportRoutes = reactive({ available: null });
let probing = null;

export function probeReports(ou, pe) {
  if (!probing && ou) {
    probing = reportsApi.probe(ou, bulletinMonth(pe)).then(
      () => (reportRoutes.available = true),
      (e) => {
        if (e.status === 0) {
          probing = null; // offline: ask again later
          return;
        }
        // A HEAD answer has no body to read; the unit and month are the
        // user's own, so a 404 can only mean there is no such route.
        reportRoutes.available = e.status !== 404;
      },
    );
  }
  return probing;
}
