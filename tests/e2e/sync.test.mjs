// Sync through a CouchDB-compatible server (PouchDB Server, in memory, on 127.0.0.1): a
// department and the office converge; a record made offline goes up when the server is back;
// the server stopping mid-sync loses nothing; a department cannot write another unit's records
// (the server runs couchdb/design.json's validate_doc_update); every fault has its message; a
// hostile document from the server is skipped or shown as text.
//
// "The server stops" is a proxy in front of PouchDB Server that stops listening and cuts its
// connections (PouchDB Server in memory would lose its data if it were restarted itself); from
// the browser's side it is the same fault.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileWith, useApp } from './harness.mjs';

const env = useApp();
const root = new URL('../../', import.meta.url).pathname;
const DB = 'taizhang-plan-9f72a4ga38'; // the seed's plan id, as the app names its database
const FOREST = 'k6r5mfzmm2g-wdgg2t'; // 营造林 2.88万亩, point 11
const ADMIN = 'Basic ' + Buffer.from('admin:secret').toString('base64');

function freePort() {
  return new Promise((ok) => {
    const srv = netServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** A request to PouchDB Server as its admin. */
async function admin(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: ADMIN, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Waits until `check()` is truthy (polling the server, which has no event to wait for). */
async function until(check, what, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * PouchDB Server in memory with the repo's design document and security object, users for the
 * office and two departments, and a proxy in front of it that can be stopped, restarted, or made
 * to answer HTML.
 */
async function startCouch() {
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'taizhang-couch-'));
  const proc = spawn(join(root, 'node_modules/.bin/pouchdb-server'), ['--in-memory', '--port', String(port), '--host', '127.0.0.1'], {
    cwd,
    stdio: 'ignore',
  });
  const direct = `http://127.0.0.1:${port}`;
  await until(() => fetch(direct + '/').then((r) => r.ok, () => false), 'PouchDB Server');
  await fetch(direct + '/_config/admins/admin', { method: 'PUT', body: '"secret"' });
  for (const [name, roles] of [
    ['office', ['taizhang-office']],
    ['forest', ['taizhang-unit', 'unit:区林业和草原局']],
    ['labour', ['taizhang-unit', 'unit:区人社局']],
    ['nobody', []],
  ]) {
    await admin(direct, 'PUT', `/_users/org.couchdb.user:${name}`, { name, password: `${name}-pw`, roles, type: 'user' });
  }
  await admin(direct, 'PUT', `/${DB}`);
  // A malformed and a foreign document, stored before the validator exists (as a server that
  // was written to by something else might hold them): the app must skip them, not apply them.
  await admin(direct, 'PUT', `/${DB}/e:bad1`, { plan: 'plan-9f72a4ga38', type: 'entry', unit: '', record: { id: 'bad1', subject: FOREST, as_of: '2025-06-30', type: 'figure', value: 5e9, recorded_at: 1 } });
  await admin(direct, 'PUT', `/${DB}/e:other1`, { plan: 'plan-someoneelse', type: 'entry', unit: '', record: { id: 'other1', subject: FOREST, as_of: '2025-06-30', type: 'note', recorded_at: 1 } });
  await admin(direct, 'PUT', `/${DB}/_design/taizhang`, JSON.parse(readFileSync(join(root, 'couchdb/design.json'), 'utf8')));
  await admin(direct, 'PUT', `/${DB}/_security`, JSON.parse(readFileSync(join(root, 'couchdb/security.json'), 'utf8')));
  await admin(direct, 'PUT', '/taizhang-empty');

  const proxyPort = await freePort();
  let mode = 'pass';
  const sockets = new Set();
  // A cut to make once the `after`-th answer to a request whose path holds `path` is sent.
  let cut = null;
  // What went through: the documents of every _bulk_docs request, the `since` of every _changes.
  const seen = { pushed: [], since: [] };
  const proxy = createServer((req, res) => {
    if (mode === 'down') {
      // Stopped: a request on a connection the browser kept open gets no answer.
      req.socket.destroy();
      return;
    }
    if (req.url.includes('/_changes')) seen.since.push(new URL(req.url, 'http://x').searchParams.get('since'));
    if (req.url.includes('/_bulk_docs')) {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => seen.pushed.push(...JSON.parse(Buffer.concat(chunks).toString()).docs.map((d) => d._id)));
    }
    if (cut && req.url.includes(cut.path)) {
      const mine = cut;
      res.on('finish', () => {
        if (++mine.count === mine.after && cut === mine) {
          // The answer is out; from now on the server is gone (new connections refused, kept
          // ones answer nothing).
          cut = null;
          mode = 'down';
          proxy.close();
          mine.done();
        }
      });
    }
    if (mode === 'html') {
      res.writeHead(200, { 'Content-Type': 'text/html', 'Access-Control-Allow-Origin': req.headers.origin || '*', 'Access-Control-Allow-Credentials': 'true' });
      res.end('<html><body>Proxy login</body></html>');
      return;
    }
    const up = request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  proxy.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const listen = () => new Promise((ok) => proxy.listen(proxyPort, '127.0.0.1', ok));
  await listen();
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    direct,
    docs: () => admin(direct, 'GET', `/${DB}/_all_docs?include_docs=true`).then((r) => r.rows.map((row) => row.doc)),
    put: (doc) => admin(direct, 'PUT', `/${DB}/${encodeURIComponent(doc._id)}`, doc),
    stop: () =>
      new Promise((ok) => {
        if (mode === 'down') return ok();
        proxy.close(() => ok());
        for (const s of sockets) s.destroy();
      }),
    start: () => {
      mode = 'pass';
      return listen();
    },
    /** Stops the server once `after` answers to requests whose path holds `path` are sent; resolves then. */
    cutAfter: (path, after) => new Promise((done) => (cut = { path, after, count: 0, done })),
    seen,
    /** The documents of database `db` but its design document. */
    count: (db) => admin(direct, 'GET', `/${db}/_all_docs`).then((r) => r.rows.filter((row) => !row.id.startsWith('_design/')).map((row) => row.id)),
    /** A database with the design document and security object. */
    database: async (db) => {
      await admin(direct, 'PUT', `/${db}`);
      await admin(direct, 'PUT', `/${db}/_design/taizhang`, JSON.parse(readFileSync(join(root, 'couchdb/design.json'), 'utf8')));
      await admin(direct, 'PUT', `/${db}/_security`, JSON.parse(readFileSync(join(root, 'couchdb/security.json'), 'utf8')));
    },
    html: (on) => {
      mode = on ? 'html' : 'pass';
    },
    close: () => {
      proxy.close();
      for (const s of sockets) s.destroy();
      proc.kill();
    },
  };
}

let couch;
before(async () => {
  couch = await startCouch();
});
after(() => couch?.close());

/** Opens a profile recording for `unit` and connects it to the server as `user`. */
async function connected(user, unit, { db = DB } = {}) {
  const app = await env.open({ storage: unit ? { 'taizhang.pref.unit': unit } : {} });
  await app.goTo('exchange');
  await connect(app, user, `${user}-pw`, { db });
  await app.page.locator('[data-testid=sync-status][data-state=Synced]').first().waitFor({ timeout: 30_000 });
  return app;
}

async function connect(app, user, password, { url = couch.url, db = DB, button = 'sync-connect', remember = true } = {}) {
  const p = app.page;
  await p.setChecked('[data-testid=sync-remember]', remember);
  await p.fill('[data-testid=sync-url]', url);
  await p.fill('[data-testid=sync-db]', db);
  await p.fill('[data-testid=sync-user]', user);
  await p.fill('[data-testid=sync-password]', password);
  await p.click(`[data-testid=${button}]`);
}

/**
 * The problems of `app` other than those the server's faults cause on purpose (a refused
 * connection, a 401 for a wrong password, a 404 for a missing database): anything from the app's
 * own origin still counts.
 */
function unexpected(app) {
  const own = new URL(app.base).origin;
  return app.problems.filter((p) => {
    const url = /https?:\/\/[^\s]+/.exec(p)?.[0];
    if (url) return new URL(url).origin === own;
    return !/ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|Failed to load resource/.test(p);
  });
}

/** Waits until the sync status reads `state` (Synced, Offline…). */
function status(app, state) {
  return app.page.locator(`[data-testid=sync-status][data-state^=${state}]`).first().waitFor({ timeout: 40_000 });
}

describe('sync through a CouchDB-compatible server', () => {
  test('a department and the office converge, offline and back, and the server stopping mid-sync loses nothing', async () => {
    const forest = await connected('forest', '区林业和草原局');
    const office = await connected('office', '');
    // The malformed and the foreign documents were skipped, each with its reason.
    const problems = await office.page.locator('[data-testid=sync-problem]').allTextContents();
    assert.equal(problems.length, 2);
    assert.match(problems.join('\n'), /e:other1 — belongs to another plan/);
    assert.match(problems.join('\n'), /e:bad1 — /);

    // The department records; the office sees it.
    await forest.recordFigure(11, '营造林', { asOf: '2025-06-30', figure: '1.2', note: '上半年', saved: true });
    await until(async () => (await couch.docs()).some((d) => d.record?.value === '1.2'), 'the figure on the server');
    await office.page.locator('[data-testid=sync-connected]').filter({ hasText: '本次已接收 1 条' }).waitFor({ timeout: 40_000 });
    assert.match(await office.latestFigure(11, '营造林'), /^1\.2万亩/);

    // The office closes June; the department receives the closing.
    await office.goTo('office');
    await office.page.fill('[data-testid=close-month-field]', '2025-06');
    await office.page.click('[data-testid=close-month]');
    await until(async () => (await couch.docs()).some((d) => d.type === 'closing'), 'the closing on the server');
    await forest.goTo('office');
    await forest.page.locator('[data-testid=closed-month][data-month="2025-06"]').waitFor({ timeout: 40_000 });

    // The server goes away; the department records offline; the server comes back.
    await couch.stop();
    await forest.recordFigure(11, '营造林', { asOf: '2025-07-31', figure: '1.6', note: '七月', saved: true });
    // Offline, with the record made meanwhile counted as waiting.
    await forest.page.locator('.topbar [data-testid=sync-status][data-state="Offline(1)"]').waitFor({ timeout: 40_000 });
    assert.match(await forest.page.locator('.topbar [data-testid=sync-status]').textContent(), /离线：1 条待上传/);
    await couch.start();
    await until(async () => (await couch.docs()).some((d) => d.record?.value === '1.6'), 'the offline figure on the server', 60_000);
    await office.goTo('exchange');
    await office.page.locator('[data-testid=sync-connected]').filter({ hasText: '本次已接收 2 条' }).waitFor({ timeout: 60_000 });
    assert.match(await office.latestFigure(11, '营造林'), /^1\.6万亩/);

    const ids = async (app) => {
      const raw = JSON.parse(await app.stored('taizhang.data'));
      return [...raw.data.entries.map((e) => e[0]), ...(raw.data.closings || []).map((c) => c.id)].sort();
    };
    await status(forest, 'Synced');
    // Both hold the same records once their debounced saves are written.
    await office.waitForStored((raw) => (raw || '').includes('"1.6"'));
    await forest.waitForStored((raw) => (raw || '').includes('"closings"'));
    assert.deepEqual(await ids(forest), await ids(office));
    assert.deepEqual([...unexpected(forest), ...unexpected(office)], []);
    await forest.close();
    await office.close();
  });

  test('a department cannot write another unit’s records; the refusal is shown and the record kept', async () => {
    const labour = await connected('labour', '区林业和草原局');
    await labour.recordFigure(11, '营造林', { asOf: '2025-08-31', figure: '2.4', saved: true });
    await labour.goTo('exchange');
    await status(labour, 'Synced');
    // The department's user has no role for 区林业和草原局: the record is not offered, and it stays.
    assert.ok(!(await couch.docs()).some((d) => d.record?.value === '2.4'), 'not on the server');
    assert.match(await labour.latestFigure(11, '营造林'), /^2\.4万亩/, 'kept here');
    // Written straight to the server as that user, the validator refuses it.
    const login = await fetch(couch.direct + '/_session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'labour', password: 'labour-pw' }) });
    const cookie = login.headers.get('set-cookie').split(';')[0];
    const put = await fetch(`${couch.direct}/${DB}/_bulk_docs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify({ new_edits: false, docs: [{ _id: 'e:x9', _rev: '1-abc', plan: 'plan-9f72a4ga38', type: 'entry', unit: '区林业和草原局', record: { id: 'x9', subject: FOREST, as_of: '2025-08-31', type: 'figure', value: '9', unit: '区林业和草原局', recorded_at: 5 } }] }),
    });
    assert.match(JSON.stringify(await put.json()), /a department writes only the entries of its own unit/);
    assert.deepEqual(unexpected(labour), []);
    await labour.close();
  });

  test('each fault says what is wrong, and a hostile note arrives as text', async () => {
    const app = await env.open();
    await app.goTo('exchange');
    const outcome = app.page.locator('[data-testid=sync-outcome]');
    const expect = async (args, text) => {
      await connect(app, ...args);
      await outcome.filter({ hasText: text }).waitFor();
    };
    await expect(['forest', 'wrong', { button: 'sync-test' }], '用户名或密码错误');
    await expect(['forest', 'forest-pw', { button: 'sync-test', db: 'taizhang-nothing' }], '服务器上没有这个数据库');
    await expect(['forest', 'forest-pw', { button: 'sync-test', url: `http://127.0.0.1:${await freePort()}` }], '无法连接服务器');
    couch.html(true);
    await expect(['forest', 'forest-pw', { button: 'sync-test' }], '服务器的回答不是 CouchDB 的数据');
    couch.html(false);
    await expect(['forest', 'forest-pw', { button: 'sync-test', db: 'Bad Name' }], '数据库名须以小写字母开头');
    await expect(['nobody', 'nobody-pw', { button: 'sync-test' }], '没有访问这个数据库的权限');
    await expect(['forest', 'forest-pw', { button: 'sync-test' }], '连接正常');
    // The password is never kept anywhere.
    const stored = await app.page.evaluate(() => JSON.stringify({ ...localStorage }));
    assert.ok(!stored.includes('forest-pw'));
    assert.equal(await app.page.inputValue('[data-testid=sync-password]'), '');

    // A note with markup from the server (a valid record, written by the office) shows as text.
    await couch.put({
      _id: 'e:xss1', plan: 'plan-9f72a4ga38', type: 'entry', unit: '区林业和草原局',
      record: { id: 'xss1', subject: FOREST, as_of: '2025-09-30', type: 'figure', value: '2.5', note: '<img src=x onerror="window.hacked=1">', unit: '区林业和草原局', recorded_at: 9 },
    });
    await connect(app, 'forest', 'forest-pw');
    await status(app, 'Synced');
    await app.goTo('plan');
    const task = await app.openTask(11, '营造林');
    const note = task.locator('[data-testid=history-item]').filter({ hasText: '2.5' }).locator('.history-note');
    assert.equal(await note.textContent(), '<img src=x onerror="window.hacked=1">');
    assert.equal(await app.page.evaluate(() => window.hacked), undefined);
    assert.equal(await task.locator('img').count(), 0);
    assert.deepEqual(unexpected(app), []);
    await app.close();
  });

  test('a database of another plan is refused before anything of this plan is pushed into it', async () => {
    const other = 'taizhang-plan-other';
    await couch.database(other);
    await admin(couch.direct, 'PUT', `/${other}/e:o1`, {
      plan: 'plan-other', type: 'entry', unit: '',
      record: { id: 'o1', subject: 'k-other', as_of: '2025-06-30', type: 'note', note: '', unit: '', recorded_at: 1 },
    });
    const app = await env.open({ storage: { 'taizhang.pref.unit': '区林业和草原局' } });
    await app.recordFigure(11, '营造林', { asOf: '2025-06-30', figure: '1.1', saved: true });
    await app.goTo('exchange');
    const outcome = app.page.locator('[data-testid=sync-outcome]');
    for (const button of ['sync-test', 'sync-connect']) {
      await connect(app, 'office', 'office-pw', { db: other, button });
      await outcome.filter({ hasText: '这个数据库存的是另一个计划（plan-other）的记录' }).waitFor();
    }
    // Not connected, and the other plan's database holds only its own record.
    assert.equal(await app.page.locator('[data-testid=sync-status]').count(), 0, 'no sync status: not connected');
    assert.deepEqual(await couch.count(other), ['e:o1']);
    assert.match(await app.latestFigure(11, '营造林'), /^1\.1万亩/, 'kept here');
    assert.deepEqual(unexpected(app), []);
    await app.close();
  });

  test('storage full while pulling: nothing local is lost, and the records come again once there is room', async () => {
    const app = await env.open();
    await app.recordFigure(6, '农牧民技能培训700人', { asOf: '2025-06-30', figure: '100', saved: true });
    const before = await app.stored('taizhang.data');
    await app.goTo('exchange');
    await app.fillStorage({ exact: true });
    await connect(app, 'office', 'office-pw');
    await app.page.locator('[data-testid=storage-banner]').filter({ hasText: '本地存储空间已满' }).waitFor({ timeout: 40_000 });
    // What was stored is untouched; the pulled records are on the page, not in storage.
    assert.equal(await app.stored('taizhang.data'), before);
    assert.match(await app.latestFigure(11, '营造林'), /万亩/);
    // Room again, and a fresh start of the page: the records are pulled again and saved.
    await app.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler.')).forEach((k) => localStorage.removeItem(k)));
    await app.reload();
    // The connection could not be kept either (storage was full): connect again.
    await app.goTo('exchange');
    await connect(app, 'office', 'office-pw');
    await status(app, 'Synced');
    await app.waitForStored((raw) => (raw || '').includes('"1.6"'));
    const stored = await app.stored('taizhang.data');
    assert.ok(stored.includes('"100"'), 'the local figure is still there');
    assert.match(await app.latestFigure(6, '农牧民技能培训700人'), /^100人/);
    assert.deepEqual(unexpected(app), []);
    await app.close();
  });

  test('the top bar says when sync fails and why', async () => {
    await admin(couch.direct, 'PUT', '/taizhang-doomed');
    const app = await env.open();
    await app.goTo('exchange');
    await connect(app, 'office', 'office-pw', { db: 'taizhang-doomed' });
    await status(app, 'Synced');
    await admin(couch.direct, 'DELETE', '/taizhang-doomed');
    // A local record wakes the loop, which finds the database gone.
    await app.recordFigure(6, '农牧民技能培训700人', { asOf: '2025-06-30', figure: '50', saved: true });
    await status(app, 'Error');
    assert.match(await app.page.locator('.topbar [data-testid=sync-status]').textContent(), /同步出错：服务器上没有这个数据库/);
    assert.deepEqual(unexpected(app), []);
    await app.close();
  });

  test('without 记住登录 a new page asks for the password and sends nothing; with it, sync resumes; 断开 logs out', async () => {
    const first = await env.open({ storage: { 'taizhang.pref.unit': '区林业和草原局' } });
    await first.goTo('exchange');
    await connect(first, 'forest', 'forest-pw', { remember: false });
    await status(first, 'Synced');
    // Every request to the server from this profile's other pages (the first one goes on syncing).
    const requests = [];
    first.context.on('request', (r) => {
      const page = (() => {
        try {
          return r.frame().page();
        } catch {
          return null; // a service worker's, or a page's gone meanwhile
        }
      })();
      if (page && page !== first.page && r.url().startsWith(couch.url)) requests.push(`${r.method()} ${r.url()}`);
    });
    // A new page of the same browser profile, while the first still holds a valid login cookie.
    const second = await first.newTab();
    await second.goTo('exchange');
    await status(second, 'SignIn');
    assert.match(await second.page.locator('.topbar [data-testid=sync-status]').textContent(), /请登录以继续同步/);
    await second.page.locator('[data-testid=sync-signin]').filter({ hasText: '请输入密码' }).waitFor();
    // The form is filled but for the password.
    assert.equal(await second.page.inputValue('[data-testid=sync-user]'), 'forest');
    assert.equal(await second.page.inputValue('[data-testid=sync-password]'), '');
    assert.equal(await second.page.isChecked('[data-testid=sync-remember]'), false);
    // The first page goes; the second records: nothing is sent, the status still asks for the login.
    await first.page.close();
    await second.recordFigure(11, '营造林', { asOf: '2025-10-31', figure: '2.7', saved: true });
    await second.goTo('exchange');
    await status(second, 'SignIn');
    assert.deepEqual(requests, [], 'the second page sent nothing to the server');
    // Without the password, connecting is refused (the browser's cookie is not used).
    await connect(second, 'forest', '', { remember: false });
    await second.page.locator('[data-testid=sync-outcome][data-error]').filter({ hasText: '请输入密码' }).waitFor();
    // With it, sync runs and the figure goes up.
    await connect(second, 'forest', 'forest-pw', { remember: false });
    await status(second, 'Synced');
    await until(async () => (await couch.docs()).some((d) => d.record?.value === '2.7'), 'the figure on the server');

    // Remembered: a new page resumes without the password.
    await connect(second, 'forest', 'forest-pw', { remember: true });
    await second.page.waitForFunction(() => JSON.parse(localStorage.getItem('taizhang.pref.sync.plan-9f72a4ga38') || '{}').remember === true);
    await status(second, 'Synced');
    const third = await second.newTab();
    await third.goTo('exchange');
    await status(third, 'Synced');
    await third.recordFigure(11, '营造林', { asOf: '2025-11-30', figure: '2.8', saved: true });
    await until(async () => (await couch.docs()).some((d) => d.record?.value === '2.8'), 'the remembered page’s figure on the server');

    // 断开 logs out, and says so once the server has answered: the cookie no longer holds.
    await second.page.close();
    await third.goTo('exchange');
    await third.page.click('[data-testid=sync-disconnect]');
    await third.page.locator('[data-testid=sync-outcome]').filter({ hasText: '已断开，已在服务器上退出登录' }).waitFor();
    // (CouchDB's sessions are signed cookies the server cannot revoke: logging out is the
    // browser dropping its cookie, which the server's answer tells it to do.)
    assert.equal(await third.page.evaluate((url) => fetch(url + '/_session', { credentials: 'include' }).then((r) => r.json()).then((me) => me.userCtx.name), couch.url), null, 'this browser is logged out');
    // The password is never kept: not in storage, not in a cookie.
    const kept = await third.page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    assert.ok(!kept.includes('forest-pw'));
    assert.ok(!JSON.stringify(await third.context.cookies()).includes('forest-pw'));
    assert.deepEqual([...unexpected(second), ...unexpected(third)], []);
    await third.close();
  });

  test('the server stopping in the middle of a large push, and of a large pull: nothing is lost, both resume where they stopped', async () => {
    const db = 'taizhang-bulk';
    await couch.database(db);
    const N = 3000;
    const ids = Array.from({ length: N }, (_, i) => `e:bulk-${i}`);
    const office = await env.open();
    await office.importFile(
      await fileWith('bulk.json', JSON.stringify({
        format: 'taizhang-snapshot', version: 1, exported_at: 1751356800000, app_version: '0.1.0',
        plan: { id: 'plan-9f72a4ga38', fingerprint: '9hv441nv0v', title: '乃东区人民政府2025年工作要点' }, unit: null,
        data: {
          corrections: [], assignments: [], last_exported_at: null,
          entries: ids.map((id, i) => ({ id: id.slice(2), subject: FOREST, as_of: '2025-06-30', type: 'figure', value: `${i}.5`, note: `第${i}条`, unit: '区林业和草原局', recorded_at: 1751284800000 + i })),
        },
      })),
    );
    await office.waitForEntries(N);

    // Push: the server goes once two batches of 500 are answered.
    const pushCut = couch.cutAfter('/_bulk_docs', 2);
    await office.goTo('exchange');
    await connect(office, 'office', 'office-pw', { db });
    await pushCut;
    await office.page.locator(`.topbar [data-testid=sync-status][data-state="Offline(${N - 1000})"]`).waitFor({ timeout: 40_000 });
    assert.match(await office.page.locator('.topbar [data-testid=sync-status]').textContent(), new RegExp(`离线：${N - 1000} 条待上传`));
    assert.equal((await couch.count(db)).length, 1000, 'the two batches answered are on the server');
    await office.waitForEntries(N); // nothing local lost
    await couch.start();
    await until(async () => (await couch.count(db)).length === N, 'every record on the server', 60_000);
    await status(office, 'Synced');
    assert.deepEqual((await couch.count(db)).sort(), [...ids].sort());
    // Resumed where it stopped: no record was sent twice.
    const pushed = couch.seen.pushed.filter((id) => id.startsWith('e:bulk-'));
    assert.equal(pushed.length, N);
    assert.equal(new Set(pushed).size, N);
    assert.deepEqual(unexpected(office), []);
    // (Closed: its long-poll would be answered through the same proxy.)
    await office.close();

    // Pull: an empty profile with one record of its own; the server goes after two batches.
    const other = await env.open();
    await other.recordFigure(6, '农牧民技能培训700人', { asOf: '2025-06-30', figure: '77', saved: true });
    await other.goTo('exchange');
    const pullCut = couch.cutAfter('/_changes', 2);
    const sinceBefore = couch.seen.since.length;
    await connect(other, 'office', 'office-pw', { db });
    await pullCut;
    await other.page.locator('.topbar [data-testid=sync-status][data-state^=Offline]').waitFor({ timeout: 40_000 });
    assert.match(await other.page.locator('.topbar [data-testid=sync-status]').textContent(), /离线/);
    // What came down so far is kept and saved; the local record is there.
    await other.waitForEntries(1000, { atLeast: true });
    assert.match(await other.latestFigure(6, '农牧民技能培训700人'), /^77人/);
    const cutAt = couch.seen.since.length;
    await couch.start();
    await other.goTo('exchange');
    await other.page.locator('[data-testid=sync-connected]').filter({ hasText: `本次已接收 ${N} 条` }).waitFor({ timeout: 60_000 });
    await status(other, 'Synced');
    await other.waitForEntries(N + 1);
    await until(async () => (await couch.count(db)).length === N + 1, 'the local record on the server too');
    // The pull went on from where it stopped, not from the start.
    assert.equal(couch.seen.since.slice(sinceBefore, cutAt).filter((s) => s === '0').length, 1);
    assert.ok(!couch.seen.since.slice(cutAt).includes('0'), 'resumed from the last batch received');
    assert.deepEqual(unexpected(other), []);
    await other.close();
  });
});
