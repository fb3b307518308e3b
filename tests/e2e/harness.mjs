// End-to-end harness: serves the release build (dist/) from 127.0.0.1 with a plain static file
// server, launches the system Chromium headless through playwright-core, and opens the app in a
// page that records every page error, console error, failed response and off-host request.
// Tests then assert that list is empty: a clean console is part of every test.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, existsSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = join(root, 'dist');
export const artifacts = join(root, 'tests/artifacts');
mkdirSync(artifacts, { recursive: true });

export const PC = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

async function waitForHttp(url, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`server at ${url} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Serves `dist/` (or `root`, another build) with Python's static file server, as any static host
 * would, default settings. With `subPath`, the app is served under that path instead of the root.
 */
export async function serveDist({ subPath, root: site = dist } = {}) {
  if (!existsSync(join(site, 'index.html'))) {
    throw new Error(`${site}/index.html is missing: run \`trunk build --release\` first`);
  }
  let dir = site;
  if (subPath) {
    dir = mkdtempSync(join(tmpdir(), 'taizhang-site-'));
    symlinkSync(site, join(dir, subPath));
  }
  const port = await freePort();
  const proc = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir], {
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}/${subPath ? `${subPath}/` : ''}`;
  await waitForHttp(base);
  return { base, close: () => proc.kill() };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Opens the app at `base` in a fresh browser context (a fresh profile: empty localStorage).
 * Returns the page and the live list of problems seen so far.
 */
export async function openApp(browser, base, { viewport = PC, hash = '' } = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
  const problems = [];
  // Tests only ever talk to 127.0.0.1: anything else is refused and reported.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
    problems.push(`off-host request: ${url.href}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    if (!problems.some((p) => p.startsWith('off-host'))) problems.push(`request failed: ${r.url()}`);
  });
  await page.goto(base + hash);
  await page.waitForSelector('[data-testid=plan-title]');
  return { page, context, problems };
}

/** Saves a screenshot under tests/artifacts/ and returns its path. */
export async function screenshot(page, name, options = {}) {
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, ...options });
  return path;
}

/**
 * Registers the suite's set-up and tear-down: one static server over dist/ and one browser for
 * every test of the file. Returns an object whose `server` and `browser` are set once running.
 */
export function useApp() {
  const env = {};
  before(async () => {
    env.server = await serveDist();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.close();
  });
  return env;
}

/** Expands point `n` (if it is closed) and returns its locator. */
export async function expandPoint(page, n) {
  const point = page.locator(`[data-testid=point][data-point="${n}"]`);
  if ((await point.getAttribute('open')) === null) await point.locator('summary').click();
  await point.locator('[data-testid=point-text]').waitFor({ state: 'visible' });
  return point;
}

/** The tasks within `scope` whose text contains `text`. */
export function taskWith(scope, text) {
  return scope.locator('[data-testid=task]').filter({ hasText: text });
}

/** Reloads the page and waits for the app to be mounted again (on whatever view it was). */
export async function reloadApp(page) {
  await page.reload();
  await page.waitForSelector('[data-testid=nav-plan]');
}
