// Routes. Every screen is its own lazily loaded chunk. `meta.perm` is the
// permission a screen needs (any of a list), `meta.nav` puts it in the menu
// (group, order, icon, whether it is in the phone's bottom bar, and `perm`
// when the menu entry asks more than the screen). `meta.focus` marks a task
// screen (a form) that gets the whole phone screen, without the bottom
// navigation. The shell builds its menus from this list.
import { createRouter, createWebHistory } from 'vue-router';
import { session, loadSession, canAny } from '../session.js';

export const NAV_GROUPS = [
  { key: 'work', titleKey: 'nav.group.work' },
  { key: 'figures', titleKey: 'nav.group.figures' },
  { key: 'registry', titleKey: 'nav.group.registry' },
  { key: 'system', titleKey: 'nav.group.system' },
];

const routes = [
  { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { public: true, bare: true, titleKey: 'login.title' } },
  { path: '/password', name: 'password', component: () => import('../views/PasswordView.vue'), meta: { titleKey: 'password.title', allowDuringPasswordChange: true } },
  { path: '/', name: 'home', component: () => import('../views/home/HomeView.vue'), meta: { titleKey: 'nav.home', nav: { group: 'work', order: 0, icon: 'HomeFilled', phone: true } } },
  { path: '/worklist', name: 'worklist', component: () => import('../views/work/WorklistView.vue'), meta: { perm: 'resident.read', titleKey: 'nav.worklist', nav: { group: 'work', order: 5, icon: 'Calendar', phone: true, perm: 'resident.write' } } },
  { path: '/residents', name: 'residents', component: () => import('../views/residents/ResidentSearch.vue'), meta: { perm: 'resident.read', titleKey: 'nav.residents', nav: { group: 'work', order: 10, icon: 'Search', phone: true } } },
  { path: '/residents/new', name: 'resident-new', component: () => import('../views/residents/ResidentForm.vue'), meta: { perm: 'resident.write', titleKey: 'nav.residentNew', nav: { group: 'work', order: 20, icon: 'Plus', phone: true } } },
  { path: '/residents/:id(\\d+)', name: 'resident', component: () => import('../views/residents/ResidentRecord.vue'), props: true, meta: { perm: 'resident.read', titleKey: 'record.title' } },
  { path: '/residents/:id(\\d+)/edit', name: 'resident-edit', component: () => import('../views/residents/ResidentForm.vue'), props: true, meta: { perm: 'resident.write', titleKey: 'form.editTitle' } },
  { path: '/residents/:id(\\d+)/services/new', name: 'service-new', component: () => import('../views/services/ServiceForm.vue'), props: true, meta: { perm: 'resident.write', titleKey: 'service.title', focus: true } },
  { path: '/contracts', name: 'contracts', component: () => import('../views/contracts/ContractList.vue'), meta: { perm: 'resident.write', titleKey: 'nav.contracts', nav: { group: 'work', order: 25, icon: 'Document' } } },
  { path: '/contracts/new', name: 'contract-new', component: () => import('../views/contracts/ContractSign.vue'), meta: { perm: 'resident.write', titleKey: 'contract.signTitle', focus: true } },
  { path: '/contracts/household', name: 'contract-household', component: () => import('../views/contracts/HouseholdSign.vue'), meta: { perm: 'resident.write', titleKey: 'contract.householdTitle', focus: true } },
  { path: '/contracts/:id(\\d+)', name: 'contract', component: () => import('../views/contracts/ContractDetail.vue'), props: true, meta: { perm: 'resident.read', titleKey: 'contract.detailTitle' } },
  { path: '/work-points', name: 'work-points', component: () => import('../views/workpoints/WorkPoints.vue'), meta: { perm: 'workpoint.read', titleKey: 'nav.workPoints', nav: { group: 'work', order: 40, icon: 'Histogram' } } },
  { path: '/fund-runs', name: 'fund-runs', component: () => import('../views/workpoints/FundRuns.vue'), meta: { perm: 'fund.manage', titleKey: 'nav.fundRuns', nav: { group: 'work', order: 45, icon: 'Money' } } },
  { path: '/fund-runs/:id(\\d+)', name: 'fund-run', component: () => import('../views/workpoints/FundRunDetail.vue'), props: true, meta: { perm: 'workpoint.read', titleKey: 'fund.title' } },
  { path: '/dashboard', name: 'dashboard', component: () => import('../views/figures/DashboardView.vue'), meta: { perm: 'indicator.read', titleKey: 'nav.dashboard', nav: { group: 'figures', order: 10, icon: 'DataAnalysis' } } },
  { path: '/indicators/:id([a-z0-9_]+)', name: 'indicator', component: () => import('../views/figures/IndicatorDetail.vue'), props: true, meta: { perm: 'indicator.read', titleKey: 'nav.indicator' } },
  { path: '/targets', name: 'targets', component: () => import('../views/figures/TargetsAdmin.vue'), meta: { perm: 'target.manage', titleKey: 'nav.targets', nav: { group: 'figures', order: 20, icon: 'Aim' } } },
  { path: '/households/:id(\\d+)', name: 'household', component: () => import('../views/residents/HouseholdView.vue'), props: true, meta: { perm: 'resident.read', titleKey: 'household.title' } },
  { path: '/audit', name: 'audit', component: () => import('../views/AuditLog.vue'), meta: { perm: 'audit.read', titleKey: 'nav.audit', nav: { group: 'work', order: 30, icon: 'Tickets' } } },
  { path: '/admin/users', name: 'users', component: () => import('../views/admin/UserList.vue'), meta: { perm: 'user.manage', titleKey: 'nav.users', nav: { group: 'system', order: 10, icon: 'UserFilled' } } },
  { path: '/admin/users/new', name: 'user-new', component: () => import('../views/admin/UserForm.vue'), meta: { perm: 'user.manage', titleKey: 'users.newTitle' } },
  { path: '/admin/users/:id(\\d+)', name: 'user', component: () => import('../views/admin/UserForm.vue'), props: true, meta: { perm: 'user.manage', titleKey: 'users.editTitle' } },
  { path: '/admin/org-units', name: 'org-units', component: () => import('../views/admin/OrgUnitTree.vue'), meta: { perm: 'registry.read', titleKey: 'nav.orgUnits', nav: { group: 'registry', order: 10, icon: 'Share' } } },
  { path: '/admin/facilities', name: 'facilities', component: () => import('../views/admin/FacilityList.vue'), meta: { perm: 'registry.read', titleKey: 'nav.facilities', nav: { group: 'registry', order: 20, icon: 'OfficeBuilding' } } },
  { path: '/admin/facilities/:id(\\d+)', name: 'facility', component: () => import('../views/admin/FacilityDetail.vue'), props: true, meta: { perm: 'registry.read', titleKey: 'facilities.detailTitle' } },
  { path: '/admin/teams', name: 'teams', component: () => import('../views/admin/TeamList.vue'), meta: { perm: 'registry.read', titleKey: 'nav.teams', nav: { group: 'registry', order: 30, icon: 'Avatar' } } },
  { path: '/admin/teams/:id(\\d+)', name: 'team', component: () => import('../views/admin/TeamDetail.vue'), props: true, meta: { perm: 'registry.read', titleKey: 'teams.detailTitle' } },
  { path: '/admin/practitioners', name: 'practitioners', component: () => import('../views/admin/PractitionerList.vue'), meta: { perm: 'registry.read', titleKey: 'nav.practitioners', nav: { group: 'registry', order: 40, icon: 'User' } } },
  { path: '/admin/practitioners/:id(\\d+)', name: 'practitioner', component: () => import('../views/admin/PractitionerDetail.vue'), props: true, meta: { perm: 'registry.read', titleKey: 'practitioners.detailTitle' } },
  { path: '/forbidden', name: 'forbidden', component: () => import('../views/ForbiddenView.vue'), meta: { titleKey: 'forbidden.title' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue'), meta: { titleKey: 'notFound.title' } },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior(to, from, saved) {
    return saved || { top: 0 };
  },
});

router.beforeEach(async (to) => {
  if (!session.loaded) {
    try {
      await loadSession();
    } catch {
      // The server could not be reached: the login page says so.
      if (!to.meta.public) return { name: 'login', query: { next: to.fullPath } };
    }
  }
  if (to.meta.public) {
    if (to.name === 'login' && session.me) return { path: safeNext(to.query.next) };
    return true;
  }
  if (!session.me) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  if (session.me.must_change_password && !to.meta.allowDuringPasswordChange) {
    return { name: 'password', query: { next: to.fullPath } };
  }
  // A screen the role does not grant: say so, rather than let its API calls fail.
  const perm = to.meta.perm;
  if (perm && !canAny(Array.isArray(perm) ? perm : [perm])) return { name: 'forbidden' };
  return true;
});

// Only paths inside the app: never an absolute URL from the query string.
export function safeNext(next) {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) return '/';
  return next;
}

export function navRoutes() {
  return routes.filter((r) => r.meta?.nav);
}
