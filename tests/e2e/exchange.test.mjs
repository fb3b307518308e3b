// Snapshots between browsers: export, import through a preview (merge or replace), backup and
// restore, department exports, share links opened read-only, and every bad file or broken link
// answered precisely without touching the data.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { KEY, PHONE, fileWith, useApp } from './harness.mjs';

const env = useApp();
const PLAN = { id: 'plan-9f72a4ga38', fingerprint: '9hv441nv0v', title: '乃东区人民政府2025年工作要点' };
const FOREST = 'k6r5mfzmm2g-wdgg2t'; // 营造林 2.88万亩, point 11
const TRAINING = 'kmyqw1kqhz4-19s53t'; // 农牧民技能培训 700人, point 6

/** A fresh profile whose reporting unit is `unit`. */
function openAs(unit, options = {}) {
  return env.open({ ...options, storage: unit ? { 'taizhang.pref.unit': unit } : {} });
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
    await forest.recordFigure(11, '营造林', { figure: '1.2', note: '上半年', saved: true });
    await forest.goTo('exchange');
    const a = await forest.download('[data-testid=export-all]');
    assert.match(a.name, /^台账-乃东区人民政府2025年工作要点-区林业和草原局-\d{4}-\d{2}-\d{2}\.json$/);
    const aDoc = JSON.parse(a.text);
    assert.equal(aDoc.format, 'taizhang-snapshot');
    // Version 3 (version 2 onwards carries the plan's text, so a receiver without the plan can add
    // it; version 3 adds the office's records).
    assert.equal(aDoc.version, 3);
    const { text: planText, ...planRef } = aDoc.plan;
    assert.deepEqual(planRef, PLAN);
    assert.equal(planText, readFileSync(new URL('../../seeds/naidong-2025-work-points.txt', import.meta.url), 'utf8'));
    assert.equal(aDoc.unit, '区林业和草原局');
    assert.equal(aDoc.data.entries.length, 1);
    // The export is remembered in the top bar.
    assert.match(await forest.page.locator('[data-testid=export-note]').textContent(), /今天已导出/);

    const labour = await openAs('区人社局');
    await labour.recordFigure(6, '农牧民技能培训700人', { figure: '350', saved: true });
    await labour.goTo('exchange');
    const b = await labour.download('[data-testid=export-all]');

    const office = await openAs('区政府办');
    await office.importFile(await fileWith(a.name, a.text));
    await office.goTo('exchange');
    await office.chooseFile(await fileWith('b.json', b.text));
    assert.equal(await office.page.locator('[data-testid=preview-new]').textContent(), '1');
    assert.equal(await office.page.locator('[data-testid=preview-present]').textContent(), '0');
    assert.match(await office.page.locator('[data-testid=preview-source]').textContent(), /区人社局/);
    await office.screenshot('import-preview-pc');
    await office.page.locator('[data-testid=import-apply]').click();
    await office.page.locator('[data-testid=import-done]').waitFor();

    assert.match(await office.latestFigure(11, '营造林'), /^1\.2万亩/);
    assert.match(await office.latestFigure(6, '农牧民技能培训700人'), /^350人/);
    const union = (await office.storedEntries()).map((row) => row[0]).sort();
    assert.deepEqual(union, [...aDoc.data.entries, ...JSON.parse(b.text).data.entries].map((e) => e.id).sort());

    // The same file again: the preview says nothing is new, and applying changes nothing.
    const before = await office.storedEntries();
    await office.goTo('exchange');
    await office.chooseFile(await fileWith(a.name, a.text));
    assert.equal(await office.page.locator('[data-testid=preview-present]').textContent(), '1');
    await office.page.locator('[data-testid=nothing-new]').waitFor();
    await office.page.locator('[data-testid=import-apply]').click();
    await office.page.locator('[data-testid=import-done]').waitFor();
    assert.deepEqual(await office.storedEntries(), before);

    // A department export from the office: only the chosen unit's entries.
    await office.goTo('exchange');
    await office.page.locator('[data-testid=unit-check][value="区人社局"]').check();
    const part = await office.download('[data-testid=export-units]');
    assert.match(part.name, /-区人社局-/);
    assert.deepEqual(JSON.parse(part.text).data.entries.map((e) => e.unit), ['区人社局']);

    for (const app of [forest, labour, office]) {
      assert.deepEqual(app.problems, []);
      await app.close();
    }
  });

  test('an exported file imported into a fresh profile shows the same data', async () => {
    const src = await openAs('区林业和草原局');
    await src.recordFigure(11, '营造林', { figure: '2.5', saved: true });
    await src.goTo('exchange');
    const file = await src.download('[data-testid=export-all]');
    const fresh = await openAs('');
    await fresh.importFile(await fileWith(file.name, file.text));
    assert.deepEqual(await fresh.storedEntries(), await src.storedEntries());
    assert.match(await fresh.latestFigure(11, '营造林'), /^2\.5万亩/);
    for (const app of [src, fresh]) {
      assert.deepEqual(app.problems, []);
      await app.close();
    }
  });
});

describe('conflicting assignments', () => {
  test('the preview lists a task assigned differently here and in the file, and says which wins', async () => {
    const app = await openAs('区政府办');
    await app.goTo('plan');
    const task = await app.openTask(8, '完成第四次全国文物普查');
    const form = task.locator('[data-testid=assignment-form]');
    await form.locator('[data-testid=field-lead]').fill('区文化和旅游局');
    await form.locator('[data-testid=save-assignment]').click();
    await app.waitForStored((raw) => (raw || '').includes('区文化和旅游局'));
    const taskId = await task.getAttribute('id');
    const theirs = snapshot([], {});
    theirs.data.assignments = [
      { id: 'a-file', task_id: taskId, lead: '区文物局', others: ['各乡镇'], deadline: '2025-10-31', recorded_at: Date.now() + 60_000 },
    ];
    await app.goTo('exchange');
    await app.chooseFile(await fileWith('assign.json', JSON.stringify(theirs)));
    assert.equal(await app.page.locator('[data-testid=preview-conflicts]').textContent(), '1');
    const list = await app.page.locator('[data-testid=conflict-list]').textContent();
    assert.match(list, /完成第四次全国文物普查/);
    assert.match(list, /本机：区文化和旅游局/);
    assert.match(list, /文件：区文物局 \/ 各乡镇 · 2025-10-31/);
    assert.match(list, /以文件为准，较新/);
    await app.page.locator('[data-testid=import-apply]').click();
    await app.page.locator('[data-testid=import-done]').waitFor();
    // The newer record is now the task's assignment.
    await app.goTo('plan');
    const after = await app.openTask(8, '完成第四次全国文物普查');
    assert.equal(await after.locator('[data-testid=field-lead]').inputValue(), '区文物局');
    assert.deepEqual(app.problems, []);
    await app.close();
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
    await app.recordFigure(11, '营造林', { figure: '0.5', saved: true });
    const before = await app.stored();
    await app.goTo('exchange');
    for (const [name, text, message] of cases) {
      await app.chooseFile(await fileWith('bad.json', text));
      const error = app.page.locator('[data-testid=import-error]');
      await error.waitFor();
      assert.match(await error.textContent(), /无法导入，本机数据未作任何改动/, name);
      assert.match(await error.textContent(), message, name);
      assert.equal(await app.page.locator('[data-testid=import-preview]').count(), 0, name);
      assert.equal(await app.stored(), before, name);
    }
    await app.screenshot('import-error-pc');
    // Over the size limit: refused before it is read.
    await app.page.locator('[data-testid=import-file]').setInputFiles({
      name: 'huge.json',
      mimeType: 'application/json',
      buffer: Buffer.alloc(21 * 1024 * 1024, 0x20),
    });
    await app.page.locator('[data-testid=import-error]').filter({ hasText: '文件过大（21.0 MB），上限为 20.0 MB' }).waitFor();
    assert.equal(await app.stored(), before);

    // In English, the same precise reason.
    await app.page.locator('[data-testid=lang-switch]').click();
    await app.chooseFile(await fileWith('bad.json', cases[2][1]));
    assert.match(await app.page.locator('[data-testid=import-error]').textContent(), /The field plan\.fingerprint is missing\./);
    await app.page.locator('[data-testid=lang-switch]').click();
    assert.deepEqual(app.problems, []);
    await app.close();
  });

  test('an import that does not fit in storage is refused, and storage is left exactly as it was', async () => {
    const app = await openAs('区林业和草原局');
    await app.recordFigure(11, '营造林', { figure: '0.5', saved: true });
    const before = await app.stored();
    // Fill the quota, then free one 64 K piece: room for the backup of today's small data, not
    // for the data after the import.
    await app.fillStorage();
    await app.setStored('filler.0', null);
    // About 250 K characters stored: more than the (at most 128 K) room left.
    const many = Array.from({ length: 4000 }, (_, i) => entry(`big-${i}`, FOREST, `${i}.5`));
    await app.goTo('exchange');
    await app.chooseFile(await fileWith('big.json', JSON.stringify(snapshot(many))));
    await app.page.locator('[data-testid=import-apply]').click();
    const error = app.page.locator('[data-testid=import-error]');
    await app.page.locator('[data-testid=import-error], [data-testid=import-done]').first().waitFor();
    assert.match(await error.textContent(), /导入未完成，本机数据未作任何改动：.*本地存储空间已满/s);
    assert.equal(await app.stored(), before);
    assert.equal(await app.stored('taizhang.backup'), null, 'the backup written first was taken back');
    assert.match(await app.latestFigure(11, '营造林'), /^0\.5万亩/);
    assert.deepEqual(app.problems, []);
    await app.close();
  });

  test('a cancelled import leaves everything as it was; an older backup file is migrated', async () => {
    const app = await openAs('区林业和草原局');
    await app.recordFigure(11, '营造林', { figure: '0.5', saved: true });
    const before = await app.stored();
    await app.goTo('exchange');
    await app.chooseFile(await fileWith('other.json', JSON.stringify(snapshot([entry('zz', FOREST, '2.0')]))));
    await app.page.locator('[data-testid=mode-replace]').check();
    await app.page.locator('[data-testid=import-cancel]').click();
    assert.equal(await app.page.locator('[data-testid=import-preview]').count(), 0);
    assert.equal(await app.stored(), before);
    assert.equal(await app.stored('taizhang.backup'), null);

    // The first release's backup file (the local-storage document) still imports.
    const legacy = { format: 'taizhang-local', version: 1, data: { entries: [entry('old1', TRAINING, '120', '区人社局')] } };
    await app.chooseFile(await fileWith('legacy.json', JSON.stringify(legacy)));
    await app.page.locator('[data-testid=plan-note]').filter({ hasText: '旧版导出的备份文件' }).waitFor();
    await app.page.locator('[data-testid=import-apply]').click();
    await app.page.locator('[data-testid=import-done]').waitFor();
    assert.match(await app.latestFigure(6, '农牧民技能培训700人'), /^120人/);
    assert.deepEqual(app.problems, []);
    await app.close();
  });
});

describe('replace, backup and restore', () => {
  test('replace keeps a backup; restore brings it back, and undo takes back an import in one click', async () => {
    const app = await openAs('区林业和草原局');
    await app.recordFigure(11, '营造林', { figure: '0.7', saved: true });
    const mine = await app.storedEntries();
    const theirs = JSON.stringify(snapshot([entry('t1', TRAINING, '300', '区人社局')]));
    await app.importFile(await fileWith('theirs.json', theirs), { mode: 'replace' });
    assert.deepEqual((await app.storedEntries()).map((row) => row[0]), ['t1']);
    assert.match(await app.page.locator('[data-testid=backup-info]').textContent(), /1 条记录/);

    await app.page.locator('[data-testid=restore-backup]').click();
    await app.page.locator('[data-testid=restored]').waitFor();
    assert.deepEqual(await app.storedEntries(), mine);
    assert.match(await app.latestFigure(11, '营造林'), /^0\.7万亩/);
    // Restoring again returns to the replaced state: nothing is ever lost.
    await app.goTo('exchange');
    await app.page.locator('[data-testid=restore-backup]').click();
    await app.waitForStored((raw) => JSON.parse(raw).data.entries.length === 1 && raw.includes('"t1"'));
    await app.page.locator('[data-testid=restore-backup]').click();
    await app.waitForStored((raw) => !raw.includes('"t1"'));

    // A merge import, then the top bar's undo: back to exactly the state before.
    const before = await app.storedEntries();
    await app.importFile(await fileWith('theirs.json', theirs));
    assert.equal((await app.storedEntries()).length, before.length + 1);
    await app.page.locator('[data-testid=undo]').click();
    await app.waitForEntries(before.length);
    assert.deepEqual(await app.storedEntries(), before);
    // The backup survives a reload.
    await app.reload();
    await app.goTo('exchange');
    await app.page.locator('[data-testid=backup-info]').waitFor();
    assert.deepEqual(app.problems, []);
    await app.close();
  });

  test('a file dropped on the page is previewed like a chosen one', async () => {
    const app = await openAs('');
    await app.goTo('exchange');
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
    assert.ok((await app.overflow()) <= 0, 'no horizontal scroll at 390 px');
    await app.screenshot('exchange-phone', { fullPage: true });
    assert.deepEqual(app.problems, []);
    await app.close();
  });
});

describe('share links', () => {
  test('a link opens read-only in a fresh profile, and "import into my data" goes through the preview', async () => {
    const src = await openAs('区林业和草原局');
    await src.recordFigure(11, '营造林', { figure: '1.5', note: '<img src=x onerror="window.__pwned=1">', saved: true });
    await src.goTo('exchange');
    await src.page.locator('[data-testid=share-make]').click();
    const link = await src.page.locator('[data-testid=share-link]').inputValue();
    assert.ok(link.startsWith(env.server.base + '#share='), link);
    assert.match(await src.page.locator('[data-testid=share-size]').textContent(), new RegExp(`链接长度：${link.length} 个字符`));
    await src.page.locator('[data-testid=share-copy]').waitFor();
    await src.screenshot('exchange-pc', { fullPage: true });

    // The link opened in a fresh profile.
    const shared = await openAs('', { viewport: PHONE, hash: link.slice(env.server.base.length), ready: '[data-testid=shared-banner]' });
    const { page, problems } = shared;
    assert.match(await page.locator('[data-testid=shared-banner]').textContent(), /只读.*区林业和草原局/s);
    await shared.goTo('plan');
    const task = shared.task(await shared.openPoint(11), '营造林');
    assert.match(await task.locator('[data-testid=target-latest]').textContent(), /^1\.5万亩/);
    assert.equal(await page.locator('[data-testid=record-task]').count(), 0, 'nothing to edit');
    assert.equal(await page.locator('[data-testid=nav-quick-entry]').count(), 0);
    assert.equal(await shared.stored(KEY), null, 'nothing saved');
    assert.ok(page.url().includes('#share='), 'the link stays in the address bar');
    // Every view works on the shared data, and none offers editing.
    await shared.goTo('dashboard');
    assert.equal(await page.locator('[data-testid=settings]').count(), 0, 'no pacing settings to change');
    await shared.goTo('report');
    assert.match(await page.locator('[data-testid=report]').textContent(), /营造林/);
    assert.ok(page.url().includes('#share='), 'switching views keeps the link');
    await shared.goTo('plan');
    await shared.screenshot('shared-phone', { fullPage: true });

    await page.locator('[data-testid=import-shared]').click();
    await page.locator('[data-testid=import-preview]').waitFor();
    assert.equal(await page.locator('[data-testid=preview-new]').textContent(), '1');
    await page.locator('[data-testid=import-apply]').click();
    await page.locator('[data-testid=import-done]').waitFor();
    await page.locator('[data-testid=import-done] [data-testid=open-mine]').click();
    await page.waitForURL(/#\/overview$/);
    await page.locator('[data-testid=dashboard]').waitFor();
    assert.equal(await page.locator('[data-testid=shared-banner]').count(), 0);
    assert.equal(JSON.parse(await shared.stored(KEY)).data.entries.length, 1);
    // The script in the note was shown as text and never ran.
    await shared.goTo('plan');
    const mine = await shared.openTask(11, '营造林');
    assert.match(await mine.locator('[data-testid=record-panel]').textContent(), /<img src=x onerror="window.__pwned=1">/);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await src.page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(problems, []);
    assert.deepEqual(src.problems, []);
    await shared.close();
    await src.close();
  });

  test('broken, truncated or hostile links show a clear error and never touch local data', async () => {
    const app = await openAs('区林业和草原局');
    await app.recordFigure(11, '营造林', { figure: '0.9', saved: true });
    const before = await app.stored();
    const b64 = (buf) => buf.toString('base64url');
    const valid = b64(deflateRawSync(Buffer.from(JSON.stringify(snapshot([entry('s1', FOREST, '1.1')])))));
    const links = [
      ['truncated on a symbol boundary', valid.slice(0, valid.length - 8), /已损坏或被截断/],
      ['cut mid-symbol', valid.slice(0, valid.length - 8) + 'A', /链接不完整（被截断）/],
      ['garbled characters', valid.slice(0, 10) + '<>!' + valid.slice(10), /链接在第 10 个字符处损坏/],
      ['empty', '', /链接中没有数据/],
      ['random bytes', b64(Buffer.from('not deflate at all, just bytes')), /已损坏或被截断|不是文本/],
      ['a hostile script', b64(deflateRawSync(Buffer.from('<script>window.__pwned=1</script>'))), /不是有效的 JSON 文件/],
      // A link of a plan not tracked here, without the plan's text: the file is needed.
      ['another plan', b64(deflateRawSync(Buffer.from(JSON.stringify(snapshot([], { plan: { id: 'plan-x', fingerprint: 'y', title: '<b>别的计划</b>' } }))))), /属于计划“<b>别的计划<\/b>”，本机没有该计划，链接中也未附带计划全文。请向分享者索取数据文件/],
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
      assert.equal(await app.stored(), before, name);
      assert.equal(await app.page.evaluate(() => window.__pwned), undefined, name);
    }
    await app.screenshot('link-error-pc');
    await app.page.locator('[data-testid=open-mine]').click();
    await app.page.locator('[data-testid=dashboard]').waitFor();
    assert.equal(await app.stored(), before);
    assert.deepEqual(app.problems, []);
    await app.close();
  });

  test('a link too long for chat apps offers the file instead', async () => {
    const app = await openAs('区林业和草原局');
    const many = Array.from({ length: 400 }, (_, i) => ({ ...entry(`bulk-${i}-${Math.random().toString(36).slice(2)}`, FOREST, `${i}.${i}`), note: `第${i}次填报 ${Math.random().toString(36)}` }));
    await app.importFile(await fileWith('many.json', JSON.stringify(snapshot(many))));
    await app.page.locator('[data-testid=share-make]').click();
    await app.page.locator('[data-testid=share-too-long]').waitFor();
    const chars = Number((await app.page.locator('[data-testid=share-size]').textContent()).match(/(\d+) 个字符/)[1]);
    assert.ok(chars > 8000, `${chars} characters`);
    assert.equal(await app.page.locator('[data-testid=share-copy]').count(), 0);
    const file = await app.download('[data-testid=share-file-instead]');
    assert.equal(JSON.parse(file.text).data.entries.length, 400);
    assert.deepEqual(app.problems, []);
    await app.close();
  });
});
