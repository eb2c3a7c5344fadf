// The catalogue of the daily work, fetched once per page life: service items
// (with their form fields), service packages, the follow-up rules; and the
// family-doctor teams with their members, so contracts and services can show
// 路社镇卫生院第一家庭医生团队 · 郑玲 rather than team 1 · doctor 281.
import { reactive } from 'vue';
import { catalogue, teams as teamsApi, practitioners as practitionersApi } from './api/index.js';
import { locale } from './i18n/index.js';
import { session } from './session.js';
import { villagesUnder } from './codes.js';
import { daysBetween } from './util/days.js';

const state = reactive({ items: [], packages: [], rules: null, teams: {}, practitioners: {} });
let itemsLoad = null;
let packagesLoad = null;
let rulesLoad = null;

function once(getter, apply, reset) {
  return getter().then(apply, (e) => {
    reset();
    throw e;
  });
}

export function loadServiceItems() {
  if (!itemsLoad) itemsLoad = once(catalogue.serviceItems, (r) => (state.items = r.items), () => (itemsLoad = null));
  return itemsLoad.then(() => state.items);
}

export function loadPackages() {
  if (!packagesLoad) packagesLoad = once(catalogue.servicePackages, (r) => (state.packages = r.items), () => (packagesLoad = null));
  return packagesLoad.then(() => state.packages);
}

export function loadRules() {
  if (!rulesLoad) rulesLoad = once(catalogue.followUpRules, (r) => (state.rules = r), () => (rulesLoad = null));
  return rulesLoad.then(() => state.rules);
}

export function serviceItem(code) {
  return state.items.find((i) => i.code === code) || null;
}

export function serviceItems() {
  return state.items;
}

export function packages() {
  return state.packages;
}

export function packageOf(code) {
  return state.packages.find((p) => p.code === code) || null;
}

export function rules() {
  return state.rules;
}

// A service item's name in the current language.
export function serviceName(code, fallback) {
  const it = serviceItem(code);
  if (!it) return fallback || code;
  return locale.value === 'en' && it.name_en ? it.name_en : it.name;
}

export function packageName(code, fallback) {
  const p = packageOf(code);
  if (!p) return fallback || code;
  return locale.value === 'en' && p.name_en ? p.name_en : p.name;
}

// ---- teams and practitioners ---------------------------------------------

let teamsLoad = null;

// Every family-doctor team (a county has dozens), with members.
export function loadTeams() {
  if (!teamsLoad) {
    teamsLoad = teamsApi.all({}).then(
      (res) => {
        for (const tm of res.items) {
          state.teams[tm.id] = tm;
          for (const m of tm.members || []) {
            if (!state.practitioners[m.practitioner_id]) state.practitioners[m.practitioner_id] = { id: m.practitioner_id, name: m.name };
          }
        }
        return res.items;
      },
      (e) => {
        teamsLoad = null;
        throw e;
      },
    );
  }
  return teamsLoad;
}

export function team(id) {
  return state.teams[id] || null;
}

export function teamName(id) {
  if (!id) return '';
  if (!state.teams[id]) loadTeams().catch(() => {});
  return state.teams[id]?.name || `#${id}`;
}

// The teams serving village `code`.
export function teamsOfVillage(code) {
  return Object.values(state.teams).filter((tm) => tm.status !== 'inactive' && (tm.village_codes || []).includes(code));
}

// The teams practitioner `id` is an active member of.
export function teamsOfPractitioner(id) {
  if (!id) return [];
  return Object.values(state.teams).filter((tm) => (tm.members || []).some((m) => m.practitioner_id === id && m.status === 'active'));
}

// The teams a user works with: their own (a practitioner's), else those
// serving a village in their view scope.
export async function teamsInScope() {
  const all = await loadTeams();
  const mine = teamsOfPractitioner(session.me?.practitioner_id);
  if (mine.length) return mine;
  const villages = await villagesUnder(session.me?.view_scope || []);
  const codes = new Set(villages.map((v) => v.code));
  return all.filter((tm) => (tm.village_codes || []).some((c) => codes.has(c)));
}

const practitionerLoads = {};

export function practitionerName(id) {
  if (!id) return '';
  const p = state.practitioners[id];
  if (p) return p.name;
  if (!practitionerLoads[id]) {
    practitionerLoads[id] = practitionersApi
      .get(id)
      .then((x) => (state.practitioners[id] = x))
      .catch(() => {
        delete practitionerLoads[id];
      });
  }
  return `#${id}`;
}

export function rememberPractitioners(list) {
  for (const p of list) state.practitioners[p.id] = p;
}

// The logged-in user's practitioner, when the account is linked to one.
export function myPractitionerId() {
  return session.me?.practitioner_id || null;
}

// ---- who may receive what --------------------------------------------------

// Age in whole years on `on` (ISO dates).
export function ageOn(birth, on) {
  if (!birth || !on) return null;
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

export { daysBetween, renewalOpen } from './util/days.js';

// Why resident `r` (with `openPrograms`, a Set of program codes) cannot
// receive service item `it` on `on`, as an i18n key and params; null when
// they can. Mirrors the catalogue's sex, age and program conditions.
export function ineligibility(it, r, openPrograms, on) {
  if (!it || !r) return null;
  if (it.sex && r.sex !== it.sex) return { key: 'service.notFor.sex' };
  const age = ageOn(r.birth_date, on);
  if (it.min_age_years != null && age < it.min_age_years) return { key: 'service.notFor.minAge', params: { n: it.min_age_years } };
  if (it.max_age_years != null && age >= it.max_age_years) return { key: 'service.notFor.maxAge', params: { n: it.max_age_years } };
  if (it.max_age_days != null && daysBetween(r.birth_date, on) > it.max_age_days) return { key: 'service.notFor.maxDays', params: { n: it.max_age_days } };
  if (it.program && !openPrograms.has(it.program)) return { key: 'service.notFor.program', params: { program: it.program } };
  return null;
}

// Whether resident `r` belongs to a package's population (packages.json `for`).
export function inPopulation(population, r, openPrograms, on) {
  if (!population) return true;
  const age = ageOn(r.birth_date, on);
  if (population === 'elderly') return age >= 65;
  if (population === 'children') return age < 7;
  return openPrograms.has(population === 'pregnant' ? 'pregnancy' : population);
}

// Today in the county (China time, UTC+8, as the server counts it), YYYY-MM-DD.
export function todayIso() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

export function addDaysIso(iso, n) {
  const d = new Date(Date.parse(iso + 'T00:00:00Z') + n * 86400000);
  return d.toISOString().slice(0, 10);
}

// The schedule's labels are Chinese (data/rules/followup.json); in English,
// the common ones are put into words here.
const LABELS_EN = [
  [/^(\d+)岁$/, (m) => `age ${m[1]}`],
  [/^(\d+)月龄$/, (m) => `${m[1]} months`],
  [/^孕(\d+)-(\d+)周$/, (m) => `weeks ${m[1]}–${m[2]}`],
  [/^满月$/, () => '1 month'],
  [/^新生儿家庭访视$/, () => 'newborn home visit'],
  [/^孕早期建册$/, () => 'first prenatal visit'],
  [/^产后访视$/, () => 'postpartum home visit'],
  [/^产后42天检查$/, () => '42-day postpartum check'],
  [/^高血压随访$/, () => 'hypertension follow-up'],
  [/^糖尿病随访$/, () => 'diabetes follow-up'],
  [/^严重精神障碍随访$/, () => 'mental disorder follow-up'],
  [/^肺结核首次入户随访$/, () => 'first TB home visit'],
  [/^肺结核督导随访$/, () => 'TB supervised follow-up'],
  [/^老年人年度体检$/, () => 'elderly annual check'],
];

export function dueLabel(label) {
  if (locale.value !== 'en' || !label) return label;
  for (const [re, fn] of LABELS_EN) {
    const m = re.exec(label);
    if (m) return fn(m);
  }
  return label;
}
