// Browser tests of the figures (issue 6, phase 3, over issue 5's API) against
// a real `yilian serve --demo`, whose demo county has a year of care,
// populations and the county's targets:
//   cd web && node --test ../tests/browser/figures.test.mjs
// The commission's dashboard shows the API's figures; a follow-up recorded by
// the village doctor moves them; a bar drills down; the indicator detail and
// its CSV; targets saved all or nothing with their completion; a village
// doctor's tree holds only their village. Screenshots at 1366×768 and
// 360×740 go to build/browser-screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, screenshot, apiSession, horizontalOverflow, DESKTOP, PHONE } from './harness.mjs';

const COUNTY = '140423000000';
const LUSHE = '140423100000'; // 路社镇
const LINLING = '140423200000'; // 临陵乡
const JIANSHE = '140423100001'; // 建设社区, demo.village's village

let server;
let chrome;
let commission;
let village;
let catalogue; // GET /indicators
let year;

before(async () => {
  server = await startServer();
  chrome = await launchBrowser();
  commission = await apiSession(server.url, 'demo.commission');
  village = await apiSession(server.url, 'demo.village');
  catalogue = await commission.get('/indicators');
  year = Number((await commission.get(`/analytics?dx=population&ou=${COUNTY}`)).today.slice(0, 4));
});

after(async () => {
  await chrome?.close();
  await server?.stop();
});

async function withPage(viewport, fn, user = 'demo.commission') {
  const { context, page, errors } = await newPage(chrome.browser, server.url, viewport);
  try {
    await login(page, user);
    await page.waitForURL((u) => u.pathname === '/');
    await fn(page);
    assert.deepEqual(errors, [], 'no errors in the page console');
  } finally {
    await context.close();
  }
}

// The number as the app shows it: the indicator's decimals, Chinese grouping.
function shown(v, decimals) {
  if (v === null || v === undefined) return '—';
  return Number(v).toLocaleString('zh-CN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

const ind = (id) => catalogue.indicators.find((i) => i.id === id);

async function analytics(query) {
  return (await commission.get('/analytics?' + new URLSearchParams(query))).rows;
}

// Reads every card's figures: {dx: {value, nd}} (the by-category list too).
async function cardFigures(page) {
  return page.evaluate(() => {
    const out = {};
    for (const el of document.querySelectorAll('[data-testid="fig-card"], [data-testid="svc-row"]')) {
      out[el.dataset.dx] = {
        value: el.querySelector('[data-testid="fig-value"]')?.textContent.trim(),
        nd: el.querySelector('[data-testid="fig-nd"]')?.textContent.trim(),
        completion: el.querySelector('[data-testid="fig-completion"]')?.textContent.trim() || null,
      };
    }
    return out;
  });
}

async function dashboardReady(page) {
  await page.getByTestId('fig-card').first().waitFor();
  await page.getByTestId('rank-chart').or(page.getByTestId('trend-chart')).first().waitFor();
  await page.getByTestId('trend-chart').locator('canvas').waitFor();
}

// Inputs of the main area without a label (as web.test.mjs checks forms).
async function unlabelledFields(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('main input, main textarea, main select')]
      .filter((el) => el.type !== 'hidden' && el.offsetParent !== null)
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => `${el.tagName.toLowerCase()}#${el.id || '?'}.${el.className}`),
  );
}

// Clicks the bar of `key` in a bar chart (FigureBars) where it is drawn.
async function clickBar(page, box, key) {
  const chart = box.locator('.chart');
  await chart.locator('canvas').waitFor();
  const handle = await chart.elementHandle();
  await page.waitForFunction((el) => !!el.__yl, handle);
  await chart.scrollIntoViewIfNeeded();
  const pt = await chart.evaluate((el, k) => el.__yl.pixelOf(k), key);
  assert.ok(pt, `a bar for ${key}`);
  const b = await chart.boundingBox();
  await page.mouse.click(b.x + pt[0], b.y + pt[1]);
}

test("the commission's home is the dashboard, and every card shows the API's figures", async () => {
  const ids = catalogue.indicators.map((i) => i.id);
  const rows = await analytics({ dx: ids.join(';'), ou: COUNTY, pe: String(year) });
  await withPage(DESKTOP, async (page) => {
    const calls = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/analytics')) calls.push(r.url());
    });
    await page.goto('/');
    await page.getByTestId('dashboard').waitFor();
    await dashboardReady(page);
    assert.match(await page.getByTestId('dash-title').textContent(), new RegExp(`襄垣县 · ${year} 年工作指标`));
    const cards = await cardFigures(page);
    assert.equal(Object.keys(cards).length, catalogue.indicators.length, 'one card (or list row) per indicator');
    for (const r of rows) {
      const i = ind(r.dx);
      assert.equal(cards[r.dx].value, shown(r.value, i.decimals), `${r.dx} value`);
      if (i.denominator) assert.equal(cards[r.dx].nd, `${shown(r.numerator, 0)} / ${shown(r.denominator, 0)}`, `${r.dx} numerator/denominator`);
      if (r.completion != null) assert.equal(cards[r.dx].completion, `${shown(r.completion, 1)}%`, `${r.dx} completion`);
    }
    // 同比 in points for a rate, coloured by its direction.
    const rr = rows.find((r) => r.dx === 'record_rate');
    const yoy = page.locator('[data-testid="fig-card"][data-dx="record_rate"] [data-testid="fig-yoy"] .chg');
    assert.match(await yoy.textContent(), new RegExp(`${rr.change >= 0 ? '\\+' : '−'}${shown(Math.abs(rr.change), 1)} 个百分点`));
    assert.equal(await yoy.evaluate((el, cls) => el.classList.contains(cls), rr.change >= 0 ? 'up' : 'down'), true);
    // All the cards in one request, the charts in another (建档率 has no breakdown).
    assert.equal(calls.length, 2, calls.join('\n'));
    // The monthly bulletin as Excel, from the report route.
    await page.getByTestId('report-downloads').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-bulletin-xlsx').click()]);
    assert.match(download.suggestedFilename(), new RegExp(`^bulletin-${COUNTY}-${year}\\d\\d\\.xlsx$`));
    assert.ok((await horizontalOverflow(page)) <= 0);
    assert.deepEqual(await unlabelledFields(page), [], 'every field of the dashboard has a label');
    await screenshot(page, 'dashboard-desktop');
  });
});

test('clicking a township bar drills down to its villages; a tree node and Back move too', async () => {
  const villages = (await commission.get(`/org-units?parent=${LUSHE}`)).items.map((u) => u.name).sort();
  await withPage(DESKTOP, async (page) => {
    await page.goto(`/dashboard?ou=${COUNTY}&pe=${year}&dx=htn_standard_rate`);
    await dashboardReady(page);
    const rank = page.getByTestId('rank-chart');
    const names = async () => (await rank.locator('table th').allTextContents()).map((s) => s.trim()).sort();
    assert.deepEqual(await names(), ['临陵乡', '路社镇']);
    await clickBar(page, rank, LUSHE);
    await page.waitForURL((u) => u.searchParams.get('ou') === LUSHE);
    await page.waitForFunction(() => document.querySelector('[data-testid="dash-title"]')?.textContent.includes('路社镇'));
    await rank.locator('table th', { hasText: villages[0] }).waitFor({ state: 'attached' });
    assert.deepEqual(await names(), villages, 'ranked: the villages of 路社镇');
    // The tree follows, and a node drills further.
    assert.equal((await page.locator('.el-tree-node.is-current > .el-tree-node__content').first().textContent()).trim(), '路社镇');
    const villageRow = (await analytics({ dx: 'htn_standard_rate', ou: JIANSHE, pe: String(year) }))[0];
    await page.locator(`[data-testid="scope-node"][data-code="${JIANSHE}"]`).click();
    await page.waitForURL((u) => u.searchParams.get('ou') === JIANSHE);
    await page.getByTestId('rank-chart').getByText('建设社区没有下级单位').waitFor();
    await page.waitForFunction((v) => document.querySelector('[data-testid="fig-card"][data-dx="htn_standard_rate"] [data-testid="fig-value"]')?.textContent === v, shown(villageRow.value, 1));
    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('ou') === LUSHE);
    await page.waitForFunction(() => document.querySelector('[data-testid="dash-title"]')?.textContent.includes('路社镇'));
  });
});

// A hypertension patient of the village with exactly three follow-ups this
// year and none today: a fourth makes them managed to the standard.
async function thirdTimer(today) {
  const counts = new Map();
  const todays = new Set();
  for (let p = 1; p < 20; p++) {
    const res = await village.get(`/services?service_code=htn_followup&from=${year}-01-01&page_size=200&page=${p}`);
    for (const s of res.items) {
      if (s.status !== 'valid') continue;
      counts.set(s.resident_id, (counts.get(s.resident_id) || 0) + 1);
      if (s.service_date === today) todays.add(s.resident_id);
    }
    if (!res.has_more) break;
  }
  const wl = await village.get(`/worklist?practitioner_id=${village.me.practitioner_id}&kind=hypertension&status=all&page_size=200`);
  const managed = new Set(wl.items.map((r) => r.resident_id));
  const pick = [...counts].find(([id, n]) => n === 3 && !todays.has(id) && managed.has(id));
  if (pick) return { residentId: pick[0], visits: 3 };
  const other = [...managed].find((id) => !todays.has(id));
  return { residentId: other, visits: counts.get(other) || 0 };
}

test("a follow-up the village doctor records shows on the commission's dashboard on reload", async (t) => {
  const today = (await village.get('/worklist?page_size=1')).on;
  const { residentId, visits } = await thirdTimer(today);
  t.diagnostic(`resident ${residentId} had ${visits} hypertension follow-ups this year`);
  assert.ok(residentId, 'a hypertension patient in the demo village');
  const dx = 'services;services_hypertension;htn_standard_rate';
  const before = Object.fromEntries((await analytics({ dx, ou: JIANSHE, pe: String(year) })).map((r) => [r.dx, r]));

  await withPage(DESKTOP, async (page) => {
    await page.goto(`/dashboard?ou=${JIANSHE}&pe=${year}&dx=htn_standard_rate`);
    await dashboardReady(page);
    const was = await cardFigures(page);
    assert.equal(was.services.value, shown(before.services.value, 0));
    assert.equal(was.htn_standard_rate.nd, `${shown(before.htn_standard_rate.numerator, 0)} / ${shown(before.htn_standard_rate.denominator, 0)}`);

    // The village doctor records the visit (the form itself is tested in
    // care.test.mjs): 128/78, 控制满意, with both cards.
    await village.post('/services', {
      resident_id: residentId,
      service_code: 'htn_followup',
      practitioner_id: village.me.practitioner_id,
      verification: 'dual_card',
      data: { visit_mode: '1', sbp: 128, dbp: 78, classification: '1' },
    });

    const now = Object.fromEntries((await analytics({ dx, ou: JIANSHE, pe: String(year) })).map((r) => [r.dx, r]));
    assert.equal(now.services.value, before.services.value + 1, 'the API counts the new service');
    await page.reload();
    await dashboardReady(page);
    const is = await cardFigures(page);
    assert.equal(is.services.value, shown(before.services.value + 1, 0), '服务人次 +1');
    assert.equal(is.services_hypertension.value, shown(before.services_hypertension.value + 1, 0), '高血压服务人次 +1');
    assert.equal(is.htn_standard_rate.value, shown(now.htn_standard_rate.value, 1));
    assert.equal(is.htn_standard_rate.nd, `${shown(now.htn_standard_rate.numerator, 0)} / ${shown(now.htn_standard_rate.denominator, 0)}`);
    if (visits === 3) {
      // The fourth follow-up of the year: managed to the standard now.
      assert.equal(now.htn_standard_rate.numerator, before.htn_standard_rate.numerator + 1);
      assert.notEqual(is.htn_standard_rate.value, was.htn_standard_rate.value, '规范管理率 moved');
    }
  });
});

test('the indicator detail: definition, child units with their figures, and the CSV', async () => {
  const def = ind('htn_standard_rate');
  const rows = await analytics({ dx: 'htn_standard_rate', ou: COUNTY, ou_level: '4', pe: String(year) });
  await withPage(DESKTOP, async (page) => {
    await page.goto(`/indicators/htn_standard_rate?ou=${COUNTY}&pe=${year}`);
    await page.getByTestId('ind-row').first().waitFor();
    assert.match(await page.getByTestId('ind-title').textContent(), /高血压患者规范管理率/);
    assert.ok((await page.getByTestId('ind-definition').textContent()).includes(def.definition));
    for (const r of rows) {
      const tr = page.locator(`[data-testid="ind-row"][data-ou="${r.ou}"]`);
      assert.equal((await tr.getByTestId('ind-value').textContent()).trim(), `${shown(r.value, 1)}%`);
      assert.ok((await tr.textContent()).includes(`${r.rank}/${r.siblings}`));
      assert.ok((await tr.textContent()).includes(shown(r.numerator, 0)));
    }
    const href = await page.getByTestId('ind-csv').getAttribute('href');
    const csv = await (await page.request.get(href)).text();
    const lines = csv.trim().split('\n');
    assert.match(lines[0], /指标代码,指标,机构代码/);
    assert.equal(lines.length, 1 + 1 + rows.length, 'a header, the county and its townships');
    await screenshot(page, 'indicator-desktop');
  });
});

test('targets: saved all or nothing, errors on their cells, and the completion follows', async () => {
  const cell = (page, dx, ou) => page.locator(`[data-cell="${dx}|${ou}"]`);
  await withPage(DESKTOP, async (page) => {
    await page.goto(`/targets?ou=${COUNTY}&year=${year}`);
    await cell(page, 'htn_standard_rate', LUSHE).locator('input').waitFor();
    assert.equal(await cell(page, 'htn_standard_rate', COUNTY).locator('input').inputValue(), '70');
    assert.deepEqual(await unlabelledFields(page), [], 'every cell has a label');
    assert.equal(await cell(page, 'htn_standard_rate', LUSHE).getByTestId('tgt-completion').count(), 0, 'no target, no completion');
    await cell(page, 'htn_standard_rate', LUSHE).locator('input').fill('60');
    await cell(page, 'record_rate', LINLING).locator('input').fill('120');
    await page.getByTestId('tgt-save').click();
    await cell(page, 'record_rate', LINLING).getByTestId('tgt-cell-error').waitFor();
    assert.match(await cell(page, 'record_rate', LINLING).getByTestId('tgt-cell-error').textContent(), /百分率不能超过 100/);
    assert.match(await page.getByTestId('tgt-save-error').textContent(), /都没有保存/);
    const saved = await commission.get(`/targets?ou=${LUSHE}&year=${year}`);
    assert.equal(saved.items.length, 0, 'nothing saved: all or nothing');
    await cell(page, 'record_rate', LINLING).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'targets-error-desktop', { fullPage: false });

    // Corrected, both saved in one PUT; the completion appears and changes.
    await cell(page, 'record_rate', LINLING).locator('input').fill('97');
    await cell(page, 'htn_standard_rate', COUNTY).locator('input').fill('75');
    const before = (await analytics({ dx: 'htn_standard_rate', ou: COUNTY, pe: String(year) }))[0];
    await page.getByTestId('tgt-save').click();
    await page.getByText('已保存 3 项目标').waitFor();
    const [county, lushe] = await analytics({ dx: 'htn_standard_rate', ou: `${COUNTY};${LUSHE}`, pe: String(year) });
    assert.equal(lushe.target, 60);
    assert.notEqual(county.completion, before.completion);
    const lusheDone = cell(page, 'htn_standard_rate', LUSHE).getByTestId('tgt-completion');
    await lusheDone.waitFor();
    assert.equal((await lusheDone.textContent()).trim(), `完成 ${shown(lushe.completion, 1)}%`);
    assert.equal((await cell(page, 'htn_standard_rate', COUNTY).getByTestId('tgt-completion').textContent()).trim(), `完成 ${shown(county.completion, 1)}%`);
    await cell(page, 'htn_standard_rate', LUSHE).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'targets-desktop', { fullPage: false });

    // The dashboard shows the new completion.
    await page.goto(`/dashboard?ou=${COUNTY}&pe=${year}&dx=htn_standard_rate`);
    await dashboardReady(page);
    assert.equal((await cardFigures(page)).htn_standard_rate.completion, `${shown(county.completion, 1)}%`);

    // A township's statistical population.
    await page.goto(`/targets?ou=${COUNTY}&year=${year}&tab=populations`);
    const row = page.locator(`[data-testid="pop-row"][data-ou="${LINLING}"]`);
    await row.locator('input').fill('1200');
    await page.getByTestId('pop-save').click();
    await page.getByText('已保存 1 个单位的统计人口').waitFor();
    await row.getByText('统计数（已填写）').waitFor();
    const pop = await commission.get(`/org-units/${LINLING}/populations`);
    assert.equal(pop.items.find((p) => p.year === year).population, 1200);
  });
});

test('a village doctor sees only their own village in the tree, and no other unit', async () => {
  await withPage(
    DESKTOP,
    async (page) => {
      await page.goto('/dashboard');
      await dashboardReady(page);
      await page.getByTestId('scope-node').first().waitFor();
      assert.deepEqual((await page.getByTestId('scope-node').allTextContents()).map((s) => s.trim()), ['建设社区']);
      assert.equal(await page.locator('[data-testid="scope-tree"] .el-tree-node__expand-icon:not(.is-leaf)').count(), 0, 'nothing to open');
      assert.match(await page.getByTestId('dash-title').textContent(), /建设社区/);
      // Another township answers 403, said on the page.
      await page.goto(`/dashboard?ou=${LINLING}`);
      await page.locator('[data-testid="error-state"][data-error-key="forbidden"]').first().waitFor();
      // No targets screen for a village doctor.
      await page.goto('/targets');
      await page.waitForURL((u) => u.pathname === '/forbidden');
    },
    'demo.village',
  );
});

test('phone width: dashboard, indicator detail and targets fit and are screenshotted', async () => {
  await withPage(PHONE, async (page) => {
    await page.goto(`/dashboard?ou=${COUNTY}&pe=${year}&dx=services`);
    await dashboardReady(page);
    await page.getByTestId('breakdown-chart').locator('canvas').waitFor();
    assert.ok((await horizontalOverflow(page)) <= 0, 'the dashboard fits');
    assert.deepEqual(await unlabelledFields(page), [], 'every field has a label');
    await screenshot(page, 'dashboard-phone');
    await page.goto(`/indicators/htn_standard_rate?ou=${COUNTY}&pe=${year}`);
    await page.getByTestId('ind-row').first().waitFor();
    assert.ok((await horizontalOverflow(page)) <= 0, 'the detail fits');
    await screenshot(page, 'indicator-phone');
    await page.goto(`/targets?ou=${COUNTY}&year=${year}`);
    await page.getByTestId('tgt-cell').first().waitFor();
    assert.ok((await horizontalOverflow(page)) <= 0, 'the targets fit');
    await page.getByTestId('tgt-table').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => window.scrollBy(0, -64));
    await screenshot(page, 'targets-phone', { fullPage: false });
  });
});
