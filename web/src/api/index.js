// The /api/v1 resources the screens use, one function per call. Later phases
// (contracts, services, worklist, indicators) add their calls here.
import { get, post, patch, getAllPages } from './client.js';

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
