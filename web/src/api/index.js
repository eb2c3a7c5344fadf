// The /api/v1 resources the screens use, one function per call. Later phases
// (contracts, services, worklist, indicators) add their calls here.
import { get, post, patch, put, request, getAllPages } from './client.js';

export const auth = {
  login: (username, password) => post('/auth/login', { username, password }, { noAuthRedirect: true }),
  logout: () => post('/auth/logout', {}),
  me: () => get('/auth/me', undefined, { noAuthRedirect: true }),
  changePassword: (old_password, password) => post('/auth/password', { old_password, password }),
  tokens: () => get('/auth/tokens'),
  roles: () => get('/roles'),
};

export const residents = {
  search: (query) => get('/residents', query),
  get: (id) => get(`/residents/${encodeURIComponent(id)}`),
  byRecordNo: (no) => get(`/residents/by-record-no/${encodeURIComponent(no)}`),
  create: (body) => post('/residents', body),
  update: (id, changes, version) => patch(`/residents/${encodeURIComponent(id)}`, changes, { ifMatch: version }),
  breakGlass: (id, reason) => post(`/residents/${encodeURIComponent(id)}/break-glass`, { reason }),
};

export const households = {
  get: (id) => get(`/households/${encodeURIComponent(id)}`),
};

export const orgUnits = {
  roots: () => get('/org-units'),
  children: (parent) => get('/org-units', { parent }),
  under: (under, level) => get('/org-units', { under, level }),
  get: (code) => get(`/org-units/${encodeURIComponent(code)}`),
};

export const codeSets = {
  list: () => get('/code-sets'),
  get: (name) => get(`/code-sets/${encodeURIComponent(name)}`),
};

export const users = {
  list: (page, page_size) => get('/users', { page, page_size }),
  get: (id) => get(`/users/${encodeURIComponent(id)}`),
  create: (body) => post('/users', body),
  update: (id, changes, version) => patch(`/users/${encodeURIComponent(id)}`, changes, { ifMatch: version }),
  resetPassword: (id) => post(`/users/${encodeURIComponent(id)}/reset-password`, {}),
};

export const facilities = {
  list: (query) => get('/facilities', query),
  all: (query) => getAllPages('/facilities', query),
  get: (id) => get(`/facilities/${encodeURIComponent(id)}`),
};

export const teams = {
  list: (query) => get('/teams', query),
  all: (query) => getAllPages('/teams', query),
  get: (id) => get(`/teams/${encodeURIComponent(id)}`),
};

export const practitioners = {
  list: (query) => get('/practitioners', query),
  get: (id) => get(`/practitioners/${encodeURIComponent(id)}`),
};

export const audit = {
  search: (query) => get('/audit', query),
};

// ---- phase 2: the daily work (issue 4's API) ----------------------------

export const catalogue = {
  serviceItems: () => get('/service-items'),
  servicePackages: () => get('/service-packages'),
  followUpRules: () => get('/follow-up-rules'),
};

export const enrolments = {
  create: (body) => post('/enrolments', body),
  ofResident: (id) => get(`/residents/${encodeURIComponent(id)}/enrolments`),
  discharge: (id, body, version) => post(`/enrolments/${encodeURIComponent(id)}/discharge`, body, { ifMatch: version }),
  list: (query) => get('/enrolments', query),
};

export const contracts = {
  sign: (body) => post('/contracts', body),
  signHousehold: (body) => post('/contracts/household', body, { full: true }),
  get: (id) => get(`/contracts/${encodeURIComponent(id)}`),
  renew: (id, body) => post(`/contracts/${encodeURIComponent(id)}/renew`, body),
  terminate: (id, body, version) => post(`/contracts/${encodeURIComponent(id)}/terminate`, body, { ifMatch: version }),
  changeTeam: (id, body, version) => post(`/contracts/${encodeURIComponent(id)}/change-team`, body, { ifMatch: version }),
  ofResident: (id) => get(`/residents/${encodeURIComponent(id)}/contracts`),
  list: (query) => get('/contracts', query),
};

export const services = {
  record: (body) => post('/services', body),
  preview: (body, opts) => post('/services/preview', body, opts),
  void: (id, reason, version) => post(`/services/${encodeURIComponent(id)}/void`, { reason }, { ifMatch: version }),
  ofResident: (id) => get(`/residents/${encodeURIComponent(id)}/services`),
  schedule: (id) => get(`/residents/${encodeURIComponent(id)}/schedule`),
};

export const worklist = {
  get: (query, opts) => get('/worklist', query, opts),
};

export const workPoints = {
  get: (query) => get('/work-points', query),
};

export const fundRuns = {
  run: (body) => post('/fund-runs', body),
  list: (query) => get('/fund-runs', query),
  get: (id) => get(`/fund-runs/${encodeURIComponent(id)}`),
  csvUrl: (id) => `/api/v1/fund-runs/${encodeURIComponent(id)}?format=csv`,
};

// ---- phase 3: the figures (issue 5's API) --------------------------------

// A list of codes or periods in the analytics convention: "a;b;c".
const list = (v) => (Array.isArray(v) ? v.join(';') : v);

export const figures = {
  indicators: () => get('/indicators'),
  // {dx, ou, pe, ou_level, disagg} → {rows, today, took_us}
  analytics: (q, opts) => get('/analytics', { ...q, dx: list(q.dx), ou: list(q.ou), pe: list(q.pe) }, opts),
  analyticsCsvUrl: (q) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...q, dx: list(q.dx), ou: list(q.ou), pe: list(q.pe), format: 'csv' })) {
      if (v !== undefined && v !== null && v !== '') p.append(k, String(v));
    }
    return `/api/v1/analytics?${p}`;
  },
  targets: (ou, year) => get('/targets', { ou, year }),
  putTargets: (items) => put('/targets', { items }),
  populations: (code) => get(`/org-units/${encodeURIComponent(code)}/populations`),
  putPopulation: (code, year, population) => put(`/org-units/${encodeURIComponent(code)}/populations/${encodeURIComponent(year)}`, { population }),
};

// The monthly bulletin (月通报) and the annual summary as files; `kind` is
// bulletin or annual, `format` xlsx, html, csv or json.
export const reports = {
  url: (kind, ou, pe, format) => `/api/v1/reports/${kind}?${new URLSearchParams({ ou, pe, format })}`,
  // Whether the server has the report routes: null while unknown.
  probe: (ou, pe) => request('HEAD', `/reports/bulletin`, { query: { ou, pe, format: 'json' } }),
};
