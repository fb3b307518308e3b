// Snapshots between browsers: export, import through a preview (merge or replace), backup and
// restore, department exports, share links opened read-only, and every bad file or broken link
// answered precisely without touching the data.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { PC, PHONE, expandPoint, openApp, reloadApp, screenshot, taskWith, useApp } from './harness.mjs';

const env = useApp();
const KEY = 'taizhang.data';
const PLAN = { id: 'plan-9f72a4ga38', fingerprint: '9hv441nv0v', title: '乃东区人民政府2025年工作要点' };
const FOREST = 'k6r5mfzmm2g-wdgg2t'; // 营造林 2.88万亩, point 11
const TRAINING = 'kmyqw1kqhz4-19s53t'; // 农牧民技能培训 700人, point 6

/** A fresh profile whose reporting unit is `unit`. */
async function openAs(unit, options = {}) {
  const app = await openApp(env.browser, env.server.base, options);
  if (unit) {
    await app.page.evaluate((u) => localStorage.setItem('taizhang.pref.unit', u), unit);
    await reloadApp(app.page);
  }
  return app;
}

async function recordFigure(page, point, text, figure, note = '') {
  await page.locator('[data-testid=nav-plan]').click();
  const task = taskWith(await expandPoint(page, point), text);
  if ((await task.locator('[data-testid=record-task]').getAttribute('aria-expanded')) !== 'true') {
    await task.locator('[data-testid=record-task]').click();
  }
  const form = task.locator('[data-testid=entry-form]').first();
  await form.locator('[data-testid=field-as-of]').fill('2025-06-30');
  await form.locator('[data-testid=field-figure]').fill(figure);
  await form.locator('[data-testid=field-note]').fill(note);
  await form.locator('[data-testid=save-entry]').click();
  await task.locator('[data-testid=saved-note]').waitFor();
  // Wait for the debounced save.
  await page.waitForFunction(([k, f]) => (localStorage.getItem(k) || '').includes(`"f","${f}"`), [KEY, figure]);
}

async function stored(page) {
  return page.evaluate((k) => localStorage.getItem(k), KEY);
}

/** The stored entries: compact rows `[id, subject, as_of, kind, payload, …]` (local format v2). */
async function storedEntries(page) {
  const raw = await stored(page);
  return raw ? JSON.parse(raw).data.entries : [];
}

async function goExchange(page) {
  await page.locator('[data-testid=nav-exchange]').click();
  await page.locator('[data-testid=exchange]').waitFor();
}

/** Clicks `selector` and returns the downloaded file's name and text. */
async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

let tmp;
async function fileWith(name, text) {
  tmp ??= await mkdtemp(join(tmpdir(), 'taizhang-import-'));
  const path = join(tmp, name);
  await writeFile(path, text);
  return path;
}

/** Chooses a file in the import card and waits for the preview or the error. */
async function choose(page, path) {
  await page.locator('[data-testid=import-file]').setInputFiles(path);
  await page.locator('[data-testid=import-preview], [data-testid=import-error]').first().waitFor();
}

async function importFile(page, path, { mode = 'merge' } = {}) {
  await goExchange(page);
  await choose(page, path);
  await page.locator(`[data-testid=mode-${mode}]`).check();
  await page.locator('[data-testid=import-apply]').click();
  await page.locator('[data-testid=import-done]').waitFor();
}

async function latest(page, point, text) {
  await page.locator('[data-testid=nav-plan]').click();
  const task = taskWith(await expandPoint(page, point), text);
  return task.locator('[data-testid=target-latest]').first().textContent();
}

function snapshot(entries, extra = {}) {
  return {
    format: 'taizhang-snapshot',
    version: 1,
    exported_at: 1751356800000,
    app_version: '0.1.0',
    plan: PLAN,
    unit: null,
    data: { corrections: [], entries, assignments: [], last_exported_at: null },
    ...extra,
  };
}

function entry(id, subject, value, unit = '区林业和草原局', note = '') {
  return { id, subject, as_of: '2025-06-30', type: 'figure', value, note, unit, recorded_at: 1751284800000 + id.length };
}

describe('two departments and the office', () => {
  test('each exports its file; the office imports both and sees the union, twice changes nothing', async () => {
    const forest = await openAs('区林业和草原局');
    await recordFigure(forest.page, 11, '营造林', '1.2', '上半年');
    await goExchange(forest.page);
    const a = await download(forest.page, '[data-testid=export-all]');
    assert.match(a.name, /^台账-乃东区人民政府2025年工作要点-区林业和草原局-\d{4}-\d{2}-\d{2}\.json$/);
    const aDoc = JSON.parse(a.text);
    assert.equal(aDoc.format, 'taizhang-snapshot');
    assert.equal(aDoc.version, 1);
    assert.deepEqual(aDoc.plan, PLAN);
    assert.equal(aDoc.unit, '区林业和草原局');
    assert.equal(aDoc.data.entries.length, 1);
    // The export is remembered in the top bar.
    assert.match(await forest.page.locator('[data-testid=export-note]').textContent(), /今天已导出/);

    const labour = await openAs('区人社局');
    await recordFigure(labour.page, 6, '农牧民技能培训700人', '350');
    await goExchange(labour.page);
    const b = await download(labour.page, '[data-testid=export-all]');

    const office = await openAs('区政府办');
    await importFile(office.page, await fileWith(a.name, a.text));
    await goExchange(office.page);
    await choose(office.page, await fileWith('b.json', b.text));
    assert.equal(await office.page.locator('[data-testid=preview-new]').textContent(), '1');
    assert.equal(await office.page.locator('[data-testid=preview-present]').textContent(), '0');
    assert.match(await office.page.locator('[data-testid=preview-source]').textContent(), /区人社局/);
    await screenshot(office.page, 'import-preview-pc');
    await office.page.locator('[data-testid=import-apply]').click();
    await office.page.locator('[data-testid=import-done]').waitFor();

    assert.match(await latest(office.page, 11, '营造林'), /^1\.2万亩/);
    assert.match(await latest(office.page, 6, '农牧民技能培训700人'), /^350人/);
    const union = (await storedEntries(office.page)).map((row) => row[0]).sort();
    assert.deepEqual(union, [...aDoc.data.entries, ...JSON.parse(b.text).data.entries].map((e) => e.id).sort());

    // The same file again: the preview says nothing is new, and applying changes nothing.
    const before = await storedEntries(office.page);
    await goExchange(office.page);
    await choose(office.page, await fileWith(a.name, a.text));
    assert.equal(await office.page.locator('[data-testid=preview-present]').textContent(), '1');
    await office.page.locator('[data-testid=nothing-new]').waitFor();
    await office.page.locator('[data-testid=import-apply]').click();
    await office.page.locator('[data-testid=import-done]').waitFor();
    assert.deepEqual(await storedEntries(office.page), before);

    // A department export from the office: only the chosen unit's entries.
    await goExchange(office.page);
    await office.page.locator('[data-testid=unit-check][value="区人社局"]').check();
    const part = await download(office.page, '[data-testid=export-units]');
    assert.match(part.name, /-区人社局-/);
    assert.deepEqual(JSON.parse(part.text).data.entries.map((e) => e.unit), ['区人社局']);

    for (const app of [forest, labour, office]) {
      assert.deepEqual(app.problems, []);
      await app.context.close();
    }
  });

  test('an exported file imported into a fresh profile shows the same data', async () => {
    const src = await openAs('区林业和草原局');
    await recordFigure(src.page, 11, '营造林', '2.5');
    await goExchange(src.page);
    const file = await download(src.page, '[data-testid=export-all]');
    const fresh = await openAs('');
    await importFile(fresh.page, await fileWith(file.name, file.text));
    assert.deepEqual(await storedEntries(fresh.page), await storedEntries(src.page));
    assert.match(await latest(fresh.page, 11, '营造林'), /^2\.5万亩/);
    for (const app of [src, fresh]) {
      assert.deepEqual(app.problems, []);
      await app.context.close();
    }
  });
});

describe('conflicting assignments', () => {
  test('the preview lists a task assigned differently here and in the file, and says which wins', async () => {
    const app = await openAs('区政府办');
    await app.page.locator('[data-testid=nav-plan]').click();
    const task = taskWith(await expandPoint(app.page, 8), '完成第四次全国文物普查');
    await task.locator('[data-testid=record-task]').click();
    const form = task.locator('[data-testid=assignment-form]');
    await form.locator('[data-testid=field-lead]').fill('区文化和旅游局');
    await form.locator('[data-testid=save-assignment]').click();
    await app.page.waitForFunction(() => (localStorage.getItem('taizhang.data') || '').includes('区文化和旅游局'));
    const taskId = await task.getAttribute('id');
    const theirs = snapshot([], {});
    theirs.data.assignments = [
      { id: 'a-file', task_id: taskId, lead: '区文物局', others: ['各乡镇'], deadline: '2025-10-31', recorded_at: Date.now() + 60_000 },
    ];
    await goExchange(app.page);
    await choose(app.page, await fileWith('assign.json', JSON.stringify(theirs)));
    assert.equal(await app.page.locator('[data-testid=preview-conflicts]').textContent(), '1');
    const list = await app.page.locator('[data-testid=conflict-list]').textContent();
    assert.match(list, /完成第四次全国文物普查/);
    assert.match(list, /本机：区文化和旅游局/);
    assert.match(list, /文件：区文物局 \/ 各乡镇 · 2025-10-31/);
    assert.match(list, /以文件为准，较新/);
    await app.page.locator('[data-testid=import-apply]').click();
    await app.page.locator('[data-testid=import-done]').waitFor();
    // The newer record is now the task's assignment.
    await app.page.locator('[data-testid=nav-plan]').click();
    const after = taskWith(await expandPoint(app.page, 8), '完成第四次全国文物普查');
    if ((await after.locator('[data-testid=record-task]').getAttribute('aria-expanded')) !== 'true') {
      await after.locator('[data-testid=record-task]').click();
    }
    assert.equal(await after.locator('[data-testid=field-lead]').inputValue(), '区文物局');
    assert.deepEqual(app.problems, []);
    await app.context.close();
  });
});

describe('bad files', () => {
  const good = snapshot([entry('e1', FOREST, '1.2')]);
  const edit = (f) => {
    const doc = structuredClone(good);
    f(doc);
    return JSON.stringify(doc);
  };
  const cases = [
    ['not JSON', 'this is not json {', /不是有效的 JSON 文件（第 1 行第 \d+ 列出错）/],
    ['a wrong format name', edit((d) => (d.format = 'excel-export')), /format 字段为“excel-export”，应为“taizhang-snapshot”/],
    ['a missing field', edit((d) => delete d.plan.fingerprint), /缺少字段 plan\.fingerprint/],
    ['a wrong type', edit((d) => (d.data.entries = 'many')), /字段 data\.entries 的类型不对：应为列表/],
    ['a number written as a JSON number', edit((d) => (d.data.entries[0].value = 1.2)), /data\.entries\[0\]\.value 的类型不对：应为写成文本的数值/],
    ['a non-finite number', edit((d) => (d.data.entries[0].value = 'Infinity')), /data\.entries\[0\]\.value 不是有效的数值/],
    ['a negative weight', edit((d) => (d.data.settings = { on_track_points: 10, at_risk_points: 30, stale_days: 45, weights: { k: -2 }, recorded_at: 1 })), /字段 data\.settings\.weights\.k 的进度设置不符合要求：权重应为不小于0的数/],
    // Settings the settings form refuses are refused in a file too, naming the field and the rule.
    ['stale days the form refuses', edit((d) => (d.data.settings = { on_track_points: 10, at_risk_points: 30, stale_days: 400, recorded_at: 1 })), /字段 data\.settings\.stale_days 的进度设置不符合要求：天数应在1–366之间/],
    ['thresholds out of order', edit((d) => (d.data.settings = { on_track_points: 30, at_risk_points: 10, stale_days: 45, recorded_at: 1 })), /字段 data\.settings\.at_risk_points 的进度设置不符合要求/],
    ['an unknown plan', edit((d) => (d.plan = { id: 'plan-other', fingerprint: 'x', title: '某县2024年工作要点' })), /另一份工作计划（“某县2024年工作要点”）/],
    ['a date out of range', edit((d) => (d.data.entries[0].as_of = '1066-10-14')), /data\.entries\[0\]\.as_of 的日期 1066-10-14 超出范围/],
    ['duplicate ids', edit((d) => d.data.entries.push(d.data.entries[0])), /data\.entries\[1\]\.id 的编号“e1”重复出现/],
    ['a newer version', edit((d) => (d.version = 7)), /更新版本的台账导出（格式版本 7/],
    ['an unknown version', edit((d) => (d.version = 'one')), /无法识别的格式版本 "one"/],
  ];
  test('each gets its own message in Chinese, and the data is left exactly as it was', async () => {
    const app = await openAs('区林业和草原局');
    await recordFigure(app.page, 11, '营造林', '0.5');
    const before = await stored(app.page);
    await goExchange(app.page);
    for (const [name, text, message] of cases) {
      await choose(app.page, await fileWith('bad.json', text));
      const error = app.page.locator('[data-testid=import-error]');
      await error.waitFor();
      assert.match(await error.textContent(), /无法导入，本机数据未作任何改动/, name);
      assert.match(await error.textContent(), message, name);
      assert.equal(await app.page.locator('[data-testid=import-preview]').count(), 0, name);
      assert.equal(await stored(app.page), before, name);
    }
    await screenshot(app.page, 'import-error-pc');
    // Over the size limit: refused before it is read.
    await app.page.locator('[data-testid=import-file]').setInputFiles({
      name: 'huge.json',
      mimeType: 'application/json',
      buffer: Buffer.alloc(21 * 1024 * 1024, 0x20),
    });
    await app.page.locator('[data-testid=import-error]').filter({ hasText: '文件过大（21.0 MB），上限为 20.0 MB' }).waitFor();
    assert.equal(await stored(app.page), before);

    // In English, the same precise reason.
    await app.page.locator('[data-testid=lang-switch]').click();
    await choose(app.page, await fileWith('bad.json', cases[2][1]));
    assert.match(await app.page.locator('[data-testid=import-error]').textContent(), /The field plan\.fingerprint is missing\./);
    await app.page.locator('[data-testid=lang-switch]').click();
    assert.deepEqual(app.problems, []);
    await app.context.close();
  });

  test('an import that does not fit in storage is refused, and storage is left exactly as it was', async () => {
    const app = await openAs('区林业和草原局');
    await recordFigure(app.page, 11, '营造林', '0.5');
    const before = await stored(app.page);
    // Fill the quota, then free one 64 K piece: room for the backup of today's small data, not
    // for the data after the import.
    await app.page.evaluate(() => {
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; ; i++) {
        try {
          localStorage.setItem(`filler.${i}`, chunk);
        } catch {
          break;
        }
      }
      localStorage.removeItem('filler.0');
    });
    // About 250 K characters stored: more than the (at most 128 K) room left.
    const many = Array.from({ length: 4000 }, (_, i) => entry(`big-${i}`, FOREST, `${i}.5`));
    await goExchange(app.page);
    await choose(app.page, await fileWith('big.json', JSON.stringify(snapshot(many))));
    await app.page.locator('[data-testid=import-apply]').click();
    const error = app.page.locator('[data-testid=import-error]');
    await app.page.locator('[data-testid=import-error], [data-testid=import-done]').first().waitFor();
    assert.match(await error.textContent(), /导入未完成，本机数据未作任何改动：.*本地存储空间已满/s);
    assert.equal(await stored(app.page), before);
    assert.equal(await app.page.evaluate(() => localStorage.getItem('taizhang.backup')), null, 'the backup written first was taken back');
    assert.match(await latest(app.page, 11, '营造林'), /^0\.5万亩/);
    assert.deepEqual(app.problems, []);
    await app.context.close();
  });

  test('a cancelled import leaves everything as it was; an older backup file is migrated', async () => {
    const app = await openAs('区林业和草原局');
    await recordFigure(app.page, 11, '营造林', '0.5');
    const before = await stored(app.page);
    await goExchange(app.page);
    await choose(app.page, await fileWith('other.json', JSON.stringify(snapshot([entry('zz', FOREST, '2.0')]))));
    await app.page.locator('[data-testid=mode-replace]').check();
    await app.page.locator('[data-testid=import-cancel]').click();
    assert.equal(await app.page.locator('[data-testid=import-preview]').count(), 0);
    assert.equal(await stored(app.page), before);
    assert.equal(await app.page.evaluate(() => localStorage.getItem('taizhang.backup')), null);

    // The first release's backup file (the local-storage document) still imports.
    const legacy = { format: 'taizhang-local', version: 1, data: { entries: [entry('old1', TRAINING, '120', '区人社局')] } };
    await choose(app.page, await fileWith('legacy.json', JSON.stringify(legacy)));
    await app.page.locator('[data-testid=plan-note]').filter({ hasText: '旧版导出的备份文件' }).waitFor();
    await app.page.locator('[data-testid=import-apply]').click();
    await app.page.locator('[data-testid=import-done]').waitFor();
    assert.match(await latest(app.page, 6, '农牧民技能培训700人'), /^120人/);
    assert.deepEqual(app.problems, []);
    await app.context.close();
  });
});

describe('replace, backup and restore', () => {
  test('replace keeps a backup; restore brings it back, and undo takes back an import in one click', async () => {
    const app = await openAs('区林业和草原局');
    await recordFigure(app.page, 11, '营造林', '0.7');
    const mine = await storedEntries(app.page);
    const theirs = JSON.stringify(snapshot([entry('t1', TRAINING, '300', '区人社局')]));
    await importFile(app.page, await fileWith('theirs.json', theirs), { mode: 'replace' });
    assert.deepEqual((await storedEntries(app.page)).map((row) => row[0]), ['t1']);
    assert.match(await app.page.locator('[data-testid=backup-info]').textContent(), /1 条记录/);

    await app.page.locator('[data-testid=restore-backup]').click();
    await app.page.locator('[data-testid=restored]').waitFor();
    assert.deepEqual(await storedEntries(app.page), mine);
    assert.match(await latest(app.page, 11, '营造林'), /^0\.7万亩/);
    // Restoring again returns to the replaced state: nothing is ever lost.
    await goExchange(app.page);
    await app.page.locator('[data-testid=restore-backup]').click();
    await app.page.waitForFunction((k) => JSON.parse(localStorage.getItem(k)).data.entries.length === 1 && localStorage.getItem(k).includes('"t1"'), KEY);
    await app.page.locator('[data-testid=restore-backup]').click();
    await app.page.waitForFunction((k) => !localStorage.getItem(k).includes('"t1"'), KEY);

    // A merge import, then the top bar's undo: back to exactly the state before.
    const before = await storedEntries(app.page);
    await importFile(app.page, await fileWith('theirs.json', theirs));
    assert.equal((await storedEntries(app.page)).length, before.length + 1);
    await app.page.locator('[data-testid=undo]').click();
    await app.page.waitForFunction(([k, n]) => JSON.parse(localStorage.getItem(k)).data.entries.length === n, [KEY, before.length]);
    assert.deepEqual(await storedEntries(app.page), before);
    // The backup survives a reload.
    await reloadApp(app.page);
    await goExchange(app.page);
    await app.page.locator('[data-testid=backup-info]').waitFor();
    assert.deepEqual(app.problems, []);
    await app.context.close();
  });

  test('a file dropped on the page is previewed like a chosen one', async () => {
    const app = await openAs('');
    await goExchange(app.page);
    const text = JSON.stringify(snapshot([entry('d1', FOREST, '1.0')]));
    const transfer = await app.page.evaluateHandle((t) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], 'dropped.json', { type: 'application/json' }));
      return dt;
    }, text);
    await app.page.dispatchEvent('.drop-zone', 'dragover', { dataTransfer: transfer });
    await app.page.dispatchEvent('.drop-zone', 'drop', { dataTransfer: transfer });
    await app.page.locator('[data-testid=import-preview]').waitFor();
    assert.equal(await app.page.locator('[data-testid=preview-new]').textContent(), '1');
    assert.match(await app.page.locator('[data-testid=preview-source]').textContent(), /dropped\.json/);
    // On a phone the cards stack and nothing overflows sideways.
    await app.page.setViewportSize(PHONE);
    assert.ok(await app.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scroll at 390 px');
    await screenshot(app.page, 'exchange-phone', { fullPage: true });
    assert.deepEqual(app.problems, []);
    await app.context.close();
  });
});

describe('share links', () => {
  test('a link opens read-only in a fresh profile, and "import into my data" goes through the preview', async () => {
    const src = await openAs('区林业和草原局');
    await recordFigure(src.page, 11, '营造林', '1.5', '<img src=x onerror="window.__pwned=1">');
    await goExchange(src.page);
    await src.page.locator('[data-testid=share-make]').click();
    const link = await src.page.locator('[data-testid=share-link]').inputValue();
    assert.ok(link.startsWith(env.server.base + '#share='), link);
    assert.match(await src.page.locator('[data-testid=share-size]').textContent(), new RegExp(`链接长度：${link.length} 个字符`));
    await src.page.locator('[data-testid=share-copy]').waitFor();
    await screenshot(src.page, 'exchange-pc', { fullPage: true });

    const context = await env.browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
    const problems = [];
    await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : (problems.push(route.request().url()), route.abort())));
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(link);
    await page.locator('[data-testid=shared-banner]').waitFor();
    assert.match(await page.locator('[data-testid=shared-banner]').textContent(), /只读.*区林业和草原局/s);
    await page.locator('[data-testid=nav-plan]').click();
    const task = taskWith(await expandPoint(page, 11), '营造林');
    assert.match(await task.locator('[data-testid=target-latest]').textContent(), /^1\.5万亩/);
    assert.equal(await page.locator('[data-testid=record-task]').count(), 0, 'nothing to edit');
    assert.equal(await page.locator('[data-testid=nav-quick-entry]').count(), 0);
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), null, 'nothing saved');
    assert.ok(page.url().includes('#share='), 'the link stays in the address bar');
    // Every view works on the shared data, and none offers editing.
    await page.locator('[data-testid=nav-dashboard]').click();
    await page.locator('[data-testid=dashboard]').waitFor();
    assert.equal(await page.locator('[data-testid=settings]').count(), 0, 'no pacing settings to change');
    await page.locator('[data-testid=nav-report]').click();
    await page.locator('[data-testid=report]').waitFor();
    assert.match(await page.locator('[data-testid=report]').textContent(), /营造林/);
    assert.ok(page.url().includes('#share='), 'switching views keeps the link');
    await page.locator('[data-testid=nav-plan]').click();
    await screenshot(page, 'shared-phone', { fullPage: true });

    await page.locator('[data-testid=import-shared]').click();
    await page.locator('[data-testid=import-preview]').waitFor();
    assert.equal(await page.locator('[data-testid=preview-new]').textContent(), '1');
    await page.locator('[data-testid=import-apply]').click();
    await page.locator('[data-testid=import-done]').waitFor();
    await page.locator('[data-testid=import-done] [data-testid=open-mine]').click();
    await page.waitForURL(/#\/overview$/);
    await page.locator('[data-testid=dashboard]').waitFor();
    assert.equal(await page.locator('[data-testid=shared-banner]').count(), 0);
    assert.equal(JSON.parse(await page.evaluate((k) => localStorage.getItem(k), KEY)).data.entries.length, 1);
    // The script in the note was shown as text and never ran.
    await page.locator('[data-testid=nav-plan]').click();
    const mine = taskWith(await expandPoint(page, 11), '营造林');
    await mine.locator('[data-testid=record-task]').click();
    assert.match(await mine.locator('[data-testid=record-panel]').textContent(), /<img src=x onerror="window.__pwned=1">/);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await src.page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(problems, []);
    assert.deepEqual(src.problems, []);
    await context.close();
    await src.context.close();
  });

  test('broken, truncated or hostile links show a clear error and never touch local data', async () => {
    const app = await openAs('区林业和草原局');
    await recordFigure(app.page, 11, '营造林', '0.9');
    const before = await stored(app.page);
    const b64 = (buf) => buf.toString('base64url');
    const valid = b64(deflateRawSync(Buffer.from(JSON.stringify(snapshot([entry('s1', FOREST, '1.1')])))));
    const links = [
      ['truncated on a symbol boundary', valid.slice(0, valid.length - 8), /已损坏或被截断/],
      ['cut mid-symbol', valid.slice(0, valid.length - 8) + 'A', /链接不完整（被截断）/],
      ['garbled characters', valid.slice(0, 10) + '<>!' + valid.slice(10), /链接在第 10 个字符处损坏/],
      ['empty', '', /链接中没有数据/],
      ['random bytes', b64(Buffer.from('not deflate at all, just bytes')), /已损坏或被截断|不是文本/],
      ['a hostile script', b64(deflateRawSync(Buffer.from('<script>window.__pwned=1</script>'))), /不是有效的 JSON 文件/],
      ['another plan', b64(deflateRawSync(Buffer.from(JSON.stringify(snapshot([], { plan: { id: 'plan-x', fingerprint: 'y', title: '<b>别的计划</b>' } }))))), /另一份工作计划（“<b>别的计划<\/b>”）/],
      ['a decompression bomb', b64(deflateRawSync(Buffer.alloc(30 * 1024 * 1024, 0x20))), /解压后过大/],
    ];
    for (const [name, payload, message] of links) {
      // Pasted into the address bar of the open app: only the fragment changes, and the app
      // starts over from the link.
      await app.page.goto(`${env.server.base}#share=${payload}`);
      const error = app.page.locator('[data-testid=link-error]');
      await error.filter({ hasText: message }).waitFor();
      assert.match(await error.textContent(), /分享链接无法打开，本机数据未受影响/, name);
      assert.match(await error.textContent(), message, name);
      assert.equal(await stored(app.page), before, name);
      assert.equal(await app.page.evaluate(() => window.__pwned), undefined, name);
    }
    await screenshot(app.page, 'link-error-pc');
    await app.page.locator('[data-testid=open-mine]').click();
    await app.page.locator('[data-testid=dashboard]').waitFor();
    assert.equal(await stored(app.page), before);
    assert.deepEqual(app.problems, []);
    await app.context.close();
  });

  test('a link too long for chat apps offers the file instead', async () => {
    const app = await openAs('区林业和草原局');
    const many = Array.from({ length: 400 }, (_, i) => ({ ...entry(`bulk-${i}-${Math.random().toString(36).slice(2)}`, FOREST, `${i}.${i}`), note: `第${i}次填报 ${Math.random().toString(36)}` }));
    await importFile(app.page, await fileWith('many.json', JSON.stringify(snapshot(many))));
    await app.page.locator('[data-testid=share-make]').click();
    await app.page.locator('[data-testid=share-too-long]').waitFor();
    const chars = Number((await app.page.locator('[data-testid=share-size]').textContent()).match(/(\d+) 个字符/)[1]);
    assert.ok(chars > 8000, `${chars} characters`);
    assert.equal(await app.page.locator('[data-testid=share-copy]').count(), 0);
    const file = await download(app.page, '[data-testid=share-file-instead]');
    assert.equal(JSON.parse(file.text).data.entries.length, 400);
    assert.deepEqual(app.problems, []);
    await app.context.close();
  });
});
