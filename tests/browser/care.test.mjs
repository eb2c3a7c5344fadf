// Browser tests of the daily work (issue 6, phase 2) against a real
// `yilian serve --demo`, whose demo county has a year of enrolments,
// contracts and services:
//   cd web && node --test ../tests/browser/care.test.mjs
// The worklist and a follow-up recorded from it, the form's field errors,
// signing a contract, the health record's care cards and trend chart, work
// points and a fund-run dry run. Screenshots at 1366×768 and 360×740 go to
// build/browser-screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, screenshot, apiSession, horizontalOverflow, DESKTOP, PHONE } from './harness.mjs';

let server;
let chrome;
let village; // demo.village's API session (a village doctor, practitioner 郑玲)
let today;

before(async () => {
  server = await startServer();
  chrome = await launchBrowser();
  village = await apiSession(server.url, 'demo.village');
  today = (await village.get('/worklist?page_size=1')).on;
});

after(async () => {
  await chrome?.close();
  await server?.stop();
});

async function withPage(viewport, fn) {
  const { context, page, errors } = await newPage(chrome.browser, server.url, viewport);
  try {
    await fn(page);
    assert.deepEqual(errors, [], 'no errors in the page console');
  } finally {
    await context.close();
  }
}

async function loggedIn(page, user = 'demo.village') {
  await login(page, user);
  await page.waitForURL((u) => u.pathname === '/');
}

function addDays(iso, n) {
  return new Date(Date.parse(iso + 'T00:00:00Z') + n * 86400000).toISOString().slice(0, 10);
}

// A resident of the village doctor's worklist with a hypertension follow-up
// due or overdue.
async function hypertensionDue() {
  const pid = village.me.practitioner_id;
  const wl = await village.get(`/worklist?practitioner_id=${pid}&kind=hypertension&status=open&page_size=200`);
  assert.ok(wl.items.length, 'the demo village has hypertension follow-ups due');
  return wl.items.find((r) => !r.alerts.length) || wl.items[0];
}

const row = (page, residentId, kind) => page.locator(`[data-testid="wl-row"][data-resident="${residentId}"][data-kind="${kind}"]`);

test('a hypertension follow-up recorded from the worklist takes the resident off the due list', async () => {
  const due = await hypertensionDue();
  await withPage(DESKTOP, async (page) => {
    await loggedIn(page);
    // The village doctor's home starts with the worklist.
    await page.getByTestId('home-worklist').getByTestId('wl-row').first().waitFor();
    await page.goto('/worklist?kind=hypertension');
    await row(page, due.resident_id, 'hypertension').waitFor();
    await screenshot(page, 'worklist-desktop');
    await row(page, due.resident_id, 'hypertension').getByTestId('wl-record').click();

    // The form, with the service preselected and today, 门诊, dual card, me.
    await page.getByTestId('ff-sbp').waitFor();
    assert.match(await page.getByTestId('sf-service').textContent(), /高血压患者随访/);
    assert.equal(await page.locator('#sf-date').inputValue(), today);
    assert.match(await page.getByTestId('sf-practitioner').textContent(), /（我）/);
    await page.getByTestId('ff-sbp').fill('132');
    await page.getByTestId('ff-dbp').fill('82');
    await page.getByTestId('ff-weight_kg').fill('66.5');
    // The classification follows the readings; the rules' next visit shows live.
    const cls = page.getByTestId('ff-classification');
    await cls.locator('[data-code="1"].is-active').waitFor();
    await page.getByTestId('sf-next-date').waitFor();
    const next = (await page.getByTestId('sf-next-date').textContent()).trim();
    assert.equal(next, addDays(today, 90), 'a controlled reading: next routine visit in 90 days');
    assert.match(await page.locator('[data-field="next_visit_date"]').textContent(), new RegExp(`规则建议 ${next}`));
    await screenshot(page, 'service-form-desktop');

    await page.getByTestId('sf-submit').click();
    await page.getByTestId('saved-banner').waitFor();
    assert.equal(new URL(page.url()).pathname, '/worklist');
    assert.equal(new URL(page.url()).searchParams.get('kind'), 'hypertension', 'back to the same filters');
    const banner = await page.getByTestId('saved-banner').textContent();
    assert.ok(banner.includes(due.name) && banner.includes(next), banner);
    await page.getByTestId('wl-items').waitFor();
    assert.equal(await row(page, due.resident_id, 'hypertension').count(), 0, 'no longer due');
    await screenshot(page, 'worklist-after-save-desktop', { fullPage: false });
  });
  const after = await village.get(`/residents/${due.resident_id}/schedule`);
  const htn = after.items.find((i) => i.kind === 'hypertension');
  assert.equal(htn.status, 'upcoming');
});

test('an impossible systolic pressure and 控制满意 above 140/90 show on their fields (phone)', async () => {
  const pid = village.me.practitioner_id;
  const wl = await village.get(`/worklist?practitioner_id=${pid}&kind=hypertension&status=all&page_size=200`);
  const someone = wl.items[wl.items.length - 1];
  await withPage(PHONE, async (page) => {
    await loggedIn(page);
    await page.goto(`/residents/${someone.resident_id}/services/new?service=htn_followup`);
    await page.getByTestId('ff-sbp').fill('400');
    await page.getByTestId('ff-dbp').fill('95');
    const sbpError = page.locator('[data-field="sbp"] .el-form-item__error');
    await sbpError.waitFor();
    assert.match(await sbpError.textContent(), /400 不可能：收缩压应在 60–300 mmHg 之间/);
    assert.ok((await horizontalOverflow(page)) <= 0, 'the form fits a phone');
    await page.locator('[data-field="sbp"]').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'service-form-error-phone', { fullPage: false });
    // Saving anyway: the API refuses and the error stays on the field.
    await page.getByTestId('sf-submit').click();
    await page.waitForTimeout(300);
    assert.match(await sbpError.textContent(), /不可能/);

    // 150/95 with 控制满意: the API refuses it, and says so on the field.
    await page.getByTestId('ff-sbp').fill('150');
    await page.getByTestId('ff-classification').locator('[data-code="1"]').click();
    const clsError = page.locator('[data-field="classification"] .el-form-item__error');
    await clsError.waitFor();
    assert.match(await clsError.textContent(), /血压 150\/95 mmHg 未低于 140\/90，不能选“控制满意”/);
    assert.equal(await sbpError.count(), 0, 'the systolic error went with the value');
  });
});

test("a village doctor's worklist holds only the villages of their teams", async () => {
  const pid = village.me.practitioner_id;
  const teams = await village.get('/teams?page_size=200');
  const mine = new Set(teams.items.filter((tm) => tm.members.some((m) => m.practitioner_id === pid && m.status === 'active')).flatMap((tm) => tm.village_codes));
  assert.ok(mine.size, 'the demo village doctor is on a team');
  const api = await village.get(`/worklist?practitioner_id=${pid}&status=all&page_size=50`);
  await withPage(DESKTOP, async (page) => {
    await loggedIn(page);
    await page.goto('/worklist?status=all');
    await page.getByTestId('wl-row').first().waitFor();
    assert.match(await page.getByTestId('wl-who').textContent(), /我负责的（郑玲）/);
    const villages = await page.getByTestId('wl-row').evaluateAll((rows) => rows.map((r) => r.dataset.village));
    assert.ok(villages.length > 0);
    assert.deepEqual([...new Set(villages)].filter((v) => !mine.has(v)), [], 'rows only from their villages');
    assert.equal(villages.length, api.items.length);
    assert.match(await page.getByTestId('wl-count').textContent(), new RegExp(`共 ${api.total} 项`));
    // The chips count what the API counts.
    assert.match(await page.getByTestId('wl-chip-overdue').textContent(), new RegExp(`${api.summary.overdue}`));
  });
});

test('signing a family-doctor contract for a resident, with a paid package', async () => {
  // Someone in the village without a contract in force.
  const list = await village.get('/residents?page_size=100');
  let pick = null;
  for (const r of list.items.filter((x) => x.status === 'active' && x.age >= 18 && x.age < 60)) {
    const k = await village.get(`/residents/${r.id}/contracts`);
    if (!k.items.some((c) => c.state === 'active' || c.state === 'pending')) {
      pick = r;
      break;
    }
  }
  assert.ok(pick, 'an unsigned resident in the demo village');
  await withPage(DESKTOP, async (page) => {
    await loggedIn(page);
    await page.goto(`/residents/${pick.id}`);
    await page.getByTestId('contract-sign').click();
    await page.getByTestId('contract-submit').waitFor();
    // The basic package is chosen; the elderly one does not apply.
    assert.ok(await page.locator('[data-package="basic"] input').isChecked());
    assert.ok(await page.locator('[data-package="elderly"] input').isDisabled());
    await page.locator('[data-package="chronic_plus"]').click();
    assert.match(await page.getByTestId('fee-line').textContent(), /有偿签约：合计 ¥120\/年/);
    await screenshot(page, 'contract-sign-desktop');
    await page.getByTestId('contract-submit').click();
    await page.getByTestId('contract-detail').getByTestId('fulfilment').waitFor();
    assert.match(page.url(), /\/contracts\/\d+$/);
    assert.equal((await page.getByTestId('contract-state').textContent()).trim(), '有效');
    const summary = await page.getByTestId('contract-summary').textContent();
    assert.match(summary, /基础服务包/);
    assert.match(summary, /有偿签约/);
    assert.match(await page.getByTestId('fulfilment').textContent(), /家庭医生上门服务/);
    await screenshot(page, 'contract-detail-desktop');
    // The record shows it, and the team's list has it.
    await page.getByTestId('contract-resident').click();
    await page.getByTestId('record-contract').getByTestId('contract-state').waitFor();
    await page.goto('/contracts');
    await page.getByTestId('contract-row').first().waitFor();
    assert.ok((await page.getByTestId('contract-table').textContent()).includes(pick.name));
    await screenshot(page, 'contracts-desktop', { fullPage: false });
  });
});

// The village resident with the most hypertension follow-ups.
async function residentWithReadings() {
  const s = await village.get('/services?service_code=htn_followup&page_size=200');
  const count = new Map();
  for (const x of s.items) count.set(x.resident_id, (count.get(x.resident_id) || 0) + 1);
  return [...count.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

test('the health record shows programs, the contract, the service timeline and the blood-pressure trend', async () => {
  const id = await residentWithReadings();
  await withPage(DESKTOP, async (page) => {
    await loggedIn(page);
    await page.goto(`/residents/${id}`);
    await page.getByTestId('bp-trend').locator('canvas').waitFor();
    assert.match(await page.getByTestId('latest-bp').textContent(), /\d+\/\d+/);
    assert.match(await page.getByTestId('record-programs').textContent(), /高血压患者健康管理/);
    assert.ok((await page.getByTestId('timeline-item').count()) >= 2);
    assert.match(await page.getByTestId('record-timeline').textContent(), /高血压患者随访/);
    await screenshot(page, 'record-care-desktop');
  });
});

test('work points rank the practitioners of a township', async () => {
  const township = await apiSession(server.url, 'demo.township');
  const api = await township.get(`/work-points?by=practitioner&pe=${today.slice(0, 4)}`);
  assert.ok(api.rows.length >= 2, 'the demo township has scored services');
  await withPage(DESKTOP, async (page) => {
    await loggedIn(page, 'demo.township');
    await page.goto('/work-points');
    await page.getByTestId('wp-row').first().waitFor();
    assert.equal(await page.getByTestId('wp-row').count(), api.rows.length);
    const first = await page.getByTestId('wp-row').first().textContent();
    assert.ok(first.includes(api.rows[0].name), first);
    assert.match(await page.getByTestId('wp-totals').textContent(), /同比/);
    await page.locator('.bar-chart canvas').waitFor();
    await screenshot(page, 'work-points-desktop');
    // By facility: another ranking, same total.
    await page.getByTestId('wp-by').getByText('按机构').click();
    await page.waitForURL(/by=facility/);
    await page.getByTestId('wp-row').first().waitFor();
  });
});

test('a fund-run dry run shows each facility share and its working, then saves', async () => {
  const commission = await apiSession(server.url, 'demo.commission');
  await withPage(DESKTOP, async (page) => {
    await loggedIn(page, 'demo.commission');
    await page.goto('/fund-runs');
    await page.getByTestId('fr-dry-run').click();
    await page.getByTestId('fund-table').waitFor();
    const rows = await page.getByTestId('fund-row').count();
    assert.ok(rows >= 1, 'facilities with points get a share');
    const working = await page.getByTestId('fund-working').first().textContent();
    assert.match(working, /工分/);
    assert.match(await page.getByTestId('fund-explanation').textContent(), /人均 50\.00 元/);
    await screenshot(page, 'fund-run-dry-desktop');
    // Nothing saved by the dry run.
    const year = Number(today.slice(0, 4));
    assert.equal((await commission.get(`/fund-runs?ou=140423000000&year=${year}`)).items.length, 0);
    await page.getByTestId('fr-save').click();
    await page.waitForURL(/\/fund-runs\/\d+$/);
    await page.getByTestId('fund-table').waitFor();
    const href = await page.getByTestId('fund-csv').getAttribute('href');
    const csv = await page.request.get(href);
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), /机构编号,机构名称,工分/);
    assert.equal((await commission.get(`/fund-runs?ou=140423000000&year=${year}`)).items.length, 1);
  });
});

test('phone width: worklist, follow-up form, record, contracts and work points fit and are screenshotted', async () => {
  const due = await hypertensionDue();
  const readings = await residentWithReadings();
  await withPage(PHONE, async (page) => {
    await loggedIn(page);
    await page.getByTestId('wl-row').first().waitFor();
    await screenshot(page, 'home-village-worklist-phone', { fullPage: false });
    await page.goto('/worklist');
    await page.getByTestId('wl-row').first().waitFor();
    assert.ok((await horizontalOverflow(page)) <= 0, 'worklist fits');
    await screenshot(page, 'worklist-phone', { fullPage: false });
    // Tapping a row opens the form for that resident.
    await page.goto('/worklist?kind=hypertension');
    await row(page, due.resident_id, 'hypertension').click();
    await page.getByTestId('ff-sbp').fill('146');
    await page.getByTestId('ff-dbp').fill('92');
    await page.getByTestId('sf-next-date').waitFor();
    assert.equal((await page.getByTestId('sf-next-date').textContent()).trim(), addDays(today, 14), 'uncontrolled: back within two weeks');
    assert.ok((await horizontalOverflow(page)) <= 0, 'form fits');
    await screenshot(page, 'service-form-phone', { fullPage: false });
    await page.getByTestId('sf-next').scrollIntoViewIfNeeded();
    await screenshot(page, 'service-form-next-phone', { fullPage: false });
    await page.goto(`/residents/${readings}`);
    await page.getByTestId('bp-trend').locator('canvas').waitFor();
    assert.ok((await horizontalOverflow(page)) <= 0, 'record fits');
    await page.getByTestId('record-readings').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => window.scrollBy(0, -64));
    await screenshot(page, 'record-care-phone', { fullPage: false });
    await page.goto('/contracts');
    await page.getByTestId('contract-row').first().waitFor();
    assert.ok((await horizontalOverflow(page)) <= 0, 'contracts fit');
    await screenshot(page, 'contracts-phone', { fullPage: false });
    await page.goto('/work-points');
    await page.getByTestId('wp-row').first().waitFor();
    assert.ok((await horizontalOverflow(page)) <= 0, 'work points fit');
    await screenshot(page, 'work-points-phone', { fullPage: false });
  });
});
