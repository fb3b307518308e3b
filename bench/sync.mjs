// The sync benchmark of issue #18: a city's ledger (48,000 entries) replicated through PouchDB
// Server on 127.0.0.1 — the first push from the office that holds it, the first sync of an empty
// profile (with the longest main-thread task while it pulls: does the page stay responsive?),
// and an incremental sync (one new entry from one browser to the other). While pushing and while
// pulling it counts the main-thread tasks over 50 ms and names the app's own stages (Performance
// API measures, src/perf.rs) that ran inside the longest ones. A measurement, never a test: it
// prints figures and exits 0.
//
// usage: node bench/sync.mjs CITY_DIST CITY_SNAPSHOT [--trace]
// With --trace, a Chromium trace is recorded while pushing and while pulling (written next to
// CITY_DIST as sync-push.trace.json and sync-pull.trace.json), and for each long task the
// browser's own events inside it (script, garbage collection, style, layout…) are summed.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launchBrowser } from '../tests/e2e/harness.mjs';

const [cityDist, citySnapshot] = process.argv.slice(2);
const tracing = process.argv.includes('--trace');
const root = new URL('../', import.meta.url).pathname;
const ADMIN = 'Basic ' + Buffer.from('admin:secret').toString('base64');
const ms = (x) => `${Math.round(x)} ms`;

const freePort = () =>
  new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

async function admin(base, method, path, body) {
  const res = await fetch(base + path, { method, headers: { Authorization: ADMIN, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const snapshot = JSON.parse(readFileSync(citySnapshot, 'utf8'));
const db = 'taizhang-' + snapshot.plan.id.toLowerCase().replace(/[^a-z0-9_-]/g, '');
const port = await freePort();
const couch = spawn(join(root, 'node_modules/.bin/pouchdb-server'), ['--in-memory', '--port', String(port), '--host', '127.0.0.1'], { cwd: mkdtempSync(join(tmpdir(), 'taizhang-couch-')), stdio: 'ignore' });
const url = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(url + '/')).ok) break;
  } catch {}
  if (i > 200) throw new Error('PouchDB Server did not start');
  await new Promise((r) => setTimeout(r, 100));
}
await fetch(url + '/_config/admins/admin', { method: 'PUT', body: '"secret"' });
await admin(url, 'PUT', '/_users/org.couchdb.user:office', { name: 'office', password: 'office-pw', roles: ['taizhang-office'], type: 'user' });
await admin(url, 'PUT', `/${db}`);
await admin(url, 'PUT', `/${db}/_design/taizhang`, JSON.parse(readFileSync(join(root, 'couchdb/design.json'), 'utf8')));
await admin(url, 'PUT', `/${db}/_security`, JSON.parse(readFileSync(join(root, 'couchdb/security.json'), 'utf8')));

const server = await serveDist({ root: cityDist });
const browser = await launchBrowser();

async function profile() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.base}#/exchange`);
  await page.waitForSelector('[data-testid=sync-panel]');
  return { context, page };
}

/** Starts recording long main-thread tasks and the app's measures in `page` from now on. */
function watchTasks(page) {
  return page.evaluate(() => {
    window.longTasks = [];
    window.watchFrom = performance.now();
    // Buffered: the page's own start-up is reported apart (it is not sync's doing).
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => ({ start: e.startTime, duration: e.duration })))).observe({ type: 'longtask', buffered: true });
  });
}

/**
 * The long tasks since `watchTasks` (with `save`, once the debounced save that follows the last
 * records pulled has run), and for the five longest the app's stages inside them.
 */
async function tasksReport(page, label, { save = false } = {}) {
  if (save) {
    await page.evaluate(() => (window.syncedAt = performance.now()));
    // (When the last batch brought nothing new, the save ran before: give up waiting after 10 s.)
    await page.waitForFunction(() => performance.getEntriesByName('taizhang-save').some((m) => m.startTime > window.syncedAt), null, { timeout: 10_000, polling: 100 }).catch(() => {});
  }
  const { all, from, measures } = await page.evaluate(() => ({
    all: window.longTasks,
    from: window.watchFrom,
    measures: performance
      .getEntriesByType('measure')
      .filter((m) => m.startTime >= window.watchFrom)
      .map((m) => ({ name: m.name, start: m.startTime, duration: m.duration })),
  }));
  const before = all.filter((t) => t.start < from);
  const tasks = all.filter((t) => t.start >= from);
  if (before.length) console.log(`  (not counted: ${before.length} tasks over 50 ms before, the page's start-up and import; the longest ${ms(Math.max(...before.map((t) => t.duration)))})`);
  const longest = Math.max(0, ...tasks.map((t) => t.duration));
  console.log(`  responsiveness while ${label}: ${tasks.length} main-thread tasks over 50 ms, the longest ${ms(longest)}`);
  for (const t of [...tasks].sort((x, y) => y.duration - x.duration).slice(0, 5)) {
    const inside = measures.filter((m) => m.start >= t.start - 1 && m.start + m.duration <= t.start + t.duration + 1 && m.duration >= 5);
    const named = inside.map((m) => `${m.name} ${ms(m.duration)}`).join(', ');
    console.log(`    ${ms(t.duration)}${named ? `: ${named}` : ''}`);
  }
}

const TRACE = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink.user_timing'];

/** From a trace: the renderer's tasks over 50 ms, each with the events inside it summed by name. */
function breakdown(buffer) {
  const events = JSON.parse(buffer.toString()).traceEvents;
  // The page's main thread: of the renderers' main threads, the one with the longest tasks.
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const on = (m) => events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.ph === 'X' && e.dur);
  const tasksOf = (list) => list.filter((e) => e.name === 'RunTask' && e.dur > 50_000);
  const [mine] = mains.map(on).sort((x, y) => tasksOf(y).length - tasksOf(x).length);
  if (!mine) return;
  const tasks = tasksOf(mine).sort((x, y) => y.dur - x.dur);
  for (const t of tasks.slice(0, 5)) {
    const inside = new Map();
    for (const e of mine) {
      if (e === t || e.ts < t.ts || e.ts + e.dur > t.ts + t.dur || e.name === 'RunTask') continue;
      inside.set(e.name, (inside.get(e.name) || 0) + e.dur);
    }
    const top = [...inside].sort((x, y) => y[1] - x[1]).slice(0, 8).map(([n, d]) => `${n} ${ms(d / 1000)}`);
    console.log(`    trace: a task of ${ms(t.dur / 1000)}: ${top.join(', ')}`);
  }
}

async function connect(page) {
  await page.fill('[data-testid=sync-url]', url);
  await page.fill('[data-testid=sync-db]', db);
  await page.fill('[data-testid=sync-user]', 'office');
  await page.fill('[data-testid=sync-password]', 'office-pw');
  const t0 = Date.now();
  await page.click('[data-testid=sync-connect]');
  await page.locator('[data-testid=sync-status][data-state=Synced]').first().waitFor({ timeout: 20 * 60_000 });
  return Date.now() - t0;
}

console.log(`\n== Sync through PouchDB Server (in memory, 127.0.0.1): the city ledger, ${snapshot.data.entries.length} entries`);
const a = await profile();
await a.page.locator('[data-testid=import-file]').setInputFiles(citySnapshot);
await a.page.locator('[data-testid=import-apply]').click();
await a.page.locator('[data-testid=import-done]').waitFor({ timeout: 120_000 });
await watchTasks(a.page);
if (tracing) await browser.startTracing(a.page, { path: join(cityDist, '..', 'sync-push.trace.json'), categories: TRACE });
const push = await connect(a.page);
if (tracing) breakdown(await browser.stopTracing());
const onServer = (await admin(url, 'GET', `/${db}`)).doc_count - 1;
console.log(`  first sync of the office holding the ledger (push): ${ms(push)} for ${onServer} documents`);
await tasksReport(a.page, 'pushing');

const b = await profile();
await watchTasks(b.page);
if (tracing) await browser.startTracing(b.page, { path: join(cityDist, '..', 'sync-pull.trace.json'), categories: TRACE });
const pull = await connect(b.page);
if (tracing) breakdown(await browser.stopTracing());
const received = await b.page.locator('[data-testid=sync-connected]').textContent();
console.log(`  first sync of an empty profile (pull, in batches of 500): ${ms(pull)}; ${received.split('·')[1]?.trim()}`);
await tasksReport(b.page, 'pulling', { save: true });

// Incremental: one figure in the office's grid, until the other profile has it.
await a.page.goto(`${server.base}#/entry`);
await a.page.locator('[data-testid=grid-row]').first().waitFor();
const before = await b.page.locator('[data-testid=sync-connected]').textContent();
await a.page.fill('[data-testid=grid-as-of]', '2025-12-31');
await a.page.locator('[data-testid=grid-row]').first().locator('[data-testid=grid-figure]').fill('999');
const t0 = Date.now();
await a.page.click('[data-testid=grid-save]');
await b.page.waitForFunction((old) => document.querySelector('[data-testid=sync-connected]')?.textContent !== old, before, { timeout: 120_000 });
console.log(`  incremental sync (one entry saved in one browser → received by the other, long-poll): ${ms(Date.now() - t0)}`);

await browser.close();
server.close();
couch.kill();
