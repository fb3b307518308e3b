// End-to-end harness: serves the release build (dist/) from 127.0.0.1 with a plain static file
// server, launches the system Chromium headless through playwright-core, and opens the app in a
// page that records every page error, console error, failed response and off-host request.
// Tests then assert that list is empty: a clean console is part of every test.
//
// Every test file acts through the `App` page object below (open a profile, open a point or a
// task, record a figure, go to a view, import or export a file, read localStorage, wait for the
// debounced save or a service-worker cache state) and waits only for what it needs: an element,
// a stored value, a cache name. Never for a fixed time (no waitForTimeout anywhere).

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, existsSync, symlinkSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
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
 * Runs in the page: the stored text under `key`; for a data key with a log beside it (the log of
 * `taizhang.data` is `taizhang.data.log`, of `taizhang.plan.<id>.data` `taizhang.plan.<id>.log`),
 * the base document with the log's records added (its rows re-pointed at the joined subject and
 * unit tables, records the base holds left out), so tests read one version-2 document.
 */
function storedWithLog(key) {
  const raw = localStorage.getItem(key);
  const logKey = key === 'taizhang.data' ? 'taizhang.data.log' : key.endsWith('.data') ? `${key.slice(0, -5)}.log` : null;
  const logRaw = logKey && localStorage.getItem(logKey);
  if (raw === null || !logRaw) return raw;
  let base;
  let log;
  try {
    base = JSON.parse(raw);
    log = JSON.parse(logRaw);
  } catch {
    return raw;
  }
  if (log.epoch !== (localStorage.getItem(key === 'taizhang.data' ? 'taizhang.epoch' : `${key.slice(0, -5)}.epoch`) || '')) return raw;
  const b = base.data || {};
  const l = log.data || {};
  const ids = (list) => new Set((list || []).map((x) => (Array.isArray(x) ? x[0] : x.id)));
  const join = (mine, theirs) => {
    const have = ids(mine);
    return [...(mine || []), ...(theirs || []).filter((x) => !have.has(Array.isArray(x) ? x[0] : x.id))];
  };
  const subjects = b.subjects || [];
  const units = b.units || [];
  const rows = (l.entries || []).map((r) => {
    const row = [...r];
    row[1] += subjects.length;
    row[6] += units.length;
    return row;
  });
  const data = {
    ...b,
    corrections: join(b.corrections, l.corrections),
    assignments: join(b.assignments, l.assignments),
    last_exported_at: Math.max(b.last_exported_at ?? -Infinity, l.last_exported_at ?? -Infinity),
    settings: l.settings ?? b.settings ?? null,
    subjects: [...subjects, ...(l.subjects || [])],
    units: [...units, ...(l.units || [])],
    entries: join(b.entries, rows),
  };
  // The office's records (extensions, closings, reminders), where either document has them.
  for (const k of ['extensions', 'closings', 'reminders']) {
    if (b[k] || l[k]) data[k] = join(b[k], l[k]);
  }
  if (data.last_exported_at === -Infinity) data.last_exported_at = null;
  return JSON.stringify({ ...base, data });
}

/** The key under which the app keeps the user's data in localStorage. */
export const KEY = 'taizhang.data';

/** The container each view shows once it is on screen (views are named as in `nav-…`). */
/**
 * 总览 with everything built: its part below the first screen (the sections' charts, the
 * settings) is built at the page's first idle moment, after the first screen.
 */
export const DASHBOARD = '[data-testid=dashboard][data-complete=true]';

const VIEWS = {
  plan: '[data-testid=point]',
  dashboard: DASHBOARD,
  'quick-entry': '[data-testid=quick-entry]',
  report: '[data-testid=report]',
  office: '[data-testid=office]',
  exchange: '[data-testid=exchange]',
  plans: '[data-testid=plans]',
};

/**
 * Records, into `problems`, every page error, console error, HTTP error response and failed
 * request of `page`: a clean console is part of every test.
 */
function watch(page, problems) {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    // A view's code being loaded ahead (src/components/lazy.rs) when the page reloads or closes
    // is cancelled with it: that is the page going away, not a failure.
    const cancelled = r.failure()?.errorText === 'net::ERR_ABORTED' && r.url().endsWith('.wasm');
    if (!cancelled && !problems.some((p) => p.startsWith('off-host'))) problems.push(`request failed: ${r.url()}`);
  });
}

/**
 * The page object: one browser profile with the app open in a page. Tests act through its
 * methods (open a point, record a figure, go to a view, import a file, read what is stored, …)
 * and wait only for what they need: an element, a stored value, a cache state. Never for a
 * fixed time.
 */
export class App {
  constructor({ base, context, page, problems }) {
    this.base = base;
    this.context = context;
    this.page = page;
    this.problems = problems;
  }

  /**
   * Opens the app at `base + hash` in a fresh browser context (a fresh profile: empty
   * localStorage) and waits for `ready`: by default the plan view (`#/plan`) and its title, where
   * most tests record (a bare address opens 总览). With `storage`, those
   * localStorage keys are set and the app reloaded, so that it starts from them.
   *
   * Off-host requests are refused (routed and aborted). Playwright turns the page's HTTP cache
   * off while it routes requests, so a test of HTTP caching passes `httpCache: true`: then
   * off-host requests are only reported, not refused.
   *
   * `serviceWorkers: 'block'` keeps the service worker from ever taking over: requests the
   * worker answers from its cache are invisible to `page.route`, so a test that holds or
   * refuses a file at the network (a first visit on a bad line) must block it.
   */
  static async open(
    browser,
    base,
    { viewport = PC, hash = '#/plan', storage = {}, ready = '[data-testid=plan-title]', httpCache = false, serviceWorkers = 'allow' } = {},
  ) {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true, serviceWorkers });
    const problems = [];
    const offHost = (href) => {
      const url = new URL(href);
      return url.hostname !== '127.0.0.1' && url.protocol !== 'data:';
    };
    if (httpCache) {
      context.on('request', (r) => offHost(r.url()) && problems.push(`off-host request: ${r.url()}`));
    } else {
      // Tests only ever talk to 127.0.0.1: anything else is refused and reported.
      await context.route('**/*', (route) => {
        const href = route.request().url();
        if (!offHost(href)) return route.continue();
        problems.push(`off-host request: ${href}`);
        return route.abort();
      });
    }
    const page = await context.newPage();
    watch(page, problems);
    await page.goto(base + hash);
    await page.waitForSelector(ready);
    const app = new App({ base, context, page, problems });
    if (Object.keys(storage).length > 0) {
      for (const [key, value] of Object.entries(storage)) await app.setStored(key, value);
      await app.reload();
    }
    return app;
  }

  /** A second tab of the same profile, open on the plan view, with its own list of problems. */
  async newTab() {
    const page = await this.context.newPage();
    const problems = [];
    watch(page, problems);
    await page.goto(`${this.base}#/plan`);
    await page.waitForSelector('[data-testid=plan-title]');
    return new App({ base: this.base, context: this.context, page, problems });
  }

  /** Closes the profile (every tab of it). */
  close() {
    return this.context.close();
  }

  /** Reloads the page and waits for the app to be mounted again (on whatever view it was). */
  async reload() {
    await this.page.reload();
    await this.page.waitForSelector('[data-testid=nav-plan]');
    // The view shown may be a chunk still arriving (its placeholder is drawn with the top bar).
    await this.page.waitForFunction(() => !document.querySelector('[data-testid=view-loading]'));
  }

  /** Saves a screenshot under tests/artifacts/ and returns its path. */
  screenshot(name, options = {}) {
    return screenshot(this.page, name, options);
  }

  /** `page.locator(selector)`, for brevity. */
  $(selector) {
    return this.page.locator(selector);
  }

  // ---- views ----

  /** Clicks the top bar's tab for `view` (plan, dashboard, quick-entry, report, exchange) and waits for it. */
  async goTo(view) {
    await this.page.locator(`[data-testid=nav-${view}]`).click();
    await this.page.locator(VIEWS[view]).first().waitFor();
  }

  /** Sets the as-of date (dashboard, plan, report) as a user would: type it, then leave the field. */
  async setAsOf(date) {
    const input = this.page.locator('[data-testid=as-of]');
    await input.fill(date);
    await input.dispatchEvent('change');
  }

  /** How many pixels the page is wider than the screen (> 0: it scrolls sideways). */
  overflow() {
    return this.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }

  // ---- the plan ----

  /** Point `n`'s locator (open or not). */
  point(n) {
    return this.page.locator(`[data-testid=point][data-point="${n}"]`);
  }

  /** Expands point `n` (if it is closed) and returns its locator. */
  async openPoint(n) {
    const point = this.point(n);
    if ((await point.getAttribute('open')) === null) await point.locator('summary').click();
    await point.locator('[data-testid=point-text]').waitFor({ state: 'visible' });
    return point;
  }

  /** The tasks within `scope` (the whole page by default) whose text contains `text`. */
  task(scope, text) {
    if (typeof scope === 'string') [scope, text] = [this.page, scope];
    return taskWith(scope, text);
  }

  /** Opens the recording panel (if it is closed) of the task containing `text` in point `n`. */
  async openTask(n, text) {
    const task = this.task(await this.openPoint(n), text);
    if ((await task.locator('[data-testid=record-task]').getAttribute('aria-expanded')) !== 'true') {
      await task.locator('[data-testid=record-task]').click();
    }
    await task.locator('[data-testid=record-panel]').waitFor();
    return task;
  }

  /**
   * Fills the entry form of an open `task` (the `subject`-th, for a task with several targets)
   * and saves it: a figure, or a milestone `state`. Waits for nothing: the caller knows whether
   * to expect the record or a refusal.
   */
  async fillEntry(task, { asOf, figure, state, note }, subject = 0) {
    const form = task.locator('[data-testid=entry-form]').nth(subject);
    if (asOf !== undefined) await form.locator('[data-testid=field-as-of]').fill(asOf);
    if (figure !== undefined) await form.locator('[data-testid=field-figure]').fill(figure);
    if (state !== undefined) await form.locator('[data-testid=field-state]').selectOption(state);
    if (note !== undefined) await form.locator('[data-testid=field-note]').fill(note);
    await form.locator('[data-testid=save-entry]').click();
    return form;
  }

  /**
   * Records `figure` as of `asOf` on the task containing `taskText` in point `point` (going to
   * the plan first if another view is shown). With `saved`, waits until the page says it is
   * saved and the debounced save has put it in localStorage. Returns the task's locator.
   */
  async recordFigure(point, taskText, { asOf = '2025-06-30', figure, note = '', subject = 0, saved = false }) {
    if ((await this.page.locator('[data-testid=nav-plan]').getAttribute('aria-current')) !== 'page') {
      await this.goTo('plan');
    }
    const task = await this.openTask(point, taskText);
    await this.fillEntry(task, { asOf, figure, note }, subject);
    if (saved) {
      await task.locator('[data-testid=saved-note]').waitFor();
      await this.waitForStored((raw, f) => (raw || '').includes(`"f","${f}"`), figure);
    }
    return task;
  }

  /** The latest figure shown for the task containing `text` in point `point`, on the plan. */
  async latestFigure(point, text) {
    await this.goTo('plan');
    const task = this.task(await this.openPoint(point), text);
    return task.locator('[data-testid=target-latest]').first().textContent();
  }

  /** Waits until exactly `count` points are shown (not filtered out). */
  waitForVisiblePoints(count) {
    return this.page.waitForFunction(
      (n) => [...document.querySelectorAll('[data-testid=point]')].filter((p) => p.style.display !== 'none').length === n,
      count,
    );
  }

  // ---- quick entry (本月填报) ----

  /**
   * Enters `rows` ([metric, figure, note?]) in the quick-entry grid as of `asOf`, saves, and
   * waits until the grid says they were all saved.
   */
  async enterFigures(asOf, rows) {
    await this.page.locator('[data-testid=nav-quick-entry]').click();
    await this.page.locator('[data-testid=grid-as-of]').fill(asOf);
    for (const [metric, value, note] of rows) {
      const row = this.page
        .locator('[data-testid=grid-row]')
        .filter({ has: this.page.locator('th', { hasText: new RegExp(`^${metric}$`) }) });
      await row.locator('[data-testid=grid-figure]').fill(value);
      if (note !== undefined) await row.locator('[data-testid=grid-note]').fill(note);
    }
    await this.page.locator('[data-testid=grid-save]').click();
    await this.page.locator('[data-testid=grid-outcome]').filter({ hasText: `${rows.length} 条已保存` }).waitFor();
  }

  // ---- the dashboard ----

  /** The dashboard's status counts, by status: `{ on_track: 1, behind: 2, … }`. */
  async statusCounts() {
    const items = await this.page.locator('[data-testid=status-counts] li').evaluateAll((lis) =>
      lis.map((li) => [li.dataset.status, Number(li.querySelector('[data-testid=status-count]').textContent)]),
    );
    return Object.fromEntries(items);
  }

  // ---- localStorage ----

  /**
   * The raw stored text under `key` (the data key by default), or null. A plan's data is its base
   * document and its log (what was recorded since the base was written, see ARCHITECTURE.md):
   * for a data key, the text is the base with the log's records added, as one version-2 document
   * (the base as it is when there is no log or the base is not readable).
   */
  stored(key = KEY) {
    return this.page.evaluate(`(${storedWithLog})(${JSON.stringify(key)})`);
  }

  /** Sets (or, with null, removes) a localStorage key. */
  setStored(key, value) {
    return this.page.evaluate(([k, v]) => (v === null ? localStorage.removeItem(k) : localStorage.setItem(k, v)), [key, value]);
  }

  /** The stored entries: compact rows `[id, subject, as_of, kind, payload, …]` (local format v2). */
  async storedEntries() {
    const raw = await this.stored();
    return raw ? JSON.parse(raw).data.entries : [];
  }

  /** The values of every localStorage key starting with `prefix`. */
  storedUnder(prefix) {
    return this.page.evaluate(
      (p) => Object.keys(localStorage).filter((k) => k.startsWith(p)).map((k) => localStorage.getItem(k)),
      prefix,
    );
  }

  /**
   * Waits until `predicate(raw, arg)` holds, `raw` being the stored text under `key` (null when
   * absent): how a test knows the debounced save has landed. `predicate` runs in the page, so it
   * may use only `raw` and `arg`.
   */
  waitForStored(predicate, arg = null, { key = KEY, timeout } = {}) {
    const expression = `(${predicate})((${storedWithLog})(${JSON.stringify(key)}), ${JSON.stringify(arg)})`;
    return this.page.waitForFunction(expression, null, timeout === undefined ? {} : { timeout });
  }

  /** Waits until the stored data holds `count` entries (or, with `atLeast`, that many or more). */
  waitForEntries(count, { atLeast = false } = {}) {
    return this.waitForStored(
      (raw, { count, atLeast }) => {
        const n = raw ? JSON.parse(raw).data.entries.length : 0;
        return atLeast ? n >= count : n === count;
      },
      { count, atLeast },
    );
  }

  /**
   * Fills localStorage's quota with 64 K filler pieces; with `exact`, then with ever smaller
   * pieces down to one character, so that not a byte is left.
   */
  fillStorage({ exact = false } = {}) {
    return this.page.evaluate((exact) => {
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; ; i++) {
        try {
          localStorage.setItem(`filler.${i}`, chunk);
        } catch {
          break;
        }
      }
      if (!exact) return;
      for (let size = 32 * 1024; size >= 1; size = Math.floor(size / 2)) {
        try {
          localStorage.setItem(`filler.tail.${size}`, 'x'.repeat(size));
        } catch {
          // Try a smaller piece.
        }
      }
    }, exact);
  }

  // ---- plans ----

  /** Pastes `text` in 新建计划 and reads it: waits for the review (or, with `error`, the message). */
  async bringPlan(text, { error = false } = {}) {
    await this.goTo('plans');
    await this.page.locator('[data-testid=plan-text]').fill(text);
    await this.page.locator('[data-testid=read-plan]').click();
    await this.page.locator(error ? '[data-testid=plan-error]' : '[data-testid=review]').waitFor();
  }

  /** Opens the file at `path` in 新建计划: waits for the review (or, with `error`, the message). */
  async bringPlanFile(path, { error = false } = {}) {
    await this.goTo('plans');
    await this.page.locator('[data-testid=plan-file]').setInputFiles(path);
    await this.page.locator(error ? '[data-testid=plan-error]' : '[data-testid=review]').waitFor();
  }

  /** Confirms the review: the plan is tracked and its plan view shown; returns its id. */
  async confirmPlan() {
    await this.page.locator('[data-testid=confirm-plan]').click();
    await this.page.waitForFunction(() => /^#\/p\/[^/]+\/plan$/.test(location.hash));
    await this.page.locator('[data-testid=point]').first().waitFor();
    return this.planId();
  }

  /** The id of the plan the URL names (null: the embedded plan). */
  planId() {
    return this.page.evaluate(() => (/^#\/p\/([^/]+)\//.exec(location.hash) || [])[1] ?? null);
  }

  /** Chooses the plan `id` in the top bar's switcher and waits until its title shows. */
  async switchPlan(id, title) {
    await this.page.locator('[data-testid=plan-switch]').selectOption(id);
    await this.page.locator('[data-testid=plan-title]').filter({ hasText: title }).waitFor();
  }

  /** The registry of tracked plans, as stored (null before any plan was added). */
  async registry() {
    const raw = await this.stored('taizhang.plans');
    return raw ? JSON.parse(raw) : null;
  }

  // ---- files ----

  /** Clicks `target` (a selector or a locator) and returns the download's name, bytes and text. */
  async download(target) {
    const locator = typeof target === 'string' ? this.page.locator(target) : target;
    const [file] = await Promise.all([this.page.waitForEvent('download'), locator.click()]);
    const bytes = await readFile(await file.path());
    return { name: file.suggestedFilename(), bytes, text: bytes.toString('utf8') };
  }

  /** The top bar's export: the snapshot file's name and parsed document. */
  async exportSnapshot() {
    const file = await this.download('[data-testid=export]');
    return { ...file, doc: JSON.parse(file.text) };
  }

  /** Chooses a file in the import card (already shown) and waits for the preview or the error. */
  async chooseFile(path) {
    await this.page.locator('[data-testid=import-file]').setInputFiles(path);
    await this.page.locator('[data-testid=import-preview], [data-testid=import-error]').first().waitFor();
  }

  /** Imports the file at `path` (mode `merge` or `replace`) through the preview, to the end. */
  async importFile(path, { mode = 'merge' } = {}) {
    await this.goTo('exchange');
    await this.chooseFile(path);
    await this.page.locator(`[data-testid=mode-${mode}]`).check();
    await this.page.locator('[data-testid=import-apply]').click();
    await this.page.locator('[data-testid=import-done]').waitFor();
  }

  // ---- the service worker ----

  /** This origin's cached releases (the service worker's caches), by name. */
  cachedReleases() {
    return this.page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('taizhang-')));
  }

  /** Waits until a service worker controls the page, then returns the cached releases. */
  async waitForController() {
    await this.page.waitForFunction(() => Boolean(navigator.serviceWorker?.controller), null, { timeout: 30_000 });
    return this.cachedReleases();
  }

  /**
   * Waits until the cached releases are exactly `names` (checking every 100 ms), then returns
   * them; on timeout, returns what is cached, for the caller's assertion to show.
   */
  async waitForCachedReleases(names, { timeout = 30_000 } = {}) {
    try {
      // waitForFunction does not await a promise (it is truthy at once): each poll reads the
      // cache names asynchronously into the page and judges the names the previous poll read.
      await this.page.waitForFunction(
        (want) => {
          caches.keys().then((keys) => (window.__taizhangReleases = keys.filter((k) => k.startsWith('taizhang-'))));
          return JSON.stringify(window.__taizhangReleases) === JSON.stringify(want);
        },
        names,
        { timeout, polling: 100 },
      );
    } catch (e) {
      if (e.name !== 'TimeoutError') throw e;
    }
    return this.cachedReleases();
  }
}

/**
 * Saves a screenshot of `page` under tests/artifacts/ and returns its path. A full-page one
 * shows every part laid out: parts far from the screen (`content-visibility: auto`: the
 * dashboard's charts, the report's sections, 本月填报's tables) are drawn only as a person
 * scrolls to them, and would be blank in one picture of the whole page.
 */
export async function screenshot(page, name, options = {}) {
  const path = join(artifacts, `${name}.png`);
  const all = options.fullPage
    ? await page.addStyleTag({ content: '* { content-visibility: visible !important; }' })
    : null;
  await page.screenshot({ path, ...options });
  await all?.evaluate((style) => style.remove());
  return path;
}

/** The tasks within `scope` (a page or a locator) whose text contains `text`. */
export function taskWith(scope, text) {
  return scope.locator('[data-testid=task]').filter({ hasText: text });
}

/** A file under a temporary directory holding `text` (files to import); returns its path. */
let tmp;
export async function fileWith(name, text) {
  tmp ??= await mkdtemp(join(tmpdir(), 'taizhang-import-'));
  const path = join(tmp, name);
  await writeFile(path, text);
  return path;
}

/**
 * Registers the suite's set-up and tear-down: one static server over dist/ and one browser for
 * every test of the file. Returns an object whose `server` and `browser` are set once running,
 * and whose `open(options)` opens the app in a fresh profile (see `App.open`).
 */
export function useApp() {
  const env = {
    open: (options) => App.open(env.browser, env.server.base, options),
  };
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
