// Browser tests of the web app against a real `yilian serve --demo`:
//   cd web && node --test ../tests/browser/
// Every demo role's home, finding and opening a record, creating one (field
// errors, duplicates, an existing ID number), a stale edit, the scope wall,
// the admin's first login, the English switch, phone layout and speed.
// Screenshots of the main screens go to build/browser-screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  launchBrowser,
  newPage,
  login,
  screenshot,
  apiSession,
  citizenId,
  horizontalOverflow,
  DESKTOP,
  PHONE,
} from './harness.mjs';

let server;
let chrome;
let village; // demo.village's API session
let commission;

before(async () => {
  server = await startServer();
  chrome = await launchBrowser();
  village = await apiSession(server.url, 'demo.village');
  commission = await apiSession(server.url, 'demo.commission');
});

after(async () => {
  await chrome?.close();
  await server?.stop();
});

// Opens a page, runs fn, closes the context; fails on any page error.
async function withPage(viewport, fn, opts) {
  const { context, page, errors } = await newPage(chrome.browser, server.url, viewport, opts);
  try {
    await fn(page);
    assert.deepEqual(errors, [], 'no errors in the page console');
  } finally {
    await context.close();
  }
}

const HOMES = [
  ['demo.village', 'home-scope', '村医'],
  ['demo.team', 'home-scope', '家庭医生团队成员'],
  ['demo.township', 'home-scope', '乡镇卫生院工作人员'],
  ['demo.referral', 'home-lookup', '转诊办'],
  ['demo.commission', 'dashboard', '卫健委工作人员'],
  ['demo.cdc', 'dashboard', '疾控中心'],
  ['demo.auditor', 'home-audit', '审计员'],
  ['demo.integrator', 'home-integrator', '接口对接'],
];

for (const [user, home, role] of HOMES) {
  test(`${user} logs in and sees the ${home} home`, async () => {
    await withPage(DESKTOP, async (page) => {
      await login(page, user);
      await page.getByTestId(home).waitFor();
      assert.equal(new URL(page.url()).pathname, '/');
      assert.equal((await page.getByTestId('role-name').textContent()).trim(), role);
      if (home === 'home-scope') {
        // Their own residents, for real: rows from the API.
        await page.getByTestId('resident-row').first().waitFor();
      }
      if (home === 'dashboard') {
        // The county's figures (tests/browser/figures.test.mjs checks them).
        await page.getByTestId('fig-card').first().waitFor();
        assert.match(await page.getByTestId('dash-title').textContent(), /襄垣县/);
        await page.locator('canvas').first().waitFor();
      }
      if (home === 'home-audit') await page.getByTestId('audit-table').waitFor();
      await screenshot(page, `home-${user.replace('demo.', '')}-desktop`);
    });
  });
}

test('the first screen renders and its time is reported (a figure, not a pass mark)', async () => {
  // Measured in the page: performance.now() is the time since the navigation
  // started, read as soon as the screen's content is there.
  await withPage(DESKTOP, async (page) => {
    await page.goto('/login');
    await page.getByTestId('login-submit').waitFor();
    const loginMs = Math.round(await page.evaluate(() => performance.now()));
    await page.getByTestId('login-username').fill('demo.village');
    await page.getByTestId('login-password').fill('Demo#County2026');
    const t1 = Date.now();
    await page.getByTestId('login-submit').click();
    await page.getByTestId('resident-row').first().waitFor();
    const homeMs = Date.now() - t1;
    // A reload of the home with a session: the whole first screen, with its data.
    await page.reload();
    await page.getByTestId('resident-row').first().waitFor();
    const reloadMs = Math.round(await page.evaluate(() => performance.now()));
    console.log(`# first screen: login page ${loginMs} ms, home with its residents ${reloadMs} ms; login to home ${homeMs} ms`);
    // Tests never assert on wall time (a loaded CI machine is not a slow
    // app); the figures are printed and kept in BENCHMARKS.md.
    assert.ok(loginMs > 0 && reloadMs > 0);
  });
});

test('a village doctor finds a resident by name and by ID number and opens the record', async () => {
  const list = await village.get('/residents?page_size=1');
  const someone = await village.get(`/residents/${list.items[0].id}`);
  await withPage(DESKTOP, async (page) => {
    await login(page, 'demo.village');
    await page.getByTestId('home-scope').waitFor();
    await page.goto('/residents');
    await page.getByTestId('search-input').fill(someone.name.slice(0, 1));
    await page.getByTestId('search-submit').click();
    await page.getByTestId('resident-row').first().waitFor();
    // Masked as the API returns them.
    const firstRow = await page.getByTestId('resident-row').first().textContent();
    assert.match(firstRow, /\d{6}\*{8}[\dX]{4}/);
    await screenshot(page, 'search-desktop');

    await page.getByTestId('search-input').fill(someone.id_number);
    await page.getByTestId('search-submit').click();
    await page.waitForURL(/q=/);
    await page.getByTestId('resident-row').first().waitFor();
    assert.equal(await page.getByTestId('resident-row').count(), 1);
    await page.getByTestId('resident-row').first().getByRole('link').first().click();
    await page.getByTestId('record-name').waitFor();
    assert.match(await page.getByTestId('record-name').textContent(), new RegExp(someone.name));
    assert.equal((await page.getByTestId('record-no').textContent()).trim(), someone.record_no);
    // The record page shows the full number, and code names rather than codes.
    const body = await page.locator('main').textContent();
    assert.ok(body.includes(someone.id_number), 'full ID number on the record page');
    assert.ok(body.includes('个人基本信息'));
    await page.getByTestId('record-household').waitFor();
    await screenshot(page, 'record-desktop');
    await page.getByTestId('record-household').getByRole('link', { name: '查看家庭' }).click();
    await page.getByTestId('household').locator('.item-card').first().waitFor();
    await screenshot(page, 'household-desktop');
  });
});

test('creating a resident: the ID number error shows on its field, then a valid one creates the record', async () => {
  const list = await village.get('/residents?page_size=1');
  const existing = await village.get(`/residents/${list.items[0].id}`);
  const county = existing.id_number.slice(0, 6);
  const first17 = `${county}19850615${String(100 + (Date.now() % 800)).padStart(3, '0')}`;
  const good = citizenId(first17);
  const bad = first17 + (good.endsWith('0') ? '1' : '0');
  await withPage(DESKTOP, async (page) => {
    await login(page, 'demo.village');
    await page.getByTestId('home-scope').waitFor();
    await page.goto('/residents/new');
    await page.getByTestId('f-name').fill('测试新建');
    await page.getByTestId('f-id-number').fill(bad);
    await page.getByTestId('f-submit').click();
    const idItem = page.locator('.el-form-item', { has: page.getByTestId('f-id-number') });
    await idItem.locator('.el-form-item__error').waitFor();
    const msg = await idItem.locator('.el-form-item__error').textContent();
    assert.match(msg, /校验码错误/);
    assert.ok(msg.includes(`应为“${good.slice(-1)}”`), msg);
    await screenshot(page, 'form-error-desktop');

    // The API's own message lands on the field too (a phone number it refuses).
    await page.getByTestId('f-id-number').fill(good);
    await page.getByTestId('f-phone').fill('12');
    await page.getByTestId('f-submit').click();
    const phoneItem = page.locator('.el-form-item', { has: page.getByTestId('f-phone') });
    await phoneItem.locator('.el-form-item__error').waitFor();
    assert.match(await phoneItem.locator('.el-form-item__error').textContent(), /手机号应为 11 位数字/);

    await page.getByTestId('f-phone').fill('');
    await page.getByTestId('f-submit').click();
    await page.getByTestId('record-name').waitFor();
    assert.match(await page.getByTestId('record-name').textContent(), /测试新建/);
    const recordNo = (await page.getByTestId('record-no').textContent()).trim();
    assert.match(recordNo, /^\d{17}$/);

    // The same ID number again: 409, with the existing record linked.
    await page.goto('/residents/new');
    await page.getByTestId('f-name').fill('测试重复');
    await page.getByTestId('f-id-number').fill(good);
    await page.getByTestId('f-submit').click();
    await page.getByTestId('existing-record').waitFor();
    assert.ok((await page.getByTestId('existing-record').textContent()).includes(recordNo));
    await page.getByTestId('existing-link').click();
    await page.getByTestId('record-name').waitFor();
    assert.equal((await page.getByTestId('record-no').textContent()).trim(), recordNo);
  });
});

test('a new record that looks like an existing one shows the possible duplicates with links', async () => {
  const list = await village.get('/residents?page_size=5');
  const twin = await village.get(`/residents/${list.items[0].id}`);
  const birth = twin.birth_date.replaceAll('-', '');
  // Another ID number with the same birth date, name and village.
  let first17 = `${twin.id_number.slice(0, 6)}${birth}${String(900 + (Date.now() % 90)).padStart(3, '0')}`;
  const id = citizenId(first17);
  await withPage(DESKTOP, async (page) => {
    await login(page, 'demo.village');
    await page.getByTestId('home-scope').waitFor();
    await page.goto('/residents/new');
    await page.getByTestId('f-name').fill(twin.name);
    await page.getByTestId('f-id-number').fill(id);
    await page.getByTestId('f-submit').click();
    await page.getByTestId('possible-duplicates').waitFor();
    const text = await page.getByTestId('possible-duplicates').textContent();
    assert.ok(text.includes(twin.record_no), 'the existing record is listed');
    await screenshot(page, 'duplicates-desktop');
    await page.getByTestId('possible-duplicates').getByRole('link', { name: new RegExp(twin.record_no) }).click();
    await page.getByTestId('record-name').waitFor();
    assert.equal((await page.getByTestId('record-no').textContent()).trim(), twin.record_no);
  });
});

test('saving an edit of a record someone else changed meanwhile says to reload', async () => {
  const list = await village.get('/residents?page_size=20');
  // Someone with a condition, so the form shows its rows.
  const pick = list.items.find((x) => x.conditions.length) || list.items[2];
  const r = await village.get(`/residents/${pick.id}`);
  await withPage(DESKTOP, async (page) => {
    await login(page, 'demo.village');
    await page.getByTestId('home-scope').waitFor();
    await page.goto(`/residents/${r.id}/edit`);
    await page.getByTestId('f-name').waitFor();
    await village.patch(`/residents/${r.id}`, { address: r.address + '（已核实）' }, r.version);
    await page.getByTestId('f-phone').fill('13800138000');
    await page.getByTestId('f-submit').click();
    await page.getByTestId('stale-notice').waitFor();
    await screenshot(page, 'edit-stale-desktop', { fullPage: false });
    await page.getByTestId('stale-notice').getByRole('button').click();
    await page.getByTestId('f-phone').fill('13800138000');
    await page.getByTestId('f-submit').click();
    await page.getByTestId('record-name').waitFor();
    assert.ok((await page.locator('main').textContent()).includes('13800138000'));
  });
});

test('a village doctor cannot open a resident of another township and is told so', async () => {
  const other = await commission.get('/residents?ou=140423200000&page_size=1');
  assert.ok(other.items.length, 'the demo county has residents in 临陵乡');
  await withPage(PHONE, async (page) => {
    await login(page, 'demo.village');
    await page.getByTestId('home-scope').waitFor();
    await page.goto(`/residents/${other.items[0].id}`);
    const err = page.getByTestId('record-error');
    await err.waitFor();
    const text = await err.textContent();
    assert.match(text, /这位居民不在您的管辖范围内/);
    assert.ok(!text.includes(other.items[0].name), 'nothing of the record is shown');
    await screenshot(page, 'forbidden-phone');
  });
});

test('phone width: bottom navigation, one-column forms, no horizontal scrolling', async () => {
  const list = await village.get('/residents?page_size=1');
  await withPage(PHONE, async (page) => {
    await page.goto('/login');
    await page.getByTestId('login-submit').waitFor();
    await screenshot(page, 'login-phone');
    await login(page, 'demo.village');
    await page.getByTestId('resident-row').first().waitFor();
    assert.ok((await horizontalOverflow(page)) <= 0, 'home fits');
    await screenshot(page, 'home-village-phone');
    await page.goto('/residents?q=' + encodeURIComponent(list.items[0].name.slice(0, 1)));
    await page.getByTestId('resident-row').first().waitFor();
    assert.ok((await horizontalOverflow(page)) <= 0, 'search fits');
    await screenshot(page, 'search-phone');
    await page.goto(`/residents/${list.items[0].id}`);
    await page.getByTestId('record-name').waitFor();
    assert.ok((await horizontalOverflow(page)) <= 0, 'record fits');
    await screenshot(page, 'record-phone');
    await page.goto('/residents/new');
    await page.getByTestId('f-name').waitFor();
    await page.getByTestId('f-id-number').fill('123');
    await page.getByTestId('f-submit').click();
    await page.locator('.el-form-item__error').first().waitFor();
    assert.ok((await horizontalOverflow(page)) <= 0, 'form fits');
    await screenshot(page, 'form-error-phone');
    // The menu drawer opens from the top bar.
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByRole('link', { name: '家庭医生团队' }).waitFor();
    await screenshot(page, 'menu-phone', { fullPage: false });
  });
  await withPage(PHONE, async (page) => {
    await login(page, 'demo.commission');
    await page.getByTestId('fig-card').first().waitFor();
    await page.locator('canvas').first().waitFor();
    assert.ok((await horizontalOverflow(page)) <= 0, 'dashboard fits');
    await screenshot(page, 'home-commission-phone');
  });
});

test('the administrator sets a password at first login, then manages users and registries', async () => {
  assert.ok(server.adminOneTimePassword, 'the server printed the admin one-time password');
  await withPage(DESKTOP, async (page) => {
    await login(page, 'admin', server.adminOneTimePassword);
    await page.getByTestId('password-forced').waitFor();
    await screenshot(page, 'password-forced-desktop');
    await page.getByTestId('pw-old').fill(server.adminOneTimePassword);
    await page.getByTestId('pw-new').fill('short');
    await page.getByTestId('pw-repeat').fill('short');
    await page.getByTestId('pw-submit').click();
    const pwItem = page.locator('.el-form-item', { has: page.getByTestId('pw-new') });
    await pwItem.locator('.el-form-item__error').waitFor();
    assert.match(await pwItem.locator('.el-form-item__error').textContent(), /至少 10 个字符/);
    await page.getByTestId('pw-new').fill('County#Root-2026');
    await page.getByTestId('pw-repeat').fill('County#Root-2026');
    await page.getByTestId('pw-submit').click();
    await page.getByTestId('home-admin').waitFor();
    await page.goto('/admin/users');
    await page.getByTestId('user-table').waitFor();
    assert.ok((await page.getByTestId('user-table').textContent()).includes('demo.village'));
    await screenshot(page, 'users-desktop');
    // A new account gets a one-time password, shown once.
    await page.getByTestId('user-new').click();
    await page.locator('#u-username').fill('test.nurse');
    await page.locator('.el-form-item', { has: page.locator('#u-role') }).locator('.el-select__wrapper').click();
    await page.getByRole('option', { name: '家庭医生团队成员' }).click();
    await page.getByRole('button', { name: '创建用户' }).click();
    await page.getByTestId('one-time-password').waitFor();
    assert.match(await page.getByTestId('one-time-password').textContent(), /test\.nurse 的一次性密码/);
    // Reset a password: confirm, then the new one-time password.
    await page.goto('/admin/users');
    await page.getByTestId('user-table').getByRole('link', { name: 'demo.cdc' }).click();
    await page.getByTestId('user-reset-password').click();
    await page.locator('.el-message-box').getByRole('button', { name: '重置密码' }).click();
    await page.getByTestId('one-time-password').waitFor();
    await screenshot(page, 'user-edit-desktop');
    await page.goto('/admin/org-units');
    await page.getByTestId('org-tree').getByText('襄垣县').click();
    await page.getByTestId('org-unit-name').waitFor();
    await page.getByTestId('org-tree').getByText('路社镇').waitFor();
    await page.waitForTimeout(400); // the tree's expand animation
    await screenshot(page, 'org-units-desktop');
    await page.goto('/admin/facilities');
    await page.getByTestId('facility-table').waitFor();
    await page.getByTestId('facility-table').getByRole('link').first().click();
    await page.getByTestId('facility-detail').waitFor();
    await screenshot(page, 'facility-desktop');
    await page.goto('/admin/teams');
    await page.getByTestId('team-items').getByRole('link').first().click();
    await page.getByTestId('team-detail').waitFor();
    await screenshot(page, 'team-desktop');
  });
});

test('the English switch changes the interface language', async () => {
  await withPage(DESKTOP, async (page) => {
    await login(page, 'demo.township');
    await page.getByTestId('home-scope').waitFor();
    await page.getByRole('button', { name: /切换语言/ }).click();
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    assert.equal((await page.getByTestId('role-name').textContent()).trim(), 'Township health center staff');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await screenshot(page, 'home-township-english-desktop');
  });
});

// Fields without a label (nor aria-label) on the screen, as "tag#id" strings.
async function unlabelledFields(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('main input, main textarea, main select')]
      .filter((el) => el.type !== 'hidden' && el.offsetParent !== null)
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => `${el.tagName.toLowerCase()}#${el.id || '?'}.${el.className}`),
  );
}

test('keyboard only: log in with Tab and Enter, skip to the content, open the search from the menu', async () => {
  await withPage(DESKTOP, async (page) => {
    await page.goto('/login');
    await page.getByTestId('login-submit').waitFor();
    // Tab order: language switch, username, password, submit.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo.village');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Demo#County2026');
    await page.keyboard.press('Enter');
    await page.getByTestId('home-scope').waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), '跳到主要内容');
    let found = false;
    for (let i = 0; i < 12 && !found; i++) {
      await page.keyboard.press('Tab');
      found = (await page.evaluate(() => document.activeElement.textContent.trim())) === '居民档案';
    }
    assert.ok(found, 'the 居民档案 menu item is reachable with Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('resident-search').waitFor();
    assert.equal(new URL(page.url()).pathname, '/residents');
  });
});

test('every field of the forms has a label', async () => {
  await withPage(DESKTOP, async (page) => {
    await login(page, 'demo.township');
    await page.getByTestId('home-scope').waitFor();
    for (const path of ['/residents', '/residents/new']) {
      await page.goto(path);
      await page.locator('main form').first().waitFor();
      assert.deepEqual(await unlabelledFields(page), [], `fields without a label on ${path}`);
    }
  });
  await withPage(PHONE, async (page) => {
    await login(page, 'demo.village');
    await page.getByTestId('home-scope').waitFor();
    await page.goto('/residents/new');
    await page.locator('main form').first().waitFor();
    assert.deepEqual(await unlabelledFields(page), [], 'fields without a label on the phone form');
  });
});

test('a screen the role does not grant says so', async () => {
  await withPage(DESKTOP, async (page) => {
    await login(page, 'demo.village');
    await page.getByTestId('home-scope').waitFor();
    await page.goto('/admin/users');
    await page.getByTestId('forbidden').waitFor();
    assert.match(await page.getByTestId('forbidden').textContent(), /村医/);
  });
});
