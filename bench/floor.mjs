// The floor of splitting: how small and how quick the first screen would be if the main module
// held exactly the code the dashboard runs at start-up, and nothing else. Not a build anyone
// ships: it tells how far any further split could still take the first visit and the start-up.
//
// How: V8 compiles a wasm function when it is first called (lazy compilation), and a trace says
// which (`wasm.CompileLazy`, with the function's index). Every function the start-up never calls
// gets an empty body (`unreachable`); what is left is the perfect split's main module — the same
// imports, exports, table and data, byte for byte the same code for every function that runs.
// The first visit (empty storage) and a returning user's start-up (the stored data of an older
// release, tests/e2e/fixtures/) are traced apart: the second runs the stored data's reading too.
// The floor of the first visit is served and timed against the app and the counter, interleaved.
//
// usage: node bench/floor.mjs APP_DIST COUNTER_DIST OUT_DIR   (scripts/bench.sh runs it)

import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { launchBrowser, serveDist } from '../tests/e2e/harness.mjs';

const [appDist, counterDist, outDir] = process.argv.slice(2);
const RUNS = 11;
const TRACES = 3;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const ms = (x) => `${x.toFixed(1)} ms`;
const gzip = (buf) => gzipSync(buf, { level: 9 }).length;
// binaryen's disassembler, at the version package-lock.json pins (npm ci), run on its own or
// from scripts/bench.sh alike.
const local = new URL('../node_modules/.bin/wasm-dis', import.meta.url).pathname;
const wasmDis = existsSync(local) ? local : 'wasm-dis';

const wasmName = readdirSync(appDist).find((f) => f.endsWith('_bg.wasm'));
const wasm = readFileSync(join(appDist, wasmName));
const fixture = JSON.parse(readFileSync(new URL('../tests/e2e/fixtures/stored-release-ad2e27d.json', import.meta.url), 'utf8'));
const stored = Object.fromEntries(Object.entries(fixture).filter(([k]) => k.startsWith('taizhang.')));

// ---- the module's layout: imported functions come first in the index space --------------------
function sections(buf) {
  let p = 8;
  const leb = () => {
    let r = 0, s = 0, b;
    do { b = buf[p++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80);
    return r >>> 0;
  };
  const out = [];
  while (p < buf.length) {
    const start = p;
    const id = buf[p++];
    const len = leb();
    out.push({ id, start, body: p, end: p + len });
    p += len;
  }
  return { out, leb: (at) => { p = at; const v = leb(); return [v, p]; } };
}

function importedFunctions(buf) {
  const { out, leb } = sections(buf);
  const imp = out.find((s) => s.id === 2);
  if (!imp) return 0;
  let [n, p] = leb(imp.body);
  let funcs = 0;
  for (let i = 0; i < n; i++) {
    let l;
    [l, p] = leb(p); p += l; // module
    [l, p] = leb(p); p += l; // field
    const kind = buf[p++];
    if (kind === 0) { [, p] = leb(p); funcs++; }
    else if (kind === 1) { p++; let f; [f, p] = leb(p); [, p] = leb(p); if (f & 1) [, p] = leb(p); }
    else if (kind === 2) { let f; [f, p] = leb(p); [, p] = leb(p); if (f & 1) [, p] = leb(p); }
    else if (kind === 3) p += 2;
    else if (kind === 4) { p++; [, p] = leb(p); }
  }
  return funcs;
}

const uleb = (n) => {
  const o = [];
  do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n);
  return Buffer.from(o);
};

// The module with every function outside `called` (absolute indices) emptied.
function floorOf(buf, called) {
  const imports = importedFunctions(buf);
  const { out, leb } = sections(buf);
  const parts = [buf.subarray(0, 8)];
  let kept = 0, total = 0, count = 0;
  for (const s of out) {
    if (s.id !== 10) { parts.push(buf.subarray(s.start, s.end)); continue; }
    let [n, p] = leb(s.body);
    count = n;
    const code = [uleb(n)];
    for (let i = 0; i < n; i++) {
      let len;
      [len, p] = leb(p);
      total += len;
      if (called.has(i + imports)) { code.push(uleb(len), buf.subarray(p, p + len)); kept += len; }
      else code.push(Buffer.from([3, 0, 0x00, 0x0b])); // no locals; unreachable; end
      p += len;
    }
    const sec = Buffer.concat(code);
    parts.push(Buffer.from([10]), uleb(sec.length), sec);
  }
  return { module: Buffer.concat(parts), kept, total, count };
}

// The data (strings, tables, the embedded plan) start-up's code can reach: every address its
// code names (`i32.const` in the bodies left, read through `wasm-dis`), then every pointer in
// the data it reaches, transitively. An object is taken to run from an address something names
// to the next such address, so this estimates what a splitter that also split the data (which
// wasm-split does not: the data stays in the main module) would have to keep.
function dataFloor(full, floor) {
  const { out, leb } = sections(full);
  const data = out.find((s) => s.id === 11);
  let [n, p] = leb(data.body);
  const segs = [];
  for (let i = 0; i < n; i++) {
    let kind, off, len;
    [kind, p] = leb(p);
    if (kind !== 0 || full[p] !== 0x41) throw new Error('unexpected data segment');
    [off, p] = leb(p + 1);
    if (full[p] !== 0x0b) throw new Error('unexpected data segment offset');
    [len, p] = leb(p + 1);
    segs.push({ off, at: p, len });
    p += len;
  }
  const lo = Math.min(...segs.map((s) => s.off));
  const hi = Math.max(...segs.map((s) => s.off + s.len));
  const mem = Buffer.alloc(hi - lo);
  for (const s of segs) full.copy(mem, s.off - lo, s.at, s.at + s.len);
  const inData = (v) => v >= lo && v < hi;
  const named = (module) => {
    const path = join(tmpdir(), `taizhang-floor-${process.pid}.wasm`);
    writeFileSync(path, module);
    const text = execFileSync(wasmDis, [path], { maxBuffer: 1 << 30 }).toString();
    rmSync(path, { force: true });
    const refs = new Set();
    for (const line of text.split('\n')) {
      if (line.startsWith(' (data ')) continue;
      for (const m of line.matchAll(/i32\.const (-?\d+)/g)) {
        const v = Number(m[1]) >>> 0;
        if (inData(v)) refs.add(v);
      }
    }
    return refs;
  };
  const pointers = new Map();
  for (let a = 0; a + 4 <= mem.length; a += 4) {
    const v = mem.readUInt32LE(a);
    if (inData(v)) pointers.set(lo + a, v);
  }
  const fromStartup = named(floor);
  const starts = [...new Set([lo, ...named(full), ...pointers.values()])].sort((a, b) => a - b);
  const objectAt = (a) => {
    let l = 0, r = starts.length - 1;
    while (l < r) { const m = (l + r + 1) >> 1; if (starts[m] <= a) l = m; else r = m - 1; }
    return [starts[l], l + 1 < starts.length ? starts[l + 1] : hi];
  };
  const kept = new Map();
  const stack = [...fromStartup];
  while (stack.length) {
    const [s, e] = objectAt(stack.pop());
    if (kept.has(s)) continue;
    kept.set(s, e);
    for (let w = Math.ceil(s / 4) * 4; w < e; w += 4) if (pointers.has(w)) stack.push(pointers.get(w));
  }
  // The floor module with every data byte start-up cannot reach zeroed (zeros cost next to
  // nothing compressed: what is left is what the main module would still carry).
  const module = Buffer.from(floor);
  const floorData = sections(module).out.find((s) => s.id === 11);
  const shift = floorData.body - data.body;
  const keep = new Uint8Array(hi - lo);
  for (const [s, e] of kept) keep.fill(1, s - lo, e - lo);
  for (const s of segs) for (let i = 0; i < s.len; i++) if (!keep[s.off - lo + i]) module[s.at + shift + i] = 0;
  let keptBytes = 0;
  for (const [s, e] of kept) keptBytes += e - s;
  return { module, keptBytes, total: mem.length };
}

// ---- which functions start-up calls -----------------------------------------------------------
const browser = await launchBrowser();
const appServer = await serveDist({ root: appDist });

async function startupCalls(storage) {
  const called = new Set();
  for (let i = 0; i < TRACES; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    if (storage) {
      await context.addInitScript((entries) => {
        if (localStorage.length === 0) for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
      }, storage);
    }
    const page = await context.newPage();
    const path = join(tmpdir(), `taizhang-floor-${process.pid}.json`);
    await browser.startTracing(page, { path, categories: ['v8.wasm'] });
    await page.goto(`${appServer.base}#/overview`);
    await page.waitForFunction(() => performance.getEntriesByName('taizhang-dashboard-rendered')[0], null, { timeout: 60_000 });
    await browser.stopTracing();
    for (const e of JSON.parse(readFileSync(path, 'utf8')).traceEvents) {
      if (e.name === 'wasm.CompileLazy' && e.args?.func_index !== undefined) called.add(e.args.func_index);
    }
    rmSync(path, { force: true });
    await context.close();
  }
  return called;
}

const firstCalls = await startupCalls(null);
const returningCalls = await startupCalls(stored);
const first = floorOf(wasm, firstCalls);
const returningSet = new Set([...firstCalls, ...returningCalls]);
const returning = floorOf(wasm, returningSet);

const firstData = dataFloor(wasm, first.module);

// The floor build: the app's release with the first visit's floor as its main module (the
// preload's integrity recomputed so the browser takes the preloaded bytes).
rmSync(outDir, { recursive: true, force: true });
cpSync(appDist, outDir, { recursive: true });
writeFileSync(join(outDir, wasmName), first.module);
const integrity = `sha384-${createHash('sha384').update(first.module).digest('base64')}`;
const html = readFileSync(join(outDir, 'index.html'), 'utf8');
const preload = new RegExp(`(<link rel="preload" href="\\./${wasmName}" crossorigin="anonymous" integrity=")[^"]*(")`);
if (!preload.test(html)) throw new Error('index.html has no preload of the main wasm');
writeFileSync(join(outDir, 'index.html'), html.replace(preload, `$1${integrity}$2`));

// The first visit's other files (as bench.mjs counts them): the page, its scripts and styles, sw.js.
const others = readdirSync(appDist, { recursive: true }).map(String)
  .filter((f) => /(\.html|\.js|\.css)$/.test(f))
  .reduce((t, f) => t + gzip(readFileSync(join(appDist, f))), 0);

console.log('== The floor of splitting: the main module holding only what start-up runs (gzip -9)');
console.log(`  main module as built, ${first.count} functions:         ${kb(gzip(wasm)).padStart(9)}   (code ${(first.total / 1024).toFixed(0)} KB raw)`);
console.log(`  first visit's start-up calls ${String(firstCalls.size).padStart(4)} functions:    ${kb(gzip(first.module)).padStart(9)}   (their code ${(first.kept / 1024).toFixed(0)} of ${(first.total / 1024).toFixed(0)} KB raw)`);
console.log(`  a returning user's calls ${String(returningSet.size).padStart(4)} functions:        ${kb(gzip(returning.module)).padStart(9)}   (their code ${(returning.kept / 1024).toFixed(0)} KB raw)`);
console.log(`  first visit at the floor (with html, js, css, sw.js: ${kb(others)}): ${kb(gzip(first.module) + others)}; as built ${kb(gzip(wasm) + others)}; budget 200.0 KB`);
console.log(`  and if the data were split too (estimate: the ${(firstData.keptBytes / 1024).toFixed(0)} of ${(firstData.total / 1024).toFixed(0)} KB of data start-up's code can reach): main module ${kb(gzip(firstData.module))}, first visit ${kb(gzip(firstData.module) + others)}`);

// ---- start-up at the floor, interleaved with the app and the counter ---------------------------
const floorServer = await serveDist({ root: outDir });
const counterServer = await serveDist({ root: counterDist });
// A run of the floor that calls a function no trace saw hits `unreachable` and never draws the
// dashboard: it is counted, not waited for.
let failed = 0;
async function startup(base, mark) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(base);
    const t = await (await page.waitForFunction((m) => performance.getEntriesByName(m)[0]?.startTime, mark, { timeout: 20_000 })).jsonValue();
    const main = await page.evaluate(() => performance.getEntriesByName('taizhang-main')[0]?.startTime);
    return { t, main };
  } catch {
    failed++;
    return null;
  } finally {
    await context.close();
  }
}
const rows = { counter: [], app: [], floor: [] };
for (let i = 0; i < RUNS; i++) {
  // Interleaved, so that all three see the same machine load.
  rows.counter.push(await startup(counterServer.base, 'counter-mounted'));
  rows.app.push(await startup(`${appServer.base}#/overview`, 'taizhang-dashboard-rendered'));
  rows.floor.push(await startup(`${floorServer.base}#/overview`, 'taizhang-dashboard-rendered'));
}
for (const k of Object.keys(rows)) rows[k] = rows[k].filter(Boolean);
if (failed) console.log(`  (${failed} run(s) did not draw the dashboard and are left out)`);
const c = median(rows.counter.map((r) => r.t));
console.log(`\n== Start-up at the floor (navigation → dashboard with every chart; median of ${RUNS}, interleaved)`);
console.log(`  bare counter mounted:  ${ms(c)}`);
for (const k of ['app', 'floor']) {
  if (!rows[k].length) continue;
  const t = median(rows[k].map((r) => r.t));
  const m = median(rows[k].map((r) => r.main));
  console.log(`  ${(k === 'app' ? 'app as built' : 'app at the floor').padEnd(20)} ${ms(t)} = ${(t / c).toFixed(2)}× the counter (its wasm runs at ${ms(m)} = ${(m / c).toFixed(2)}×, then ${ms(t - m)} to build the page)`);
}
await browser.close();
for (const s of [appServer, floorServer, counterServer]) s.close();
