// Offline and repeat visits: after one visit the service worker (sw.js, written into dist/ at
// every build) opens the app from this browser's cache, with the network gone; a new release
// still shows at once when the network is there, and replaces the old cache. The views the first
// screen does not need are wasm chunks loaded when first opened (src/components/lazy.rs): the
// worker precaches every one of them, so after one visit to the dashboard alone every view still
// opens offline; once the page is idle and the worker controls it, the chunks are loaded ahead
// from its cache, so views open at once even the first time; and while a chunk is on its way
// (a click before that) the view shows a placeholder, never a blank.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, DASHBOARD, PC, PHONE, dist, serveDist, useApp } from './harness.mjs';

const env = useApp();
// A real plan (tests/corpus/), for bringing a plan while offline.
const LIST = readFileSync(new URL('../corpus/jianhu-2026-minsheng.txt', import.meta.url), 'utf8');

/**
 * A copy of the release that a test can change, as a host would on a new deployment, served
 * by its own http.server; its files carry an mtime `age` seconds old, as a real previous
 * release's would. (The browser checks for a new page and a new sw.js with If-Modified-Since,
 * the Last-Modified it was served, and http.server compares that with the file's mtime to the
 * second: a "release 2" written within the same second as the copy was answered 304 Not
 * Modified, and the browser kept the old page or never saw the new worker. That was the flake
 * of one run in three on a fast machine.)
 */
async function deployedRelease(age) {
  const site = mkdtempSync(join(tmpdir(), 'taizhang-release-'));
  cpSync(dist, site, { recursive: true });
  const then = Date.now() / 1000 - age;
  for (const file of readdirSync(site, { recursive: true })) utimesSync(join(site, file), then, then);
  return { site, server: await serveDist({ root: site }) };
}

/** "Deploys" release 2 over `site`: a changed page and, as every build writes, a new service worker. */
function deployRelease2(site) {
  const html = readFileSync(join(site, 'index.html'), 'utf8');
  writeFileSync(join(site, 'index.html'), html.replace('<head>', '<head><meta name="taizhang-release" content="2">'));
  const sw = readFileSync(join(site, 'sw.js'), 'utf8');
  const version = /const VERSION = '([0-9a-f]+)'/.exec(sw)[1];
  writeFileSync(join(site, 'sw.js'), sw.replace(`const VERSION = '${version}'`, "const VERSION = 'release2'"));
}

describe('offline', () => {
  test('after one visit the app opens with the network gone, data and all', async () => {
    const app = await env.open({ viewport: PHONE });
    const { page, problems } = app;
    const forest = await app.recordFigure(11, '营造林', { asOf: '2025-06-30', figure: '1.2' });
    await forest.locator('[data-testid=history-value]').first().waitFor();
    const cachesBefore = await app.waitForController();
    assert.equal(cachesBefore.length, 1, `one release cached: ${cachesBefore}`);
    await app.waitForStored((raw) => (raw || '').includes('"f","1.2"')); // the debounced save

    await app.context.setOffline(true);
    await page.reload();
    await page.waitForSelector('[data-testid=plan-title]');
    assert.equal(await page.locator('[data-testid=plan-title]').textContent(), '乃东区人民政府2025年工作要点');
    const again = app.task(await app.openPoint(11), '营造林');
    await again.locator('[data-testid=record-task]').click();
    assert.deepEqual(await again.locator('[data-testid=history-value]').allTextContents(), ['1.2万亩']);
    // Other views work too (the worker cached every chunk of the release).
    await app.goTo('dashboard');
    await app.screenshot('offline-phone');
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('after one visit to the dashboard alone, every view opens offline, lazily loaded ones too', async () => {
    const app = await env.open({ hash: '#/overview', ready: DASHBOARD });
    const { page, problems } = app;
    // What was fetched before the chunks began to load ahead (once the page is idle and the
    // worker controls it): the first screen's own files.
    const wasmFetched = () =>
      page.evaluate(() => {
        const ahead = performance.getEntriesByName('taizhang-warm:start')[0]?.startTime ?? Infinity;
        return performance
          .getEntriesByType('resource')
          .filter((e) => e.startTime < ahead)
          .map((e) => e.name.split('/').pop())
          .filter((f) => f.endsWith('.wasm'));
      });
    // The first screen fetched the main module and no chunk; the worker cached the rest.
    const firstScreen = await wasmFetched();
    assert.equal(firstScreen.length, 1, `the first screen fetched only the main module: ${firstScreen}`);
    assert.match(firstScreen[0], /_bg\.wasm$/);
    assert.equal((await app.waitForController()).length, 1);
    const sw = await page.evaluate(() => fetch('./sw.js').then((r) => r.text()));
    const files = JSON.parse(/const FILES = (\[.*\]);/.exec(sw)[1]);
    // Every file of the release (each chunk, the loader, the snippets), the page as "./".
    const released = readdirSync(dist, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name !== 'sw.js' && e.name !== 'index.html')
      .map((e) => `./${join(e.parentPath ?? e.path, e.name).slice(dist.length + 1)}`)
      .sort();
    assert.deepEqual(files.filter((f) => f !== './').sort(), released, 'the worker precaches every file of the release');
    const chunks = files.filter((f) => f.endsWith('.wasm') && !f.endsWith('_bg.wasm'));
    assert.ok(chunks.length >= 8, `every chunk is among them: ${chunks}`);

    await app.context.setOffline(true);
    await page.reload();
    await page.waitForSelector('[data-testid=dashboard]');
    for (const view of ['plan', 'quick-entry', 'report', 'office', 'exchange', 'plans', 'dashboard']) {
      await app.goTo(view);
      assert.equal(await page.locator('[data-testid=view-loading]').count(), 0, `${view}: shown, no placeholder left`);
      if (view === 'exchange') await page.locator('[data-testid=sync-panel]').waitFor();
      if (view === 'office') await page.locator('[data-testid=reminders-intro]').waitFor();
    }
    // The settings form, a task's recording panel and a brought plan's review (with the plan
    // reader) are chunks of their own as well.
    await app.bringPlan(LIST);
    await page.locator('[data-testid=cancel-plan]').click();
    await app.goTo('dashboard');
    await page.locator('[data-testid=settings] summary').click();
    await page.locator('[data-testid=set-on-track]').waitFor();
    await app.goTo('plan');
    const forest = app.task(await app.openPoint(11), '营造林');
    await forest.locator('[data-testid=record-task]').click();
    await forest.locator('[data-testid=record-panel]').waitFor();
    await app.recordFigure(11, '营造林', { asOf: '2025-06-30', figure: '2.5' });
    assert.deepEqual(await forest.locator('[data-testid=history-value]').allTextContents(), ['2.5万亩']);
    assert.equal(await page.locator('[data-testid=view-loading]').count(), 0);
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('once the page is idle, every view’s code is loaded ahead: each first opening is at once, with nothing fetched', async () => {
    const app = await env.open({ hash: '#/overview', ready: DASHBOARD });
    const { page, problems } = app;
    // The chunks load ahead only from the worker's cache: first the worker takes over.
    await app.waitForController();
    await page.waitForFunction(() => performance.getEntriesByName('taizhang-warm', 'measure').length === 1);
    const wasmCount = () => page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).length);
    const loadedAhead = await wasmCount();
    assert.ok(loadedAhead >= 8, `the views' chunks were loaded ahead: ${loadedAhead} modules`);
    // Any placeholder drawn from here on is caught, however briefly it shows.
    await page.evaluate(() => {
      window.placeholders = 0;
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1 && (n.matches('[data-testid=view-loading]') || n.querySelector('[data-testid=view-loading]'))) window.placeholders += 1;
      }).observe(document.body, { childList: true, subtree: true });
    });
    for (const view of ['plan', 'quick-entry', 'report', 'office', 'exchange', 'plans', 'dashboard']) await app.goTo(view);
    await app.bringPlan(LIST);
    await page.locator('[data-testid=cancel-plan]').click();
    await app.goTo('dashboard');
    await page.locator('[data-testid=settings] summary').click();
    await page.locator('[data-testid=set-on-track]').waitFor();
    await app.goTo('plan');
    const task = app.task(await app.openPoint(11), '营造林');
    await task.locator('[data-testid=record-task]').click();
    await task.locator('[data-testid=record-panel]').waitFor();
    assert.equal(await page.evaluate(() => window.placeholders), 0, 'no view waited for its code');
    assert.equal(await wasmCount(), loadedAhead, 'no view fetched code on opening');
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('a lazily loaded view shows a placeholder while its code arrives, then the view', async () => {
    const app = await env.open({ hash: '#/overview', ready: DASHBOARD, serviceWorkers: 'block' });
    const { page, problems } = app;
    // Hold the report's chunk at the network until the placeholder has been seen.
    let release;
    const held = new Promise((resolve) => {
      release = resolve;
    });
    let requested = false;
    await page.route(/split_report-[0-9a-f]+\.wasm$/, async (route) => {
      requested = true;
      await held;
      await route.continue();
    });
    await page.locator('[data-testid=nav-report]').click();
    const placeholder = page.locator('[data-testid=view-loading][data-view=report]');
    await placeholder.waitFor();
    assert.ok(requested, 'the report chunk was asked for on the first click');
    assert.equal(await placeholder.textContent(), '正在加载…');
    assert.equal(await page.locator('[data-testid=report]').count(), 0);
    // The rest of the page stays: the top bar and the outline are there, and nothing is blank.
    assert.equal(await page.locator('[data-testid=nav-report]').getAttribute('aria-current'), 'page');
    release();
    await page.locator('[data-testid=report]').waitFor();
    assert.equal(await page.locator('[data-testid=view-loading]').count(), 0);
    // Once loaded, going back to it shows it at once (no placeholder flash).
    await app.goTo('dashboard');
    await page.locator('[data-testid=nav-report]').click();
    assert.equal(await page.locator('[data-testid=view-loading]').count(), 0);
    await page.locator('[data-testid=report]').waitFor();
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('a pointer over a view’s tab, or the focus on it, starts loading its code before the click', async () => {
    // No worker: nothing is loaded ahead, so only the pointer or the focus can have asked.
    const app = await env.open({ hash: '#/overview', ready: DASHBOARD, serviceWorkers: 'block' });
    const { page, problems } = app;
    const asked = (pattern) => new Promise((resolve) => page.route(pattern, (route) => resolve(route.continue())));
    const report = asked(/split_report-[0-9a-f]+\.wasm$/);
    await page.locator('[data-testid=nav-report]').hover();
    await report;
    const office = asked(/split_office-[0-9a-f]+\.wasm$/);
    await page.locator('[data-testid=nav-office]').focus();
    await office;
    // Nothing was opened: the dashboard is still the view.
    assert.equal(await page.locator('[data-testid=nav-dashboard]').getAttribute('aria-current'), 'page');
    await app.goTo('report');
    await app.goTo('office');
    assert.equal(await page.locator('[data-testid=view-loading]').count(), 0);
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('the plans view opens without the plan reader: using its form starts loading the review, shown when the text is read', async () => {
    // No worker: nothing is loaded ahead, so each chunk is asked for when it is needed.
    const app = await env.open({ hash: '#/overview', ready: DASHBOARD, serviceWorkers: 'block' });
    const { page, problems } = app;
    const wasm = [];
    page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url().split('/').pop()); });
    // Hold the review's chunk at the network until its placeholder has been seen.
    let release;
    const held = new Promise((resolve) => {
      release = resolve;
    });
    let asked;
    const reviewAsked = new Promise((resolve) => {
      asked = resolve;
    });
    await page.route(/split_review-[0-9a-f]+\.wasm$/, async (route) => {
      asked();
      await held;
      await route.continue();
    });
    await app.goTo('plans');
    await page.locator('[data-testid=new-plan]').waitFor();
    assert.ok(wasm.some((f) => /^split_plans-/.test(f)), `the plans view's chunk: ${wasm}`);
    assert.ok(!wasm.some((f) => /^split_review-/.test(f)), `not the review's: ${wasm}`);
    // Putting the focus in the form starts the review's load, before any text is read.
    await page.locator('[data-testid=plan-text]').focus();
    await reviewAsked;
    await page.locator('[data-testid=plan-text]').fill(LIST);
    await page.locator('[data-testid=read-plan]').click();
    const placeholder = page.locator('[data-testid=view-loading][data-view=review]');
    await placeholder.waitFor();
    assert.equal(await page.locator('[data-testid=plan-list]').count(), 1, 'the list stays above it');
    release();
    await page.locator('[data-testid=review]').waitFor();
    assert.equal(await page.locator('[data-testid=view-loading]').count(), 0);
    assert.match(await page.locator('[data-testid=review-counts]').textContent(), /\d/);
    // Cancelled and brought again, the review shows at once: no placeholder, however brief.
    await page.locator('[data-testid=cancel-plan]').click();
    await page.evaluate(() => {
      window.placeholders = 0;
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1 && (n.matches('[data-testid=view-loading]') || n.querySelector('[data-testid=view-loading]'))) window.placeholders += 1;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.locator('[data-testid=plan-text]').fill(LIST);
    await page.locator('[data-testid=read-plan]').click();
    await page.locator('[data-testid=review]').waitFor();
    assert.equal(await page.evaluate(() => window.placeholders), 0);
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('a view whose code cannot be fetched says so, keeps the app running, and loads on retry', async () => {
    const app = await env.open({ hash: '#/overview', ready: DASHBOARD, serviceWorkers: 'block' });
    const { page, problems } = app;
    // The connection drops before the report's chunk arrives (a first visit on a bad line).
    const chunk = /split_report-[0-9a-f]+\.wasm$/;
    let refused = 0;
    await page.route(chunk, (route) => {
      refused += 1;
      return route.abort('internetdisconnected');
    });
    await page.locator('[data-testid=nav-report]').click();
    const failed = page.locator('[data-testid=view-failed][data-view=report]');
    await failed.waitFor();
    assert.ok(refused >= 1, 'the report chunk was asked for');
    assert.match(await failed.locator('p').textContent(), /未能加载.*网络.*已记录的数据不受影响/);
    assert.equal(await page.locator('[data-testid=report]').count(), 0);
    // The app goes on: another view opens, and the top bar works.
    await app.goTo('dashboard');
    await page.locator('[data-testid=dashboard]').waitFor();
    // Back on the line, 重试 loads it.
    await page.locator('[data-testid=nav-report]').click();
    await failed.waitFor();
    await page.unroute(chunk);
    await failed.locator('[data-testid=view-retry]').click();
    await page.locator('[data-testid=report]').waitFor();
    assert.equal(await page.locator('[data-testid=view-failed]').count(), 0);
    // The only problems are the refused fetches themselves.
    assert.deepEqual(problems.filter((p) => !/split_report|ERR_INTERNET_DISCONNECTED|Failed to load resource|TypeError: Failed to fetch/.test(p)), []);
    await app.close();
  });

  test('the pack of small shared chunks refused by the server: the view says so, and loads on retry', async () => {
    const app = await env.open({ hash: '#/overview', ready: DASHBOARD, serviceWorkers: 'block' });
    const { page, problems } = app;
    // A proxy answering an error page instead of the file: the loader checks the status.
    const pack = /chunks-[0-9a-f]+\.pack$/;
    let refused = 0;
    await page.route(pack, (route) => {
      refused += 1;
      return route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>维护中</h1>' });
    });
    await page.locator('[data-testid=nav-office]').click();
    const failed = page.locator('[data-testid=view-failed][data-view=office]');
    await failed.waitFor();
    // Asked for again by each new attempt (the pointer over the tab, the click: a failed fetch is
    // not kept), never once per chunk in it (it holds dozens).
    assert.ok(refused >= 1 && refused < 10, `the pack was asked for: ${refused}`);
    assert.match(await failed.locator('p').textContent(), /未能加载.*网络.*已记录的数据不受影响/);
    await page.unroute(pack);
    await failed.locator('[data-testid=view-retry]').click();
    await page.locator('[data-testid=office]').waitFor();
    assert.equal(await page.locator('[data-testid=view-failed]').count(), 0);
    // Another view needing the pack takes it from the one fetch that succeeded.
    const before = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /\.pack$/.test(e.name)).length);
    await app.goTo('report');
    await page.locator('[data-testid=report]').waitFor();
    const after = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /\.pack$/.test(e.name)).length);
    assert.equal(after, before, 'the pack is fetched once');
    assert.deepEqual(problems.filter((p) => !/chunks-[0-9a-f]+\.pack|503|Failed to load resource/.test(p)), []);
    await app.close();
  });

  test('a new release shows at once when online, and replaces the cached one', async () => {
    // Release 1 was deployed a minute ago.
    const { site, server } = await deployedRelease(60);
    try {
      const app = await App.open(env.browser, server.base, { viewport: PC });
      const { page, problems } = app;
      const [first] = await app.waitForController();

      deployRelease2(site);
      await page.reload();
      await page.waitForSelector('[data-testid=plan-title]');
      assert.equal(await page.locator('meta[name=taizhang-release]').count(), 1, 'the page came from the network');
      // The new worker takes over and drops the old release's cache.
      const releases = await app.waitForCachedReleases(['taizhang-release2']);
      assert.deepEqual(releases, ['taizhang-release2']);
      assert.notEqual(first, 'taizhang-release2');

      // And release 2 opens offline from its own cache.
      await app.context.setOffline(true);
      await page.reload();
      await page.waitForSelector('[data-testid=plan-title]');
      assert.equal(await page.locator('meta[name=taizhang-release]').count(), 1);
      assert.deepEqual(problems, []);
      await app.close();
    } finally {
      server.close();
    }
  });

  test('the first plain visit after a deployment shows the new release, even over an old one', async () => {
    // Release 1 is a month old: a page the HTTP cache would call fresh for three more days
    // (a tenth of its age, as no Cache-Control is sent), had the worker let it answer.
    const { site, server } = await deployedRelease(30 * 86_400);
    try {
      const app = await App.open(env.browser, server.base, { viewport: PC, httpCache: true });
      const { page, problems } = app;
      await app.waitForController();

      deployRelease2(site);
      // Opened again as from a bookmark: a plain navigation, not a reload.
      await page.goto(server.base);
      await page.waitForSelector('[data-testid=dashboard]');
      assert.equal(await page.locator('meta[name=taizhang-release]').count(), 1, 'the page came from the server');
      assert.deepEqual(await app.waitForCachedReleases(['taizhang-release2']), ['taizhang-release2']);
      assert.deepEqual(problems, []);
      await app.close();
    } finally {
      server.close();
    }
  });
});
