// The ledger: recording figures and milestone states, keeping them across reloads, undo, the
// quick-entry grid driven by keyboard alone, filters, and two tabs recording at once.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PC, PHONE, useApp } from './harness.mjs';
import { setLanguage } from './a11y.mjs';

const env = useApp();

describe('recording progress', () => {
  test('a figure and a milestone state survive a reload; undo takes back the last change', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    let forest = await app.recordFigure(11, '营造林', { asOf: '2025-06-30', figure: '1.2', note: '上半年完成' });
    await forest.locator('[data-testid=history-value]').first().waitFor();
    assert.equal(await forest.locator('[data-testid=history-value]').first().textContent(), '1.2万亩');
    assert.match(await forest.locator('[data-testid=target-latest]').textContent(), /^1\.2万亩 · 42%（2025-06-30）$/);

    let census = await app.openTask(8, '完成第四次全国文物普查');
    await app.fillEntry(census, { asOf: '2025-06-30', state: 'done' });
    await census.locator('[data-testid=task-status]').waitFor();
    assert.match(await census.locator('[data-testid=task-status]').textContent(), /已完成/);
    await app.screenshot('recording-pc');

    // A second figure, then undo: the first is the latest again.
    await app.recordFigure(11, '营造林', { asOf: '2025-09-30', figure: '2.0' });
    await forest.locator('[data-testid=history-item]').nth(1).waitFor();
    await page.locator('[data-testid=undo]').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-point="11"] [data-testid=history-item]').length === 1);

    // The debounced save has stored the undo (a tombstone row).
    await app.waitForStored((raw) => (raw || '').includes('"t",""'));
    await app.reload();
    forest = await app.openTask(11, '营造林');
    assert.deepEqual(await forest.locator('[data-testid=history-value]').allTextContents(), ['1.2万亩']);
    census = app.task(await app.openPoint(8), '完成第四次全国文物普查');
    assert.match(await census.locator('[data-testid=task-status]').textContent(), /已完成/);
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('bad input is refused next to the field; odd figures are warned about, not blocked', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    const forest = await app.openTask(11, '营造林');
    const form = forest.locator('[data-testid=entry-form]').first();
    await app.recordFigure(11, '营造林', { asOf: '2025-06-30', figure: '一点二' });
    assert.match(await form.locator('[data-testid=entry-error]').textContent(), /不是有效的数字/);
    await app.recordFigure(11, '营造林', { asOf: '1999-06-30', figure: '1.2' });
    assert.match(await form.locator('[data-testid=entry-error]').textContent(), /日期超出合理范围/);
    assert.equal(await forest.locator('[data-testid=history-item]').count(), 0);

    await form.locator('[data-testid=field-figure]').fill('10');
    assert.match(await form.locator('[data-testid=entry-warning]').textContent(), /超过目标值3倍/);

    const census = await app.openTask(8, '完成第四次全国文物普查');
    const cform = census.locator('[data-testid=entry-form]');
    await cform.locator('[data-testid=field-state]').selectOption('blocked');
    await cform.locator('[data-testid=save-entry]').click();
    assert.match(await cform.locator('[data-testid=entry-error]').textContent(), /说明原因/);
    assert.deepEqual(problems, []);
    await app.close();
  });
});

describe('quick entry (本月填报)', () => {
  test('enters several figures with the keyboard alone', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    await app.goTo('quick-entry');
    const grid = page.locator('[data-testid=grid]');
    await grid.waitFor();
    const rows = grid.locator('[data-testid=grid-row]');
    assert.ok((await rows.count()) >= 25, `only ${await rows.count()} rows`);
    await page.locator('[data-testid=grid-as-of]').fill('2025-06-30');
    await page.locator('[data-testid=grid-unit]').fill('区发改委');

    await rows.nth(0).locator('[data-testid=grid-figure]').focus();
    await page.keyboard.type('12.5');
    await page.keyboard.press('Enter'); // next row's figure
    await page.keyboard.type('3');
    await page.keyboard.press('Tab'); // this row's note
    await page.keyboard.type('一季度新增');
    await page.keyboard.press('Tab'); // next row's figure
    await page.keyboard.type('４５００'); // full-width digits from an IME
    await page.keyboard.press('Control+Enter');
    await page.locator('[data-testid=grid-outcome]').filter({ hasText: '3 条已保存' }).waitFor();
    const latest = await rows.locator('[data-testid=grid-latest]').allTextContents();
    assert.match(latest[0], /^12\.5亿元（2025-06-30）$/);
    assert.match(latest[1], /^3.*（2025-06-30）$/);
    assert.match(latest[2], /^4500.*（2025-06-30）$/);
    await app.screenshot('quick-entry-pc');

    await app.waitForEntries(3); // the debounced save
    await app.reload();
    await app.goTo('quick-entry');
    const after = await page.locator('[data-testid=grid-latest]').allTextContents();
    assert.deepEqual(after.slice(0, 3), latest.slice(0, 3));
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('one table per section of the plan, under its heading; the filter hides emptied sections, Enter crosses them', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    await app.goTo('quick-entry');
    const sections = page.locator('[data-testid=grid] section');
    await sections.first().waitFor();
    const headings = await sections.locator('h2').allTextContents();
    // The seed's targets sit in six of its eight sections, each shown once, in order.
    assert.deepEqual(headings.map((h) => h.split('、')[0]), ['一', '二', '三', '四', '五', '六']);
    assert.equal(headings[4], '五、坚持生态优先,更优路径锚定经济绿色低碳发展');
    let total = 0;
    for (const [i, section] of (await sections.all()).entries()) {
      // Every row of a section's table belongs to that section, and each table has its header.
      const of = await section.locator('[data-testid=grid-row]').evaluateAll((rows) => rows.map((r) => r.dataset.section));
      assert.ok(of.length > 0 && of.every((s) => s === of[0]), `section ${headings[i]}: ${of}`);
      assert.equal(await section.locator('thead th').count(), 6);
      assert.equal(await section.getAttribute('aria-labelledby'), await section.locator('h2').getAttribute('id'));
      total += of.length;
    }
    assert.equal(total, 30, 'every target of the seed has its row');
    // Enter in the last row of a section moves to the first row of the next one.
    const first = sections.nth(0).locator('[data-testid=grid-figure]');
    await first.last().focus();
    await page.keyboard.press('Enter');
    assert.equal(await sections.nth(1).locator('[data-testid=grid-figure]').first().evaluate((e) => e === document.activeElement), true);
    // Filtering to one section leaves only its table.
    await page.locator('[data-testid=filter-section]').selectOption('5');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=grid] section')].filter((s) => s.style.display !== 'none').length === 1);
    assert.match(await sections.filter({ visible: true }).locator('h2').textContent(), /^五、/);
    // In English the headings stay the plan's own words, marked as Chinese.
    await page.locator('[data-testid=filter-clear]').click();
    await setLanguage(page, 'en');
    assert.equal(await sections.nth(4).locator('h2').getAttribute('lang'), 'zh-CN');
    assert.equal(await sections.nth(0).locator('thead th').nth(1).textContent(), 'Metric');
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('a date stepped through an impossible day (June 31) keeps its parts', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    await app.goTo('quick-entry');
    const asOf = page.locator('[data-testid=grid-as-of]');
    await asOf.fill('2025-06-30');
    // Find the day part: ArrowUp on the year or the month makes another valid date (put back
    // with ArrowDown, then Tab to the next part); on the day it makes June 31, which is no date:
    // the input says "" for now, and its parts must stay as the user left them.
    await asOf.focus();
    for (let part = 0; part < 3; part++) {
      await page.keyboard.press('ArrowUp');
      if ((await asOf.inputValue()) === '') break;
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Tab');
    }
    assert.equal(await asOf.inputValue(), '');
    await page.keyboard.press('ArrowUp');
    assert.equal(await asOf.inputValue(), '2025-06-01');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await asOf.inputValue(), '2025-06-30');
    // And what it shows is what is saved.
    await page.locator('[data-testid=grid-row]').first().locator('[data-testid=grid-figure]').fill('7');
    await page.locator('[data-testid=grid-save]').click();
    assert.match(await page.locator('[data-testid=grid-latest]').first().textContent(), /^7.*（2025-06-30）$/);
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('an invalid row blocks the save and says why; nothing is recorded', async () => {
    const app = await env.open({ viewport: PHONE });
    const { page, problems } = app;
    await app.goTo('quick-entry');
    const rows = page.locator('[data-testid=grid-row]');
    await rows.nth(0).locator('[data-testid=grid-figure]').fill('12');
    await rows.nth(1).locator('[data-testid=grid-figure]').fill('12..5');
    await page.locator('[data-testid=grid-save]').click();
    assert.match(await rows.nth(1).locator('[data-testid=grid-error]').textContent(), /不是有效的数字/);
    assert.equal(await rows.nth(0).locator('[data-testid=grid-latest]').textContent(), '未填报');
    const overflow = await app.overflow();
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await app.screenshot('quick-entry-phone');
    assert.deepEqual(problems, []);
    await app.close();
  });
});

describe('filters', () => {
  test('keyword, kind and state narrow the plan to matching tasks', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    await page.locator('[data-testid=filter-keyword]').fill('营造林');
    await app.waitForVisiblePoints(1);
    const visible = page.locator('[data-testid=point]:visible');
    assert.equal(await visible.getAttribute('data-point'), '11');
    assert.equal(await visible.locator('[data-testid=task]').count(), 1);

    await page.locator('[data-testid=filter-clear]').click();
    await page.locator('[data-testid=filter-kind]').selectOption('milestone');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=task]').length > 0);
    const kinds = await page.locator('[data-testid=task]').evaluateAll((ts) => [...new Set(ts.map((t) => t.dataset.kind))]);
    assert.deepEqual(kinds, ['milestone']);

    await page.locator('[data-testid=filter-kind]').selectOption('');
    await page.locator('[data-testid=filter-section]').selectOption('3');
    await app.waitForVisiblePoints(3);
    const points = await page.locator('[data-testid=point]:visible').evaluateAll((ps) => ps.map((p) => p.dataset.point));
    assert.deepEqual(points, ['6', '7', '8']);
    assert.deepEqual(problems, []);
    await app.close();
  });
});

describe('two tabs', () => {
  test('figures recorded in two tabs at once are all kept, and each tab sees the other', async () => {
    const a = await env.open({ viewport: PC });
    const b = await a.newTab();

    const forestA = await a.openTask(11, '营造林');
    const jobsB = await b.openTask(6, '1.36万人');
    // Both save within the same debounce window.
    await Promise.all([
      a.fillEntry(forestA, { asOf: '2025-06-30', figure: '1.5', note: '' }),
      b.fillEntry(jobsB, { asOf: '2025-06-30', figure: '0.8', note: '' }),
    ]);
    // Each tab shows the other's figure without a reload (the storage event).
    await a.page.waitForFunction(() =>
      [...document.querySelectorAll('[data-point="6"] [data-testid=target-latest]')].some((e) => e.textContent.startsWith('0.8万人')));
    await b.page.waitForFunction(() =>
      [...document.querySelectorAll('[data-point="11"] [data-testid=target-latest]')].some((e) => e.textContent.startsWith('1.5万亩')));
    await a.waitForEntries(2, { atLeast: true }); // the debounced saves
    const stored = (await a.storedEntries()).length;
    assert.equal(stored, 2);
    await b.reload();
    const jobs = b.task(await b.openPoint(6), '1.36万人');
    assert.match(await jobs.locator('[data-testid=target-latest]').first().textContent(), /^0\.8万人/);
    const forest = b.task(await b.openPoint(11), '营造林');
    assert.match(await forest.locator('[data-testid=target-latest]').textContent(), /^1\.5万亩/);
    assert.deepEqual(a.problems, []);
    assert.deepEqual(b.problems, []);
    await a.close();
  });
});

describe('keeping a copy', () => {
  test('export downloads the data and the top bar says when it was last exported', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    assert.equal(await page.textContent('[data-testid=export-note]'), '尚未导出过备份');
    const forest = await app.recordFigure(11, '营造林', { asOf: '2025-06-30', figure: '1.1', note: '<script>alert(1)</script>' });
    // A note that looks like markup is shown as text, never run.
    await forest.locator('.history-note').filter({ hasText: '<script>alert(1)</script>' }).waitFor();
    const { name, doc } = await app.exportSnapshot();
    // The top bar's export writes the snapshot file (#6), named with plan, unit (none set: 全部) and date.
    assert.match(name, /^台账-乃东区人民政府2025年工作要点-全部-\d{4}-\d{2}-\d{2}\.json$/);
    assert.equal(doc.format, 'taizhang-snapshot');
    assert.equal(doc.data.entries.length, 1);
    assert.equal(doc.data.entries[0].value, '1.1');
    assert.equal(await page.textContent('[data-testid=export-note]'), '今天已导出备份');
    assert.deepEqual(problems, []);
    await app.close();
  });
});

describe('assignments', () => {
  test('a lead unit set on a task survives a reload and drives the unit filter', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    const census = await app.openTask(8, '完成第四次全国文物普查');
    const form = census.locator('[data-testid=assignment-form]');
    await form.locator('[data-testid=field-lead]').fill('区文化和旅游局');
    await form.locator('[data-testid=field-others]').fill('区财政局、各乡镇');
    await form.locator('[data-testid=field-deadline]').fill('2025-10-31');
    await form.locator('[data-testid=save-assignment]').click();
    await app.waitForStored((raw) => (raw || '').includes('区文化和旅游局'));
    await app.reload();
    await page.locator('[data-testid=filter-unit]').selectOption('区文化和旅游局');
    await app.waitForVisiblePoints(1);
    const tasks = await page.locator('[data-testid=task]:visible').allTextContents();
    assert.equal(tasks.length, 1);
    assert.match(tasks[0], /完成第四次全国文物普查/);
    await page.locator('[data-testid=filter-unit]').selectOption('区财政局');
    await page.locator('[data-testid=task]:visible').first().waitFor();
    const task = page.locator('[data-testid=task]:visible').first();
    await task.locator('[data-testid=record-task]').click();
    const again = task.locator('[data-testid=assignment-form]');
    assert.equal(await again.locator('[data-testid=field-lead]').inputValue(), '区文化和旅游局');
    assert.equal(await again.locator('[data-testid=field-others]').inputValue(), '区财政局、各乡镇');
    assert.equal(await again.locator('[data-testid=field-deadline]').inputValue(), '2025-10-31');
    assert.deepEqual(problems, []);
    await app.close();
  });
});
