// Code sets (GET /code-sets/{name}) and org-unit names (GET /org-units/{code}),
// each fetched once and kept for the page's life, so that a record shows
// 汉族 rather than 01 and 建设社区 rather than 140423100001.
import { reactive } from 'vue';
import { codeSets, orgUnits, facilities } from './api/index.js';
import { locale } from './i18n/index.js';

const sets = reactive({}); // name → {title, entries:[{code,name,name_en}]}
const setLoads = {};

export function loadCodeSet(name) {
  if (!setLoads[name]) {
    setLoads[name] = codeSets.get(name).then(
      (cs) => {
        sets[name] = cs;
        return cs;
      },
      (e) => {
        delete setLoads[name];
        throw e;
      },
    );
  }
  return setLoads[name];
}

export function codeEntries(name) {
  return sets[name]?.entries || [];
}

function entryLabel(e) {
  return locale.value === 'en' && e.name_en ? e.name_en : e.name;
}

// The name of `code` in set `name` (the code itself until the set is loaded
// or when it is not in the set).
export function codeName(name, code) {
  if (code === null || code === undefined || code === '') return '';
  if (!sets[name]) loadCodeSet(name).catch(() => {});
  const e = sets[name]?.entries.find((x) => x.code === code);
  return e ? entryLabel(e) : code;
}

export function codeOptions(name) {
  return codeEntries(name).map((e) => ({ value: e.code, label: `${entryLabel(e)}` }));
}

const units = reactive({}); // code → org unit
const unitLoads = {};

export function loadOrgUnit(code) {
  if (!code) return Promise.resolve(null);
  if (!unitLoads[code]) {
    unitLoads[code] = orgUnits.get(code).then(
      (u) => {
        units[code] = u;
        return u;
      },
      (e) => {
        delete unitLoads[code];
        throw e;
      },
    );
  }
  return unitLoads[code];
}

export function rememberOrgUnits(list) {
  for (const u of list) {
    units[u.code] = u;
    unitLoads[u.code] = unitLoads[u.code] || Promise.resolve(u);
  }
}

// "建设社区" (or the code until known); `withParent` gives "路社镇 建设社区".
export function orgUnitName(code, { withParent = false, load = true } = {}) {
  if (!code) return '';
  const u = units[code];
  if (!u) {
    if (load) loadOrgUnit(code).catch(() => {});
    return code;
  }
  if (withParent && u.path && u.path.length >= 2) {
    return `${u.path[u.path.length - 2].name} ${u.name}`;
  }
  return u.name;
}

export function orgUnit(code) {
  return units[code] || null;
}

// The villages (level 5) under each of `scope`'s org units, with their
// township, for village pickers: [{code, name, township}] sorted by code.
export async function villagesUnder(scope) {
  const seen = new Map();
  for (const code of scope || []) {
    const u = await loadOrgUnit(code);
    if (!u) continue;
    let list;
    if (u.level === 5) list = [u];
    else if (u.level < 5) list = (await orgUnits.under(code, 5)).items;
    else list = [];
    rememberOrgUnits(list);
    for (const v of list) {
      if (v.status !== 'active') continue;
      const township = v.path && v.path.length >= 2 ? v.path[v.path.length - 2] : null;
      seen.set(v.code, { code: v.code, name: v.name, township: township?.name || '', townshipCode: township?.code || '' });
    }
  }
  return [...seen.values()].sort((a, b) => a.code.localeCompare(b.code));
}

const facilityCache = reactive({}); // id → facility
const facilityLoads = {};

// A facility's name by id (fetched once), for lists that carry only facility_id.
export function facilityName(id) {
  if (!id) return '';
  const f = facilityCache[id];
  if (f) return f.name;
  if (!facilityLoads[id]) {
    facilityLoads[id] = facilities
      .get(id)
      .then((x) => (facilityCache[id] = x))
      .catch(() => {
        delete facilityLoads[id];
      });
  }
  return `#${id}`;
}

export function rememberFacilities(list) {
  for (const f of list) facilityCache[f.id] = f;
}

// The API's Chinese name of a code (team_role_name, type_name, …) in
// Chinese; the code set's English name in English.
export function localName(set, code, nameZh) {
  if (locale.value === 'zh-CN' && nameZh) return nameZh;
  return codeName(set, code) || nameZh || code;
}
