// The browser tests' fixtures: a `yilian serve` of its own on a fresh demo
// database, Debian's Chromium driven by playwright-core (never a browser
// download), logins, screenshots and a few API calls for test data.
//
// Environment: YILIAN_BIN (default build/yilian), YILIAN_WEB_ROOT (default
// web/dist), CHROMIUM (default /usr/bin/chromium), SCREENSHOT_DIR (default
// build/browser-screenshots).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../..');
// playwright-core is a dev dependency of the web app: resolve it from web/.
const require = createRequire(path.join(repo, 'web', 'package.json'));
const { chromium } = require('playwright-core');

export const DEMO_PASSWORD = 'Demo#County2026';
export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 360, height: 740 };
export const screenshotDir = process.env.SCREENSHOT_DIR || path.join(repo, 'build', 'browser-screenshots');

// Starts `yilian serve --demo` on a free loopback port; resolves once it
// prints its URL. The admin's one-time password is kept for the admin test.
export async function startServer({ residents = 2000 } = {}) {
  const bin = process.env.YILIAN_BIN || path.join(repo, 'build', 'yilian');
  const webRoot = process.env.YILIAN_WEB_ROOT || path.join(repo, 'web', 'dist');
  if (!existsSync(bin)) throw new Error(`no yilian binary at ${bin} (build it first)`);
  if (!existsSync(path.join(webRoot, 'index.html'))) throw new Error(`no built web app at ${webRoot} (npm run build)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'yilian-browser-'));
  const args = ['serve', '--db', path.join(dir, 'demo.db'), '--demo', '--demo-residents', String(residents), '--listen', '127.0.0.1:0', '--web-root', webRoot];
  const child = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, YILIAN_LOG_LEVEL: 'warn' } });
  let out = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('yilian serve did not start within 60 s:\n' + out)), 60000);
    const onData = (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`yilian serve exited with ${code}:\n${out}`));
    });
  });
  const url = await ready;
  const otp = /one-time password (\S+)/.exec(out)?.[1] || null;
  return {
    url,
    adminOneTimePassword: otp,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// playwright-core's launch() gives Chromium a fresh temporary profile
// (--user-data-dir) of its own and removes it on close.
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

// A fresh context (own cookies) at a viewport, with the page's console
// errors collected so a test can assert there were none.
export async function newPage(browser, baseURL, viewport = DESKTOP, { locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ baseURL, viewport, locale, deviceScaleFactor: 1, isMobile: viewport.width < 768, hasTouch: viewport.width < 768 });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (4\d\d)/.test(m.text())) errors.push(m.text());
  });
  return { context, page, errors };
}

export async function login(page, username, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(screenshotDir, { recursive: true });
  // Let fonts, lazy chunks and charts settle.
  await page.evaluate(() => document.fonts && document.fonts.ready);
  // A full page from the top: sticky bars stay where they belong.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage });
}

// JSON API calls with their own session (test data lookups).
export async function apiSession(baseURL, username, password = DEMO_PASSWORD) {
  const res = await fetch(baseURL + '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const me = await res.json();
  const cookie = res.headers.get('set-cookie').split(';')[0];
  async function call(method, p, body, headers = {}) {
    const r = await fetch(baseURL + '/api/v1' + p, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': me.csrf_token, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
    return r.json();
  }
  return {
    me,
    get: (p) => call('GET', p),
    post: (p, body) => call('POST', p, body),
    put: (p, body) => call('PUT', p, body),
    patch: (p, body, version) => call('PATCH', p, body, { 'If-Match': `"${version}"` }),
  };
}

// GB 11643: the check character of 17 digits.
export function citizenId(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i];
  return first17 + '10X98765432'[s % 11];
}

// How far the page is wider than the viewport, once layout has settled:
// polled for up to two seconds, since charts resize themselves a frame or two
// after a scrollbar appears. Anything still overflowing then is a real fault.
export async function horizontalOverflow(page) {
  const measure = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  let over = await measure();
  for (let i = 0; over > 0 && i < 20; i++) {
    await page.waitForTimeout(100);
    over = await measure();
  }
  return over;
}
