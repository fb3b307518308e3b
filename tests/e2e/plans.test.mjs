// Several plans: bring a plan (paste, text file, Word file), review its reading and correct it,
// track it beside the embedded seed; each plan keeps its own data, the URL names it, files carry
// it to another browser; bad input is answered and loses nothing.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { PHONE, fileWith, useApp } from './harness.mjs';

const env = useApp();
const corpus = (name) => readFileSync(new URL(`../corpus/${name}.txt`, import.meta.url), 'utf8');
const fixture = (name) => new URL(`../../crates/taizhang-core/tests/fixtures/${name}`, import.meta.url).pathname;
const SEED_ID = 'plan-9f72a4ga38';
const SEED_TITLE = '乃东区人民政府2025年工作要点';
const TABLE = corpus('yangxian-2024-minsheng-table'); // a 民生实事 table (tab-separated rows)
const REPORT = corpus('national-2026-report-brief'); // a 政府工作报告 summary: review, then this year's targets
const LIST = corpus('jianhu-2026-minsheng'); // a 民生实事 list under web-page furniture

/** Waits until the stored data of plan `id` satisfies `predicate(raw, arg)`. */
function waitForPlanData(app, id, predicate, arg = null) {
  return app.waitForStored(predicate, arg, { key: `taizhang.plan.${id}.data` });
}

/** Tracks the 民生实事 list and records 40 beds on it (saved); returns the plan's id. */
async function trackListWithFigure(app) {
  await app.bringPlan(LIST);
  const id = await app.confirmPlan();
  const beds = await app.openTask(3, '老年人家庭照护床位');
  await app.fillEntry(beds, { asOf: '2026-06-30', figure: '40' });
  await beds.locator('[data-testid=saved-note]').waitFor();
  await waitForPlanData(app, id, (raw) => (raw || '').includes('"40"'));
  return id;
}

/** A zip holding one stored file `name` (a zip that is not a Word document). */
function zipWith(name, text) {
  const data = Buffer.from(text);
  const file = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(file.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + file.length, 12);
  end.writeUInt32LE(local.length + file.length + data.length, 16);
  return Buffer.concat([local, file, data, central, file, end]);
}

describe('bring a plan, review it, track it beside the seed', () => {
  test('a pasted table plan: reviewed, corrected, tracked; each plan keeps its own data across reloads and switches', async () => {
    const app = await env.open();
    const { page, problems } = app;
    await app.recordFigure(11, '营造林', { figure: '1.2', saved: true });
    const seedData = await app.stored();

    await app.bringPlan(TABLE);
    assert.match(await app.$('[data-testid=review-counts]').textContent(), /识别出 1 个部分、5 条要点、5 项任务、18 个量化指标/);
    assert.equal(await app.$('[data-testid=review-title]').inputValue(), '洋縣2024年十大民生實事項目');
    assert.equal(await app.$('[data-testid=review-year]').inputValue(), '2024');
    // The parser says what it guessed, next to the text it concerns.
    assert.ok((await app.$('[data-testid=diagnostic]').count()) > 0);
    // Nothing is stored while reviewing.
    assert.equal(await app.registry(), null);
    // Correct the reading here: the first target of point 1 is not a target.
    const point = await app.openPoint(1);
    const task = app.task(point, '洋縣中小學');
    await task.locator('[data-testid=correct-task]').click();
    const targetsBefore = await task.locator('[data-testid=target]').count();
    await task.locator('[data-testid=not-a-target]').first().click();
    await task.locator('[data-testid=excluded-target]').waitFor();
    assert.equal(await task.locator('[data-testid=target]').count(), targetsBefore - 1);
    // Recording is for tracked plans only.
    assert.equal(await task.locator('[data-testid=record-task]').count(), 0);
    await app.screenshot('plan-review-pc');

    const id = await app.confirmPlan();
    assert.match(id, /^plan-/);
    assert.equal(await app.$('[data-testid=plan-title]').textContent(), '洋縣2024年十大民生實事項目');
    const registry = await app.registry();
    assert.deepEqual(registry.plans.map((p) => p.id), [SEED_ID, id]);
    // The correction made in review is the plan's first data.
    await waitForPlanData(app, id, (raw) => (raw || '').includes('not_a_target'));
    // The seed's data was not touched.
    assert.equal(await app.stored(), seedData);

    // Record on the new plan; its year ended, so it opens at the period's end.
    assert.match(await app.$('[data-testid=period-note]').textContent(), /2024-12-31 结束/);
    const road = await app.openTask(2, '城北小學');
    await app.fillEntry(road, { asOf: '2024-09-30', figure: '1' });
    await road.locator('[data-testid=saved-note]').waitFor();
    await waitForPlanData(app, id, (raw) => (raw || '').includes('"2024-09-30"'));

    // A reload returns to the same plan and view (the URL names it).
    await app.reload();
    assert.equal(await app.planId(), id);
    assert.match(await app.latestFigure(2, '城北小學'), /^1/);

    // Switch to the seed and back: both plans' data intact.
    await app.switchPlan(SEED_ID, SEED_TITLE);
    assert.equal(await app.planId(), null);
    assert.match(await app.latestFigure(11, '营造林'), /^1\.2万亩/);
    await app.switchPlan(id, '洋縣2024年十大民生實事項目');
    assert.match(await app.latestFigure(2, '城北小學'), /^1/);
    // Back and Forward move between plans too.
    await page.goBack();
    await app.$('[data-testid=plan-title]').filter({ hasText: SEED_TITLE }).waitFor();
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('a government work report: this year is read, the header can be edited, ids never change', async () => {
    const app = await env.open();
    await app.bringPlan(REPORT);
    // Last year's review is not the plan: only this year's targets are read.
    assert.match(await app.$('[data-testid=review-counts]').textContent(), /13 个量化指标/);
    assert.ok(await app.$('[data-testid=diagnostic][data-code=review_skipped]').count());
    await app.$('[data-testid=review-title]').fill('2026年政府工作报告目标任务');
    await app.$('[data-testid=review-issuer]').fill('国务院');
    const id = await app.confirmPlan();
    assert.equal(await app.$('[data-testid=plan-title]').textContent(), '2026年政府工作报告目标任务');
    const tracked = (await app.registry()).plans.find((p) => p.id === id);
    assert.deepEqual(tracked.overrides, { title: '2026年政府工作报告目标任务', issuer: '国务院' });
    // The same text brought again is the same plan: offered to open, never added twice.
    await app.bringPlan(REPORT);
    await app.$('[data-testid=plan-already]').waitFor();
    assert.equal(await app.$('[data-testid=confirm-plan]').count(), 0);
    await app.$('[data-testid=open-existing]').click();
    await app.$('[data-testid=plan-title]').filter({ hasText: '2026年政府工作报告目标任务' }).waitFor();
    assert.equal((await app.registry()).plans.length, 2);
    assert.deepEqual(app.problems, []);
    await app.close();
  });

  test('a Word file reads exactly as its text', async () => {
    const app = await env.open({ viewport: PHONE });
    await app.bringPlanFile(fixture('naidong-2025.docx'));
    // The seed as a .docx: the same structure as the seed's text, hence the same plan.
    assert.match(await app.$('[data-testid=review-counts]').textContent(), /识别出 8 个部分、22 条要点、146 项任务、30 个量化指标/);
    assert.equal(await app.$('[data-testid=review-source]').textContent(), 'naidong-2025.docx');
    await app.$('[data-testid=plan-already]').waitFor();
    const overflow = await app.overflow();
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await app.screenshot('plan-review-phone');
    // The same as written by python-docx, a real Word writer's package.
    await app.$('[data-testid=cancel-plan]').click();
    await app.bringPlanFile(fixture('naidong-2025.python-docx.docx'));
    assert.match(await app.$('[data-testid=review-counts]').textContent(), /30 个量化指标/);
    assert.deepEqual(app.problems, []);
    await app.close();
  });
});

describe('plans travel with their data', () => {
  test('export → a fresh profile → import offers the plan, and brings its data with it', async () => {
    const a = await env.open();
    const id = await trackListWithFigure(a);
    // Named by the sender: the name travels with the plan.
    await a.goTo('plans');
    await a.$(`[data-testid=plan-item][data-plan="${id}"] [data-testid=rename-plan]`).click();
    await a.$('[data-testid=plan-name-input]').fill('建湖县民生实事2026');
    await a.$('[data-testid=save-plan-name]').click();
    await a.$('[data-testid=plan-switch]').filter({ hasText: '建湖县民生实事2026' }).waitFor();
    const file = await a.exportSnapshot();
    assert.deepEqual(file.doc.plan.overrides, { title: '建湖县民生实事2026' });
    assert.equal(file.doc.plan.id, id);
    assert.equal(file.doc.plan.text, LIST);
    const path = await fileWith(file.name, file.text);

    const b = await env.open();
    await b.goTo('exchange');
    await b.$('[data-testid=import-file]').setInputFiles(path);
    // Not into the seed: the file's plan is offered for review first.
    await b.$('[data-testid=import-new-plan]').waitFor();
    assert.equal(await b.stored(), null);
    await b.$('[data-testid=review-new-plan]').click();
    await b.$('[data-testid=review]').waitFor();
    assert.equal(await b.$('[data-testid=review-title]').inputValue(), '建湖县民生实事2026');
    assert.equal(await b.confirmPlan(), id);
    assert.equal(await b.$('[data-testid=plan-title]').textContent(), '建湖县民生实事2026');
    assert.deepEqual((await b.registry()).plans.find((p) => p.id === id).overrides, { title: '建湖县民生实事2026' });
    assert.match(await b.latestFigure(3, '老年人家庭照护床位'), /^40张/);

    // The same file, chosen while the seed is shown, goes to its own plan.
    await b.switchPlan(SEED_ID, SEED_TITLE);
    await b.goTo('exchange');
    await b.$('[data-testid=import-file]').setInputFiles(path);
    await b.$('[data-testid=import-other-plan]').waitFor();
    await b.$('[data-testid=switch-and-import]').click();
    await b.$('[data-testid=import-preview]').waitFor();
    assert.equal(await b.planId(), id);
    assert.equal(await b.$('[data-testid=preview-new]').textContent(), '0');
    assert.equal(await b.stored(), null, 'nothing went into the seed');
    assert.deepEqual(a.problems, []);
    assert.deepEqual(b.problems, []);
    await a.close();
    await b.close();
  });
});

describe('share links carry the plan', () => {
  test('a short plan travels in the link and opens, read-only, where it is not tracked; a long one asks for the file', async () => {
    const a = await env.open();
    await trackListWithFigure(a);
    await a.goTo('exchange');
    await a.$('[data-testid=share-make]').click();
    const link = await a.$('[data-testid=share-link]').inputValue();
    assert.equal(await a.$('[data-testid=share-without-plan]').count(), 0);

    const b = await env.open({ hash: link.slice(env.server.base.length), ready: '[data-testid=shared-banner]' });
    await b.goTo('plan');
    assert.equal(await b.$('[data-testid=plan-title]').textContent(), '2026年政府民生实事项目');
    assert.match(await b.task(await b.openPoint(3), '老年人家庭照护床位').locator('[data-testid=target-latest]').textContent(), /^40张/);
    assert.equal(await b.registry(), null, 'a link never adds a plan by itself');

    // A long plan's text does not fit a chat message: the link carries the data only.
    const all = readdirSync(new URL('../corpus/', import.meta.url)).filter((f) => f.endsWith('.txt')).sort();
    await a.bringPlan(all.map((f) => corpus(f.slice(0, -4))).join('\n'));
    await a.confirmPlan();
    await a.goTo('exchange');
    await a.$('[data-testid=share-make]').click();
    await a.$('[data-testid=share-without-plan]').waitFor();
    assert.deepEqual(a.problems, []);
    assert.deepEqual(b.problems, []);
    await a.close();
    await b.close();
  });
});

describe('managing plans', () => {
  test('rename, delete with undo; deleting the last plan brings the embedded one back', async () => {
    const app = await env.open();
    await app.bringPlan(TABLE);
    const id = await app.confirmPlan();
    await app.goTo('plans');
    const item = app.$(`[data-testid=plan-item][data-plan="${id}"]`);
    await item.locator('[data-testid=rename-plan]').click();
    await item.locator('[data-testid=plan-name-input]').fill('洋县民生实事');
    await item.locator('[data-testid=save-plan-name]').click();
    await app.$(`[data-testid=plan-item][data-plan="${id}"] [data-testid=plan-name]`).filter({ hasText: '洋县民生实事' }).waitFor();
    assert.match(await app.$('[data-testid=plan-switch]').textContent(), /洋县民生实事/);
    assert.match(await item.locator('[data-testid=plan-size]').textContent(), /^占用 \d+\.\d KB$/);

    // Delete it (it is shown): the list and the switcher lose it, undo brings it back whole.
    await app.$(`[data-testid=plan-item][data-plan="${id}"] [data-testid=delete-plan]`).click();
    await app.$('[data-testid=plan-deleted]').waitFor();
    assert.equal(await app.$(`[data-testid=plan-item][data-plan="${id}"]`).count(), 0);
    assert.ok((await app.stored(`taizhang.plan.${id}.text`)) !== null, 'kept until another plan is deleted');
    await app.$('[data-testid=undelete-plan]').click();
    await app.$('[data-testid=plan-title]').filter({ hasText: '洋县民生实事' }).waitFor();
    assert.equal(await app.planId(), id);

    // Delete the seed, then the last plan: the embedded plan comes back, its data untouched.
    await app.goTo('plans');
    await app.$(`[data-testid=plan-item][data-plan="${SEED_ID}"] [data-testid=delete-plan]`).click();
    await app.$(`[data-testid=plan-item][data-plan="${SEED_ID}"]`).waitFor({ state: 'detached' });
    await app.$(`[data-testid=plan-item][data-plan="${id}"] [data-testid=delete-plan]`).click();
    await app.$(`[data-testid=plan-item][data-plan="${SEED_ID}"]`).waitFor();
    assert.deepEqual((await app.registry()).plans.map((p) => p.id), [SEED_ID]);
    await app.reload();
    await app.goTo('plan');
    assert.equal(await app.$('[data-testid=plan-title]').textContent(), SEED_TITLE);
    assert.deepEqual(app.problems, []);
    await app.close();
  });

  test("two tabs adding plans keep each other's", async () => {
    const a = await env.open();
    const b = await a.newTab();
    await a.bringPlan(TABLE);
    const x = await a.confirmPlan();
    // The other tab's list follows.
    await b.page.locator(`[data-testid=plan-switch] option[value="${x}"]`).waitFor({ state: 'attached' });
    await b.bringPlan(LIST);
    const y = await b.confirmPlan();
    assert.deepEqual((await a.registry()).plans.map((p) => p.id), [SEED_ID, x, y]);
    await a.page.locator(`[data-testid=plan-switch] option[value="${y}"]`).waitFor({ state: 'attached' });
    assert.deepEqual(a.problems, []);
    assert.deepEqual(b.problems, []);
    await a.close();
  });

  test('an entry made just before switching plans is saved, not lost to the debounce', async () => {
    const app = await env.open();
    await app.bringPlan(TABLE);
    const id = await app.confirmPlan();
    const road = await app.openTask(2, '城北小學');
    await app.fillEntry(road, { asOf: '2024-09-30', figure: '1' });
    // Switch at once, well within the 250 ms the save waits for more typing.
    await app.$('[data-testid=plan-switch]').selectOption(SEED_ID);
    await app.$('[data-testid=plan-title]').filter({ hasText: SEED_TITLE }).waitFor();
    assert.match(await app.stored(`taizhang.plan.${id}.data`), /"2024-09-30"/);
    assert.equal(await app.stored(), null, 'nothing went into the seed');
    assert.deepEqual(app.problems, []);
    await app.close();
  });

  test('a plan opens within its period and remembers its own date', async () => {
    const app = await env.open();
    await app.goTo('dashboard');
    // The seed's year ended: it opens at 2025-12-31, saying so, instead of a year later.
    assert.equal(await app.$('[data-testid=as-of]').inputValue(), '2025-12-31');
    assert.match(await app.$('[data-testid=period-note]').textContent(), /执行期已于 2025-12-31 结束/);
    await app.setAsOf('2025-06-30');
    await app.page.waitForFunction(() => localStorage.getItem(`taizhang.pref.asof.plan-9f72a4ga38`) === '2025-06-30');
    await app.reload();
    assert.equal(await app.$('[data-testid=as-of]').inputValue(), '2025-06-30');
    assert.deepEqual(app.problems, []);
    await app.close();
  });
});

describe('bad input gets a clear message and loses nothing', () => {
  test('empty, unstructured, too large, PDF, image, .doc, a zip, binary; GBK text is read', async () => {
    const app = await env.open();
    const before = await app.page.evaluate(() => JSON.stringify(localStorage));
    await app.bringPlan('   \n  ', { error: true });
    assert.match(await app.$('[data-testid=plan-error]').textContent(), /请先粘贴计划全文/);
    const cases = [
      ['plan.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n'), /这是PDF文件.*复制文字/],
      ['scan.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), /这是图片文件/],
      ['plan.doc', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /旧版Word（\.doc）或WPS（\.wps）.*另存为.*\.docx/],
      ['plan.wps', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2]), /旧版Word/],
      ['archive.docx', zipWith('readme.txt', 'hello'), /无法作为Word文件读取：这是压缩文件，但不是Word文档/],
      ['cut.docx', readFileSync(fixture('naidong-2025.docx')).subarray(0, 2000), /文件已损坏或不完整/],
      ['data.bin', Buffer.from([1, 2, 0, 0, 255, 254, 0, 7]), /不是文本文件/],
      ['empty.txt', Buffer.alloc(0), /文件是空的/],
      ['huge.txt', Buffer.from('一'.repeat(400_000)), /内容过大（1171\.9 KB），计划全文上限为 1 MB/],
    ];
    for (const [name, bytes, message] of cases) {
      await app.bringPlanFile(await fileWith(name, bytes), { error: true });
      assert.match(await app.$('[data-testid=plan-error]').textContent(), message, name);
      assert.equal(await app.$('[data-testid=review]').count(), 0, name);
    }
    await app.screenshot('plan-file-error-pc');
    assert.equal(await app.page.evaluate(() => JSON.stringify(localStorage)), before, 'nothing stored');

    // A text saved by Chinese Windows' Notepad (GBK) reads as Chinese.
    const gbk = execFileSync('python3', ['-c', 'import sys; sys.stdout.buffer.write(sys.stdin.read().encode("gbk"))'], { input: LIST });
    await app.bringPlanFile(await fileWith('jianhu-gbk.txt', gbk));
    assert.equal(await app.$('[data-testid=review-title]').inputValue(), '2026年政府民生实事项目');
    await app.$('[data-testid=cancel-plan]').click();
    await app.$('[data-testid=new-plan]').waitFor();

    // A text with no recognisable structure still becomes a plan, with the guesses listed.
    await app.bringPlan('今年要把乡村道路修好，新建公厕12座。\n\n做好防汛准备，确保安全度汛。');
    assert.ok(await app.$('[data-testid=diagnostic]').count());
    await app.$('[data-testid=review-year]').fill('二〇二六');
    await app.$('[data-testid=confirm-plan]').click();
    assert.match(await app.$('[data-testid=review-error]').textContent(), /年度应为四位数字/);
    await app.$('[data-testid=review-year]').fill('2026');
    await app.$('[data-testid=review-title]').fill('村里的几件事');
    const id = await app.confirmPlan();
    assert.equal(await app.$('[data-testid=plan-title]').textContent(), '村里的几件事');
    assert.ok((await app.registry()).plans.some((p) => p.id === id));
    assert.deepEqual(app.problems, []);
    await app.close();
  });

  test('storage full while adding a plan: refused, nothing half-written', async () => {
    const app = await env.open();
    await app.bringPlan(TABLE);
    await app.fillStorage({ exact: true });
    const keys = () => app.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('taizhang.')).sort());
    const before = await keys();
    await app.$('[data-testid=confirm-plan]').click();
    await app.$('[data-testid=review-error]').waitFor();
    assert.match(await app.$('[data-testid=review-error]').textContent(), /存储空间已满，计划未添加/);
    assert.deepEqual(await keys(), before);
    assert.equal(await app.registry(), null);
    // The review is still there: free some space and confirm again.
    await app.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler.')).forEach((k) => localStorage.removeItem(k)));
    await app.confirmPlan();
    assert.deepEqual(app.problems, []);
    await app.close();
  });
});

describe('data stored by the previous release', () => {
  // localStorage as the release before plans could be added (ad2e27d) left it, recorded through
  // its UI: two figures, a milestone state, an assignment, a correction, settings, a backup.
  const old = JSON.parse(readFileSync(new URL('./fixtures/stored-release-ad2e27d.json', import.meta.url), 'utf8'));
  const storage = Object.fromEntries(Object.entries(old).filter(([k]) => k.startsWith('taizhang.')));

  test('opens as the embedded plan, untouched, and stays untouched when a plan is added', async () => {
    const app = await env.open({ storage });
    assert.equal(await app.registry(), null, 'no migration step writes anything');
    assert.match(await app.latestFigure(11, '营造林'), /^1\.2万亩/);
    const census = app.task(await app.openPoint(8), '完成第四次全国文物普查');
    assert.equal(await census.locator('[data-testid=task-status]').getAttribute('class'), 'chip chip-progress');
    // The correction still applies; the settings still count (stale after 60 days, not 45).
    const toilets = app.task(await app.openPoint(10), '849户');
    await toilets.locator('[data-testid=correct-task]').click();
    await toilets.locator('[data-testid=excluded-target]').waitFor();
    await app.goTo('dashboard');
    await app.$('[data-testid=settings] summary').click();
    assert.equal(await app.$('[data-testid=set-stale]').inputValue(), '60');
    await app.goTo('exchange');
    await app.$('[data-testid=backup-info]').waitFor();

    await app.bringPlan(LIST);
    await app.confirmPlan();
    for (const key of Object.keys(storage)) {
      assert.equal(await app.stored(key), storage[key], `${key} unchanged`);
    }
    await app.switchPlan(SEED_ID, SEED_TITLE);
    assert.match(await app.latestFigure(11, '营造林'), /^1\.2万亩/);
    assert.deepEqual(app.problems, []);
    await app.close();
  });
});
