// The benchmark (scripts/bench.sh builds everything, then runs this): transfer size, start-up,
// one entry, and a city-sized plan, each printed with its budget and, where the issue asks,
// its ratio to a bare Leptos counter built in the same run. A measurement, not a test: it exits
// 0 whatever the figures; "miss" lines say which budgets do not hold.
//
// usage: node bench/bench.mjs APP_DIST COUNTER_DIST CITY_DIST CITY_SNAPSHOT

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { launchBrowser, serveDist } from '../tests/e2e/harness.mjs';
import { cityEntries } from './city.mjs';

const [appDist, counterDist, cityDist, citySnapshot] = process.argv.slice(2);
const RUNS = 11;
// Real plans published by governments (tests/corpus/), for the plan measurements.
const corpusDir = new URL('../tests/corpus/', import.meta.url);
const corpusTexts = readdirSync(corpusDir).filter((f) => f.endsWith('.txt')).sort()
  .map((f) => readFileSync(new URL(f, corpusDir), 'utf8'));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const ms = (x) => `${x.toFixed(1)} ms`;
const verdict = (ok) => (ok ? 'pass' : 'MISS');
const results = [];
function budget(name, ok, detail) {
  results.push({ name, ok, detail });
}

function files(dir) {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => statSync(f).isFile());
}

function sizes(dir) {
  return files(dir).map((f) => {
    const buf = readFileSync(f);
    return {
      file: f.slice(dir.length + 1),
      raw: buf.length,
      gzip: gzipSync(buf, { level: 9 }).length,
      brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
}

function printSizes(title, rows) {
  console.log(`\n${title}`);
  console.log(`  ${'file'.padEnd(52)} ${'raw'.padStart(10)} ${'gzip -9'.padStart(10)} ${'brotli'.padStart(10)}`);
  for (const r of rows) {
    console.log(`  ${r.file.padEnd(52)} ${kb(r.raw).padStart(10)} ${kb(r.gzip).padStart(10)} ${kb(r.brotli).padStart(10)}`);
  }
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  console.log(`  ${'total'.padEnd(52)} ${kb(total.raw).padStart(10)} ${kb(total.gzip).padStart(10)} ${kb(total.brotli).padStart(10)}`);
  return total;
}

// ---- transfer size ---------------------------------------------------------------------------
console.log('== Transfer size (release dist/, every file: the whole release, which the service worker precaches)');
const app = printSizes('Taizhang', sizes(appDist));
const counter = printSizes('Bare Leptos 0.8 counter (same profile, same wasm-opt -Oz)', sizes(counterDist));
console.log(`\n  ratio app / counter: gzip ${(app.gzip / counter.gzip).toFixed(2)}×, brotli ${(app.brotli / counter.brotli).toFixed(2)}×`);

// Waits until a first visit has settled: the service worker installed (it downloads the whole
// release a second after start-up) and the views' code loaded ahead. The operations timed after
// it (an import, a paste) are timed on their own, not racing that one-off background download.
const settle = (page) => page.waitForFunction(
  () => performance.getEntriesByName('taizhang-warm', 'measure').length === 1, null, { timeout: 60_000 });

// ---- start-up --------------------------------------------------------------------------------
const browser = await launchBrowser();
const appServer = await serveDist({ root: appDist });
const counterServer = await serveDist({ root: counterDist });
const cityServer = await serveDist({ root: cityDist });

const appMain = [];
const appStages = [];
const appComplete = [];
// Start-up to `mark` (set once the view is in the page), and until the frame after it has been
// laid out and painted (what the user sees: the first layout of a page of CJK text costs the
// browser far more than a counter's), pushed to `painted`.
async function markTime(url, mark, painted) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript((m) => {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.name === m) requestAnimationFrame(() => setTimeout(() => { window.benchPainted = performance.now(); }, 0));
      }
    }).observe({ type: 'mark', buffered: true });
  }, mark);
  await page.goto(url);
  const t = await page.waitForFunction((m) => performance.getEntriesByName(m)[0]?.startTime, mark, { timeout: 60_000 });
  const value = await t.jsonValue();
  painted.push(await (await page.waitForFunction(() => window.benchPainted, null, { timeout: 60_000 })).jsonValue());
  const main = await page.evaluate(() => performance.getEntriesByName('taizhang-main')[0]?.startTime);
  if (mark === 'taizhang-dashboard-rendered') {
    // What is below the first screen is built after it (at the first idle moment, or once it is
    // near the screen): the dashboard complete.
    appComplete.push(await (await page.waitForFunction(() => performance.getEntriesByName('taizhang-dashboard-complete')[0]?.startTime, null, { timeout: 60_000 })).jsonValue());
  }
  if (main !== undefined) {
    appMain.push(main);
    appStages.push(await page.evaluate(() =>
      Object.fromEntries(['taizhang-plan', 'taizhang-load', 'taizhang-assess', 'taizhang-chart'].map((n) => [n.slice(9),
        performance.getEntriesByName(n).reduce((t, m) => t + m.duration, 0)]))));
  }
  await context.close();
  return value;
}

console.log(`\n== Start-up (headless Chromium, 127.0.0.1, fresh profile each run, median of ${RUNS})`);
const appTimes = [];
const counterTimes = [];
const appPainted = [];
const counterPainted = [];
for (let i = 0; i < RUNS; i++) {
  // Interleaved, so that both see the same machine load.
  counterTimes.push(await markTime(counterServer.base, 'counter-mounted', counterPainted));
  appTimes.push(await markTime(`${appServer.base}#/overview`, 'taizhang-dashboard-rendered', appPainted));
}
const appStart = median(appTimes);
const counterStart = median(counterTimes);
console.log(`  dashboard's first screen rendered (its status chart drawn; what is below is built after it): ${ms(appStart)}   runs: ${appTimes.map((t) => t.toFixed(0)).join(' ')}`);
console.log(`  the part below the first screen (the sections' charts, the settings) built too, at the first idle moment or once near the screen (at 1440×900: after the first layout): ${ms(median(appComplete))}`);
console.log(`  bare counter mounted:                   ${ms(counterStart)}   runs: ${counterTimes.map((t) => t.toFixed(0)).join(' ')}`);
console.log(`  ratio: ${(appStart / counterStart).toFixed(2)}×`);
console.log(`  until the frame after is painted: dashboard ${ms(median(appPainted))}, counter ${ms(median(counterPainted))}: ${(median(appPainted) / median(counterPainted)).toFixed(2)}× (the dashboard's first layout and paint: ${ms(median(appPainted.map((p, i) => p - appTimes[i])))})`);
console.log(`  of the app's time: until its wasm runs (download, compile, instantiate) ${ms(median(appMain))}, then read the plan (parsed at build time), load the data, assess and render ${ms(appStart - median(appMain))}`);
console.log(`  inside that: ${['plan', 'load', 'assess', 'chart'].map((n) => `${n} ${ms(median(appStages.map((s) => s[n])))}`).join(', ')} (the charts drawn by then); the rest is building the page`);
// What is left to build and draw, all at once (as printing asks): from the event to the last
// chart in the page. Start-up plus this is the dashboard with every chart.
const restTimes = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${appServer.base}#/overview`);
  await page.waitForFunction(() => performance.getEntriesByName('taizhang-dashboard-rendered')[0], null, { timeout: 60_000 });
  restTimes.push(await page.evaluate(() => new Promise((done) => {
    const t0 = performance.now();
    window.dispatchEvent(new Event('beforeprint'));
    const left = () => document.querySelector('[data-testid=dashboard]').dataset.complete !== 'true'
      || document.querySelector('[data-testid=chart] .chart[data-drawn=false]');
    const check = () => (left() ? setTimeout(check, 0) : done(performance.now() - t0));
    check();
  })));
  await context.close();
}
console.log(`  the part below the first screen built and its charts drawn, all at once (as printing asks): ${ms(median(restTimes))}; start-up with every chart drawn ≈ ${ms(appStart + median(restTimes))}`);
// A repeat visit: the same browser profile opening the app again, its files now served by the
// service worker's cache (and the wasm compiled from V8's code cache where it kept one).
const repeatTimes = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const first = await context.newPage();
  await first.goto(`${appServer.base}#/overview`);
  await first.waitForFunction(() => navigator.serviceWorker?.controller, null, { timeout: 60_000 });
  await first.close();
  const page = await context.newPage();
  await page.goto(`${appServer.base}#/overview`);
  const t = await page.waitForFunction(() => performance.getEntriesByName('taizhang-dashboard-rendered')[0]?.startTime, null, { timeout: 60_000 });
  repeatTimes.push(await t.jsonValue());
  await context.close();
}
console.log(`  repeat visit (same profile, files from the service worker's cache): ${ms(median(repeatTimes))}, ${(median(repeatTimes) / counterStart).toFixed(2)}× the counter's first visit`);
budget('dashboard ≤ 2× the counter', appStart <= 2 * counterStart, `${ms(appStart)} vs ${ms(counterStart)} (${(appStart / counterStart).toFixed(2)}×)`);

// ---- first visit and lazily loaded views -----------------------------------------------------
// What a first visit transfers: the page and every file the page itself fetched until the view
// was drawn (resource timing), plus sw.js (which the app registers once the first screen is shown and the page is idle). The service
// worker then precaches the rest of the release (every chunk) in the background, for offline use.
const appRows = sizes(appDist);
const gzipOf = (file) => appRows.find((r) => r.file === file)?.gzip ?? 0;
async function firstVisit(hash, ready) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${appServer.base}${hash}`);
  await page.waitForSelector(ready, { timeout: 60_000 });
  // Up to the moment the views' code begins to load ahead (once the page is idle and the worker
  // controls it, which on 127.0.0.1 can come before this script sees the view): that is not
  // what the first screen needed.
  const urls = await page.evaluate(() => {
    const ahead = performance.getEntriesByName('taizhang-warm:start')[0]?.startTime ?? Infinity;
    return performance.getEntriesByType('resource').filter((e) => e.startTime < ahead).map((e) => e.name);
  });
  await context.close();
  const loaded = new Set(['index.html', 'sw.js']);
  for (const u of urls) {
    if (u.startsWith(appServer.base)) loaded.add(decodeURIComponent(u.slice(appServer.base.length).split('#')[0]) || 'index.html');
  }
  return [...loaded].sort();
}
const isChunk = (f) => (f.endsWith('.wasm') && !f.endsWith('_bg.wasm')) || f.endsWith('.pack');
console.log('\n== First visit (what the first screen loads; gzip -9)');
const firstFiles = await firstVisit('#/overview', '[data-testid=dashboard]');
for (const f of firstFiles) console.log(`  ${f.padEnd(52)} ${kb(gzipOf(f)).padStart(10)}`);
const firstGzip = firstFiles.reduce((t, f) => t + gzipOf(f), 0);
console.log(`  ${'first visit, the dashboard (#/overview)'.padEnd(52)} ${kb(firstGzip).padStart(10)}   (${(firstGzip / counter.gzip).toFixed(2)}× the counter's ${kb(counter.gzip)})`);
// A bare address opens 总览 too, from the main wasm alone.
const bareFiles = await firstVisit('', '[data-testid=dashboard]');
const bareGzip = bareFiles.reduce((t, f) => t + gzipOf(f), 0);
console.log(`  ${'first visit without a fragment (总览)'.padEnd(52)} ${kb(bareGzip).padStart(10)}${bareFiles.some(isChunk) ? `   incl. ${bareFiles.filter(isChunk).join(', ')}` : ''}`);
const planFiles = await firstVisit('#/plan', '[data-testid=point]');
const planGzip = planFiles.reduce((t, f) => t + gzipOf(f), 0);
console.log(`  ${'first visit to the plan view (#/plan)'.padEnd(52)} ${kb(planGzip).padStart(10)}${planFiles.some(isChunk) ? `   incl. ${planFiles.filter(isChunk).join(', ')}` : ''}`);
const chunkRows = appRows.filter((r) => isChunk(r.file));
console.log(`  loaded on demand (each chunk; precached by the service worker after the first visit):`);
for (const r of chunkRows) console.log(`    ${r.file.padEnd(50)} ${kb(r.gzip).padStart(10)}`);
console.log(`  ${'chunks together'.padEnd(52)} ${kb(chunkRows.reduce((t, r) => t + r.gzip, 0)).padStart(10)}; the whole release ${kb(app.gzip)}`);
budget('first visit (dashboard) ≤ 200 KB gzip', firstGzip <= 200 * 1024, `${kb(firstGzip)} gzip, html + js + wasm + css + sw.js (the whole release ${kb(app.gzip)})`);

// A lazily loaded view's first opening: click → its code fetched, compiled and linked, the view
// built and drawn (the next frame after it is in the page with no placeholder left).
const LAZY = [
  { name: 'report', hash: '#/overview', ready: '[data-testid=dashboard]', click: '[data-testid=nav-report]', view: '[data-testid=report]' },
  { name: '督办 (office)', hash: '#/overview', ready: '[data-testid=dashboard]', click: '[data-testid=nav-office]', view: '[data-testid=office]' },
  { name: 'data exchange', hash: '#/overview', ready: '[data-testid=dashboard]', click: '[data-testid=nav-exchange]', view: '[data-testid=exchange]' },
  { name: '本月填报 grid', hash: '#/overview', ready: '[data-testid=dashboard]', click: '[data-testid=nav-quick-entry]', view: '[data-testid=quick-entry]' },
  { name: 'plans (new plan, Word reader)', hash: '#/overview', ready: '[data-testid=dashboard]', click: '[data-testid=nav-plans]', view: '[data-testid=plans]' },
  { name: 'settings form', hash: '#/overview', ready: '[data-testid=dashboard]', click: '[data-testid=settings] summary', view: '[data-testid=set-on-track]' },
  { name: 'record panel', hash: '#/plan', ready: '[data-testid=record-task]', click: '[data-testid=record-task]', view: '[data-testid=record-panel]' },
];
const LAZY_RUNS = 5;
// Two moments of a first opening: at once after the first screen appears (the chunks come from
// the test server, while the service worker is still installing), and once the page has settled
// (the worker controls it and has loaded the views' chunks ahead, `taizhang-warm`).
async function firstOpening(v, settled) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${appServer.base}${v.hash}`);
  // In the DOM is enough: the record buttons are inside closed points (the click is the DOM's).
  await page.waitForSelector(v.ready, { state: 'attached', timeout: 60_000 });
  if (settled) {
    await page.waitForFunction(() => performance.getEntriesByName('taizhang-warm', 'measure').length === 1, null, { timeout: 60_000 });
    warmTimes.push(await page.evaluate(() => {
      const w = performance.getEntriesByName('taizhang-warm', 'measure')[0];
      return { shown: performance.getEntriesByName('taizhang-dashboard-rendered')[0]?.startTime, start: w.startTime, end: w.startTime + w.duration };
    }));
  }
  const before = await page.evaluate(() => performance.getEntriesByType('resource').length);
  const time = await page.evaluate(({ click, view }) => new Promise((done) => {
    const usable = () => document.querySelector(view) && !document.querySelector('[data-testid=view-loading]');
    const t0 = performance.now();
    const finish = () => requestAnimationFrame(() => done(performance.now() - t0));
    const observer = new MutationObserver(() => {
      if (usable()) {
        observer.disconnect();
        finish();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    document.querySelector(click).click();
    if (usable()) {
      observer.disconnect();
      finish();
    }
  }), v);
  const fetched = await page.evaluate((n) => performance.getEntriesByType('resource').slice(n).map((e) => e.name.split('/').pop()), before);
  await context.close();
  return { time, fetched: fetched.filter((f) => f.endsWith('.wasm')) };
}
const slowest = { cold: 0, settled: 0 };
const warmTimes = [];
for (const [mode, title] of [['cold', 'at once after the first screen (chunks from the server)'], ['settled', 'once the page is idle (chunks loaded ahead from the worker\'s cache)']]) {
  console.log(`\n== Lazily loaded views, first click → usable, ${title}: fresh profile each run, median of ${LAZY_RUNS}`);
  for (const v of LAZY) {
    const runs = [];
    for (let i = 0; i < LAZY_RUNS; i++) runs.push(await firstOpening(v, mode === 'settled'));
    const t = median(runs.map((r) => r.time));
    slowest[mode] = Math.max(slowest[mode], t);
    const got = runs[runs.length - 1].fetched;
    console.log(`  ${v.name.padEnd(30)} ${ms(t).padStart(9)}   runs: ${runs.map((r) => r.time.toFixed(0)).join(' ')}   fetched: ${got.map((f) => `${f} (${kb(gzipOf(f))})`).join(', ') || 'nothing'}`);
  }
}
{
  const shown = warmTimes.filter((w) => w.shown !== undefined);
  console.log(`  loading ahead (from navigation, the dashboard's runs, median of ${shown.length}): dashboard shown ${ms(median(shown.map((w) => w.shown)))}, first chunk asked ${ms(median(shown.map((w) => w.start)))}, every view's code in ${ms(median(shown.map((w) => w.end)))}`);
}
budget('a lazily loaded view ≤ 100 ms, once the page is idle', slowest.settled <= 100, `slowest first opening ${ms(slowest.settled)} (median of ${LAZY_RUNS})`);
budget('a lazily loaded view ≤ 100 ms, clicked at once after the first screen', slowest.cold <= 100, `slowest first opening ${ms(slowest.cold)} (median of ${LAZY_RUNS})`);

// ---- interaction -----------------------------------------------------------------------------
console.log(`\n== One entry (record a figure on the plan view, median of ${RUNS})`);
{
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${appServer.base}#/plan`);
  await page.waitForSelector('[data-testid=plan-title]');
  const point = page.locator('[data-testid=point][data-point="11"]');
  await point.locator('summary').click();
  const task = point.locator('[data-testid=task]').filter({ hasText: '营造林' });
  await task.locator('[data-testid=record-task]').click();
  const form = task.locator('[data-testid=entry-form]').first();
  await form.locator('[data-testid=field-as-of]').fill('2025-06-30');
  const ui = [];
  const save = [];
  for (let i = 0; i < RUNS; i++) {
    // Distinct, and without trailing zeros (1.10 would read back as 1.1).
    const figure = `1.${i + 1}1`;
    await form.locator('[data-testid=field-figure]').fill(figure);
    // From the click to the target row, its status and its history showing the new figure.
    const t = await page.evaluate(async (f) => {
      const task = [...document.querySelectorAll('[data-point="11"] [data-testid=task]')].find((t) => t.textContent.includes('营造林'));
      const button = task.querySelector('[data-testid=save-entry]');
      const done = () => task.querySelector('[data-testid=target-latest]')?.textContent.startsWith(`${f}万亩`) &&
        task.querySelector('[data-testid=history-value]')?.textContent === `${f}万亩`;
      const t0 = performance.now();
      button.click();
      await new Promise((resolve) => {
        if (done()) return resolve();
        const obs = new MutationObserver(() => {
          if (done()) {
            obs.disconnect();
            resolve();
          }
        });
        obs.observe(task, { subtree: true, childList: true, characterData: true });
      });
      return performance.now() - t0;
    }, figure);
    ui.push(t);
    // Then the (debounced) save: its own duration, measured inside the app.
    const s = await page.waitForFunction((n) => {
      const m = performance.getEntriesByName('taizhang-save');
      // An object, so that a save too quick for the timer's resolution (0 ms) still counts.
      return m.length >= n ? { d: m[m.length - 1].duration } : null;
    }, i + 1);
    save.push((await s.jsonValue()).d);
  }
  const total = median(ui.map((u, i) => u + save[i]));
  console.log(`  views updated: ${ms(median(ui))}   saved (serialise + read-merge-write): ${ms(median(save))}   together: ${ms(total)}`);
  console.log('  (the write itself waits 250 ms after the last change, so a burst of typing is one write; not counted)');
  budget('one entry ≤ 16 ms', total <= 16, ms(total));
  await context.close();
}

// ---- scale -----------------------------------------------------------------------------------
const IMPORTS = 5;
console.log(`\n== City-sized plan (1,000 tasks, 200 targets, 48,000 entries; median of ${IMPORTS} imports, each into a fresh profile)`);
{
  const raw = readFileSync(citySnapshot);
  console.log(`  snapshot file: ${kb(raw.length)} raw, ${kb(gzipSync(raw, { level: 9 }).length)} gzip`);
  const runs = [];
  let last;
  for (let i = 0; i < IMPORTS; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${cityServer.base}#/exchange`);
    await page.waitForSelector('[data-testid=exchange]');
    await settle(page);
    // Timed inside the page, from the event to the next frame after the result is in the DOM,
    // so that the driver's own round trips are not counted.
    await page.evaluate(() => {
      window.benchShown = (selector) => new Promise((resolve) => {
        const frame = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
        if (document.querySelector(selector)) return frame();
        const obs = new MutationObserver(() => {
          if (document.querySelector(selector)) {
            obs.disconnect();
            frame();
          }
        });
        obs.observe(document.body, { subtree: true, childList: true });
      });
      window.benchChosen = new Promise((resolve) =>
        document.addEventListener('change', () => resolve(performance.now()), { capture: true, once: true }));
    });
    await page.locator('[data-testid=import-file]').setInputFiles(citySnapshot);
    const preview = await page.evaluate(async () => {
      const shown = window.benchShown('[data-testid=import-preview], [data-testid=import-error]');
      return (await shown) - (await window.benchChosen);
    });
    const apply = await page.evaluate(async () => {
      const button = document.querySelector('[data-testid=import-apply]');
      if (!button) return 0;
      const shown = window.benchShown('[data-testid=import-done], [data-testid=import-error]');
      const t0 = performance.now();
      button.click();
      return (await shown) - t0;
    });
    const imported = (await page.locator('[data-testid=import-done]').count()) === 1;
    const stages = await page.evaluate(() =>
      Object.fromEntries(performance.getEntriesByType('measure').filter((m) => m.name.startsWith('taizhang-import-')).map((m) => [m.name.slice(16), m.duration])));
    runs.push({ preview, apply, total: preview + apply, imported, stages });
    if (last) await last.context.close();
    last = { context, page, imported, failure: imported ? '' : await page.locator('[data-testid=import-error]').textContent() };
  }
  const { page, context, imported, failure } = last;
  const stageNames = Object.keys(runs[0].stages);
  console.log(`  import stages (inside the app): ${stageNames.map((n) => `${n} ${ms(median(runs.map((r) => r.stages[n] ?? 0)))}`).join(', ')}`);
  const total = median(runs.map((r) => r.total));
  console.log(`  import as the user sees it (event → next frame after the result shows): choose file → preview ${ms(median(runs.map((r) => r.preview)))}, confirm → done ${ms(median(runs.map((r) => r.apply)))}, together ${ms(total)}`);
  if (!imported) console.log(`  import refused: ${failure.trim()}`);
  const footprint = await page.evaluate(() => {
    let chars = 0;
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      chars += k.length + localStorage.getItem(k).length;
    }
    return { chars, data: (localStorage.getItem('taizhang.data') || '').length };
  });
  const quota = 5 * 1024 * 1024;
  console.log(`  localStorage: ${(footprint.chars / 1e6).toFixed(2)} M characters of Chromium's ${(quota / 1e6).toFixed(2)} M (the data itself ${(footprint.data / 1e6).toFixed(2)} M; a replace keeps a backup of the same order)`);
  // And a few plans beside the city's ledger: their texts and (empty) data, written as the app
  // writes them when a plan is tracked.
  const withPlans = await page.evaluate((texts) => {
    let extra = 0;
    texts.forEach((t, i) => {
      localStorage.setItem(`taizhang.plan.bench-${i}.text`, t);
      extra += `taizhang.plan.bench-${i}.text`.length + t.length;
    });
    texts.forEach((_, i) => localStorage.removeItem(`taizhang.plan.bench-${i}.text`));
    return extra;
  }, [corpusTexts.join('\n'), corpusTexts.slice(0, 10).join('\n'), corpusTexts.slice(10).join('\n')]);
  console.log(`  with three more plans tracked beside it (${(withPlans / 1e3).toFixed(0)} K characters of text, the whole corpus twice): ${((footprint.chars + withPlans) / 1e6).toFixed(2)} M characters`);
  budget('city ledger + three plans fit in localStorage', imported && footprint.chars + withPlans <= quota, `${((footprint.chars + withPlans) / 1e6).toFixed(2)} M characters`);
  // First screen: the dashboard of the city plan with its ledger loaded from storage.
  const session = await context.newCDPSession(page);
  await session.send('Performance.enable');
  const firsts = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${cityServer.base}#/overview`);
    await page.reload();
    const t = await page.waitForFunction(() => performance.getEntriesByName('taizhang-dashboard-rendered')[0]?.startTime, null, { timeout: 120_000 });
    firsts.push(await t.jsonValue());
  }
  const first = median(firsts);
  const metrics = Object.fromEntries((await session.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  console.log(`  first screen (dashboard from navigation, ledger loaded from storage, median of 5): ${ms(first)}`);
  console.log(`  memory after the first screen: JS heap ${kb(metrics.JSHeapUsedSize)} used of ${kb(metrics.JSHeapTotalSize)} (the wasm heap is not included)`);
  // A floor measured in the same run: the browser's own JSON.parse of the same file.
  const parseMs = await page.evaluate((text) => {
    const runs = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      JSON.parse(text);
      runs.push(performance.now() - t0);
    }
    return runs.sort((a, b) => a - b)[2];
  }, raw.toString('utf8'));
  console.log(`  baseline, same run: the browser's JSON.parse of the file ${ms(parseMs)}; the import as seen is ${(total / parseMs).toFixed(1)}× that (measured after the memory figure, in the same page)`);
  budget('city plan imports and renders ≤ 500 ms', imported && total + first <= 500, `import ${ms(total)} + first screen ${ms(first)} = ${ms(total + first)}`);
  // One entry with the city's ledger loaded: the monthly grid, click → the row shows the figure,
  // then that entry's debounced save (its main-thread time, inside the app).
  if (imported) {
    const { views, saves } = await cityEntries(page, cityServer.base, RUNS);
    const together = views.map((v, i) => v + saves[i]);
    console.log(`  one entry at city scale (monthly grid, median of ${RUNS}): views ${ms(median(views))}, save ${ms(median(saves))}, together ${ms(median(together))}`);
    console.log(`    runs (views + save): ${views.map((v, i) => `${v.toFixed(0)}+${saves[i].toFixed(0)}`).join(' ')}`);
    const chars = await page.evaluate(() => ['taizhang.data', 'taizhang.data.log'].map((k) => (localStorage.getItem(k) || '').length));
    console.log(`    stored after them: base ${(chars[0] / 1e6).toFixed(2)} M characters, log ${(chars[1] / 1e3).toFixed(1)} K characters`);
    budget('one entry at city scale ≤ 16 ms', median(together) <= 16, `${ms(median(together))} (views ${ms(median(views))} + save ${ms(median(saves))})`);
  } else {
    budget('one entry at city scale ≤ 16 ms', false, 'import refused');
  }
  budget('city ledger fits in localStorage', imported && footprint.chars <= quota, `${(footprint.chars / 1e6).toFixed(2)} M characters${imported ? '' : ' (import refused)'}`);
  await context.close();
}

// ---- plans ------------------------------------------------------------------------------------
// A real plan of about 15,000 characters: the corpus's published texts, joined in name order.
let plan15k = '';
for (const t of corpusTexts) {
  if (plan15k.length >= 15_000) break;
  plan15k += `${t}\n`;
}
console.log(`\n== Plans (median of ${RUNS})`);
{
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${appServer.base}#/plans`);
  await page.locator('[data-testid=plan-text]').waitFor();
  await settle(page);
  await page.locator('[data-testid=plan-text]').fill(plan15k);
  // Click → the next frame after the review is on screen, timed inside the page.
  const reviews = [];
  for (let i = 0; i < RUNS; i++) {
    reviews.push(await page.evaluate(() => new Promise((done) => {
      const t0 = performance.now();
      document.querySelector('[data-testid=read-plan]').click();
      const check = () => (document.querySelector('[data-testid=review]')
        ? requestAnimationFrame(() => done(performance.now() - t0))
        : requestAnimationFrame(check));
      check();
    })));
    await page.locator('[data-testid=cancel-plan]').click();
    await page.locator('[data-testid=plan-text]').fill(plan15k);
  }
  const review = median(reviews);
  console.log(`  paste → review of a ${plan15k.length.toLocaleString('en')}-character plan (parse, read, render the review): ${ms(review)}   runs: ${reviews.map((t) => t.toFixed(0)).join(' ')}`);
  budget('paste → review of 15,000 characters ≤ 100 ms', review <= 100, ms(review));
  // Track it, then switch between it and the seed: choose → the next frame after the other
  // plan's dashboard is drawn.
  await page.locator('[data-testid=read-plan]').click();
  await page.locator('[data-testid=confirm-plan]').click();
  await page.waitForFunction(() => /^#\/p\//.test(location.hash));
  await page.locator('[data-testid=nav-dashboard]').click();
  await page.locator('[data-testid=dashboard]').waitFor();
  const ids = await page.locator('[data-testid=plan-switch] option').evaluateAll((os) => os.map((o) => o.value));
  const switches = [];
  for (let i = 0; i < RUNS; i++) {
    const to = ids[i % 2];
    switches.push(await page.evaluate((id) => new Promise((done) => {
      const select = document.querySelector('[data-testid=plan-switch]');
      const before = performance.getEntriesByName('taizhang-dashboard-rendered').length;
      const t0 = performance.now();
      select.value = id;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      const check = () => (performance.getEntriesByName('taizhang-dashboard-rendered').length > before
        ? requestAnimationFrame(() => done(performance.now() - t0))
        : requestAnimationFrame(check));
      check();
    }), to));
  }
  const switching = median(switches);
  console.log(`  switching plans (choose → the other plan's dashboard drawn): ${ms(switching)}   runs: ${switches.map((t) => t.toFixed(0)).join(' ')}`);
  budget('switching plans ≤ start-up', switching <= appStart, `${ms(switching)} vs start-up ${ms(appStart)}`);
  await context.close();
}

await browser.close();
appServer.close();
counterServer.close();
cityServer.close();

console.log('\n== Budgets');
for (const r of results) console.log(`  ${verdict(r.ok).padEnd(5)} ${r.name.padEnd(42)} ${r.detail}`);
