// The office's month (督办): my unit's tasks, reminders per unit (催办) with a copyable text,
// printable sheets and a record of what was sent, deadline extensions (延期) that move pacing and
// show in the report, and closing a month (月度关账): later entries are late (补报), need a
// reason, and leave the closed month's report as it was.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PHONE, artifacts, fileWith, useApp } from './harness.mjs';

const env = useApp();

// A task breakdown with units: two tasks led by 区发改委, one by 区商务局 (due end of June), one
// without a lead (two responsible units), one with no unit at all.
const PLAN = [
  '乃东区2025年重点工作任务分解',
  '一、经济发展',
  '1.完成固定资产投资40亿元（牵头单位：区发改委）。',
  '2.力争6月底前建成区级物流中心（牵头单位：区商务局）。',
  '3.持续优化营商环境（牵头单位：区发改委；责任单位：区市场监管局）。',
  '4.年底前完成老旧小区改造（责任单位：区住建局、区城管局）。',
  '5.推进全民阅读活动。',
].join('\n');

/** Tracks PLAN, sets the as-of date, and returns the plan id and a reader of its stored data. */
async function trackPlan(app, asOf = '2025-07-31') {
  await app.bringPlan(PLAN);
  const id = await app.confirmPlan();
  await app.setAsOf(asOf);
  const stored = async () => JSON.parse((await app.stored(`taizhang.plan.${id}.data`)) || '{"data":{}}').data;
  const waitForData = (predicate, arg = null) =>
    app.waitForStored(predicate, arg, { key: `taizhang.plan.${id}.data` });
  return { id, stored, waitForData };
}

/** The report row's status key for the item whose text contains `text`. */
async function reportStatus(app, text) {
  return app.$('[data-testid=report-row]').filter({ hasText: text }).first().locator('[data-status]').getAttribute('data-status');
}

describe('the office month (督办)', () => {
  test('my unit: its tasks, what is due, overdue and unreported, its export, and the plan filtered to it', async () => {
    const app = await env.open();
    const { page, problems } = app;
    await trackPlan(app, '2025-06-10');
    const fig = await app.openTask(1, '固定资产投资');
    await app.fillEntry(fig, { asOf: '2025-06-05', figure: '12' });
    await fig.locator('[data-testid=saved-note]').waitFor();
    await app.goTo('dashboard');
    await page.fill('[data-testid=my-unit]', '区商务局');
    await page.locator('[data-testid=my-tasks-summary]').filter({ hasText: '区商务局 共 1 项任务' }).waitFor();
    assert.match(await page.textContent('[data-testid=my-due]'), /力争6月底前建成区级物流中心/);
    assert.match(await page.textContent('[data-testid=my-no-report]'), /物流中心/);
    await page.fill('[data-testid=my-unit]', '区发改委');
    await page.locator('[data-testid=my-tasks-summary]').filter({ hasText: '区发改委 共 2 项任务' }).waitFor();
    // Investment was reported this month; the business environment was not.
    const unreported = await page.locator('[data-testid=my-no-report] [data-testid=my-task]').allTextContents();
    assert.deepEqual(unreported, ['持续优化营商环境']);
    assert.equal(await page.locator('[data-testid=my-overdue] [data-testid=my-task]').count(), 0);
    // As of August, the 物流中心 of 区商务局 is overdue.
    await page.fill('[data-testid=my-unit]', '区商务局');
    await app.setAsOf('2025-08-05');
    await page.locator('[data-testid=my-overdue] [data-testid=my-task]').filter({ hasText: '物流中心' }).waitFor();
    // A unit no task names says so.
    await page.fill('[data-testid=my-unit]', '区教育局');
    assert.match(await page.locator('[data-testid=my-tasks-none]').textContent(), /没有任务以“区教育局”为牵头或责任单位/);
    // The unit's export in one click: a snapshot with the entries it recorded.
    await page.fill('[data-testid=my-unit]', '区发改委');
    await app.recordFigure(1, '固定资产投资', { asOf: '2025-08-01', figure: '15' });
    await app.goTo('dashboard');
    const file = await app.download('[data-testid=export-my-unit]');
    assert.match(file.name, /区发改委/);
    const snap = JSON.parse(file.text);
    assert.equal(snap.version, 3);
    assert.deepEqual(snap.data.entries.map((e) => [e.value, e.unit]), [['15', '区发改委']]);
    // The plan filtered to the unit: the two tasks it leads.
    await page.click('[data-testid=my-tasks-in-plan]');
    await page.locator('[data-testid=point]').first().waitFor();
    await app.waitForVisiblePoints(2);
    // The choice stays a preference: the dashboard still shows the whole plan's counts.
    await app.goTo('dashboard');
    assert.equal(await page.locator('[data-testid=status-counts] li').count(), 6);
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('reminders per unit: the right items, a copyable text, printed one page per unit, recorded when sent', async () => {
    const app = await env.open();
    const { page, problems } = app;
    await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.server.base).origin });
    const { stored, waitForData } = await trackPlan(app);
    // Investment 10 of 40 by the end of July: behind. The hub: in progress, past its June deadline.
    const fig = await app.openTask(1, '固定资产投资');
    await app.fillEntry(fig, { asOf: '2025-07-31', figure: '10' });
    await fig.locator('[data-testid=saved-note]').waitFor();
    const hub = await app.openTask(2, '物流中心');
    await app.fillEntry(hub, { asOf: '2025-07-10', state: 'in_progress' });
    await hub.locator('[data-testid=saved-note]').waitFor();
    await app.goTo('office');
    const units = await page.locator('[data-testid=reminder-unit]').evaluateAll((els) => els.map((e) => e.dataset.unit));
    assert.deepEqual(units, ['区住建局', '区发改委', '区商务局', '区城管局']);
    const itemsOf = (unit) =>
      page.locator(`[data-testid=reminder-unit][data-unit="${unit}"] [data-testid=reminder-item]`).evaluateAll((rows) =>
        rows.map((r) => [r.cells[0].textContent, r.dataset.problem]),
      );
    assert.deepEqual(await itemsOf('区发改委'), [['固定资产投资', 'Behind'], ['持续优化营商环境', 'NoReport']]);
    assert.deepEqual(await itemsOf('区商务局'), [['力争6月底前建成区级物流中心', 'Overdue']]);
    assert.deepEqual(await itemsOf('区住建局'), [['年底前完成老旧小区改造', 'NoReport']]);
    assert.match(await page.textContent('[data-testid=reminders-unassigned]'), /另有 1 项未明确责任单位/);
    // The text: whom, which items and what is missing, by when.
    const card = page.locator('[data-testid=reminder-unit][data-unit="区发改委"]');
    await page.fill('[data-testid=reply-by]', '2025-08-05');
    await page.fill('[data-testid=signature]', '乃东区政府督查室');
    const text = await card.locator('[data-testid=reminder-text]').inputValue();
    assert.match(text, /^区发改委：\n根据《乃东区2025年重点工作任务分解》工作台账，截至2025-07-31，贵单位牵头或负责的以下2项工作需要关注：/);
    assert.match(text, /\n1\. 固定资产投资——进度滞后（目标40亿元，最新10亿元（2025-07-31），完成25%，时间进度58%）/);
    assert.match(text, /\n2\. 持续优化营商环境——本月未报送/);
    assert.match(text, /请于2025-08-05前在台账中报送最新进展/);
    assert.match(text, /乃东区政府督查室$/);
    await card.locator('[data-testid=copy-reminder]').click();
    await card.locator('[data-testid=reminder-status]').filter({ hasText: '已复制' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
    // Printed: one page per unit.
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await writeFile(join(artifacts, 'reminder-sheets.pdf'), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.equal(pages, 4, 'one page per unit');
    await page.emulateMedia({ media: 'screen' });
    // Sent: recorded with the unit, the date and the items, and shown on the task.
    await card.locator('[data-testid=mark-sent]').click();
    await waitForData((raw) => (raw || '').includes('"reminders"'));
    const [reminder] = (await stored()).reminders;
    assert.equal(reminder.unit, '区发改委');
    assert.equal(reminder.as_of, '2025-07-31');
    assert.equal(reminder.items.length, 2);
    await app.goTo('plan');
    const task = await app.openTask(1, '固定资产投资');
    assert.match(await task.locator('[data-testid=reminded]').textContent(), /已催办 1 次，最近 \d{4}-\d\d-\d\d/);
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('an extension is refused next to its field when wrong, moves pacing and shows in the report', async () => {
    const app = await env.open();
    const { page, problems } = app;
    const { stored, waitForData } = await trackPlan(app, '2025-07-15');
    const hub = await app.openTask(2, '物流中心');
    await app.fillEntry(hub, { asOf: '2025-07-01', state: 'in_progress' });
    await hub.locator('[data-testid=saved-note]').waitFor();
    await waitForData((raw) => (raw || '').includes('in_progress'));
    await app.goTo('report');
    assert.equal(await reportStatus(app, '物流中心'), 'behind');
    await app.goTo('plan');
    const task = await app.openTask(2, '物流中心');
    assert.equal(await task.locator('[data-testid=deadline-line]').textContent(), '期限：2025-06-30');
    await task.locator('[data-testid=open-extension]').click();
    const form = task.locator('[data-testid=extension-form]');
    const attempt = async ({ to, reason, approver }) => {
      await form.locator('[data-testid=field-extend-to]').fill(to);
      await form.locator('[data-testid=field-extend-reason]').fill(reason);
      await form.locator('[data-testid=field-extend-approver]').fill(approver);
      await form.locator('[data-testid=save-extension]').click();
    };
    await attempt({ to: '2025-05-31', reason: '用地手续未批复', approver: '区政府分管领导' });
    await form.locator('[data-testid=error-extend-to]').filter({ hasText: '新期限须晚于现行期限 2025-06-30' }).waitFor();
    await attempt({ to: '2025-09-30', reason: ' ', approver: '区政府分管领导' });
    await form.locator('[data-testid=error-extend-reason]').filter({ hasText: '请填写延期原因' }).waitFor();
    assert.equal(await form.locator('[data-testid=error-extend-to]').textContent(), '');
    await attempt({ to: '2025-09-30', reason: '用地手续未批复', approver: '' });
    await form.locator('[data-testid=error-extend-approver]').filter({ hasText: '请填写批准人' }).waitFor();
    assert.equal((await stored()).extensions, undefined, 'nothing stored on a refusal');
    await attempt({ to: '2025-09-30', reason: '用地手续未批复', approver: '区政府分管领导' });
    await task.locator('[data-testid=deadline-line]').filter({ hasText: '期限：2025-09-30（原定 2025-06-30，已延期）' }).waitFor();
    await waitForData((raw) => (raw || '').includes('"extensions"'));
    const [x] = (await stored()).extensions;
    assert.deepEqual([x.from, x.to, x.reason, x.approved_by], ['2025-06-30', '2025-09-30', '用地手续未批复', '区政府分管领导']);
    await app.goTo('report');
    assert.equal(await reportStatus(app, '物流中心'), 'on_track');
    const row = page.locator('[data-testid=extended-row]');
    assert.equal(await row.count(), 1);
    assert.match(await row.textContent(), /力争6月底前建成区级物流中心2025-06-302025-09-30用地手续未批复区政府分管领导/);
    assert.match(
      await page.locator('[data-testid=report-row]').filter({ hasText: '物流中心' }).first().textContent(),
      /期限：2025-09-30（原定 2025-06-30，已延期）/,
    );
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('closing a month: the future is refused, late entries need a reason and leave its report unchanged', async () => {
    const app = await env.open({ viewport: PHONE });
    const { page, problems } = app;
    const { stored, waitForData } = await trackPlan(app, '2025-07-31');
    const fig = await app.openTask(1, '固定资产投资');
    await app.fillEntry(fig, { asOf: '2025-07-20', figure: '10' });
    await fig.locator('[data-testid=saved-note]').waitFor();
    await app.goTo('office');
    const field = page.locator('[data-testid=close-month-field]');
    await field.fill('2099-01');
    await page.click('[data-testid=close-month]');
    await page.locator('[data-testid=close-month-error]').filter({ hasText: '不能关闭尚未开始的月份' }).waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    await field.fill('2025-07');
    await page.click('[data-testid=close-month]');
    await page.locator('[data-testid=closed-month][data-month="2025-07"]').waitFor();
    await waitForData((raw) => (raw || '').includes('"closings"'));
    assert.equal((await stored()).closings.length, 1, 'the refused month was not stored');
    await page.click('[data-testid=close-month]');
    await page.locator('[data-testid=close-month-error]').filter({ hasText: '该月已关账' }).waitFor();
    await app.goTo('report');
    await page.locator('[data-testid=report-closed]').filter({ hasText: '2025-07 已于' }).waitFor();
    const before = await page.locator('[data-testid=report-row]').allTextContents();
    assert.match(before.find((r) => r.includes('固定资产投资')), /10亿元/);
    // A late entry in July: refused without a reason, then recorded and marked 补报.
    await app.goTo('plan');
    const task = await app.openTask(1, '固定资产投资');
    await app.fillEntry(task, { asOf: '2025-07-25', figure: '30', note: '' });
    await task.locator('[data-testid=late-hint]').filter({ hasText: '2025-07 已关账，本条将记为补报。' }).waitFor();
    await task.locator('[data-testid=entry-error]').filter({ hasText: '2025-07 已关账：请在“补报原因”中说明为何补报' }).waitFor();
    assert.ok(!(await app.stored(`taizhang.plan.${await app.planId()}.data`)).includes('"30"'), 'nothing stored');
    await app.fillEntry(task, { asOf: '2025-07-25', figure: '30', note: '统计口径调整后补报' });
    await task.locator('[data-testid=saved-note]').waitFor();
    await task.locator('[data-testid=history-item]').filter({ hasText: '30' }).locator('[data-testid=late-badge]').waitFor();
    await waitForData((raw) => (raw || '').includes('"30"'));
    await app.goTo('report');
    await page.locator('[data-testid=late-row]').first().waitFor();
    assert.deepEqual(await page.locator('[data-testid=report-row]').allTextContents(), before, 'the closed report is unchanged');
    assert.match(await page.textContent('[data-testid=late-row]'), /固定资产投资2025-07-2530亿元统计口径调整后补报/);
    // August is open: the late figure counts there.
    await app.setAsOf('2025-08-31');
    await page.locator('[data-testid=report-row]').filter({ hasText: '30亿元' }).first().waitFor();
    assert.equal(await page.locator('[data-testid=report-closed]').count(), 0);
    // The grid refuses a July figure without a reason too.
    await page.click('[data-testid=nav-quick-entry]');
    await page.fill('[data-testid=grid-as-of]', '2025-07-31');
    await page.locator('[data-testid=grid-row]').first().locator('[data-testid=grid-figure]').fill('31');
    await page.click('[data-testid=grid-save]');
    await page.locator('[data-testid=grid-row]').first().filter({ hasText: '该月已关账：请在备注中填写补报原因' }).waitFor();
    assert.ok(await app.overflow() <= 0, 'no sideways scroll on a phone');
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('office records travel in the snapshot file and merge into another browser', async () => {
    const office = await env.open();
    await office.goTo('plan');
    await office.page.locator('[data-testid=point] summary').first().waitFor();
    // The first milestone task of the seed, extended; June closed; then exported.
    const point = await office.page.locator('[data-testid=point]').evaluateAll((points) =>
      points.find((p) => p.querySelector('[data-testid=task][data-kind=milestone]')).dataset.point,
    );
    const open = await office.openPoint(point);
    const task = open.locator('[data-testid=task][data-kind=milestone]').first();
    await task.locator('[data-testid=record-task]').click();
    await task.locator('[data-testid=open-extension]').click();
    await task.locator('[data-testid=field-extend-to]').fill('2026-03-31');
    await task.locator('[data-testid=field-extend-reason]').fill('跨年度实施');
    await task.locator('[data-testid=field-extend-approver]').fill('区长办公会');
    await task.locator('[data-testid=save-extension]').click();
    await task.locator('[data-testid=deadline-line]').filter({ hasText: '2026-03-31' }).waitFor();
    await office.goTo('office');
    await office.page.fill('[data-testid=close-month-field]', '2025-06');
    await office.page.click('[data-testid=close-month]');
    await office.page.locator('[data-testid=closed-month][data-month="2025-06"]').waitFor();
    const { doc } = await office.exportSnapshot();
    assert.equal(doc.version, 3);
    assert.equal(doc.data.extensions.length, 1);
    assert.equal(doc.data.closings[0].month, '2025-06');
    const path = await fileWith('office.json', JSON.stringify(doc));

    const dept = await env.open();
    await dept.goTo('exchange');
    await dept.chooseFile(path);
    assert.equal(await dept.page.textContent('[data-testid=preview-office]'), '2');
    await dept.page.locator('[data-testid=mode-merge]').check();
    await dept.page.locator('[data-testid=import-apply]').click();
    await dept.page.locator('[data-testid=import-done]').waitFor();
    await dept.goTo('office');
    await dept.page.locator('[data-testid=closed-month][data-month="2025-06"]').waitFor();
    await dept.goTo('plan');
    const same = (await dept.openPoint(point)).locator('[data-testid=task][data-kind=milestone]').first();
    await same.locator('[data-testid=record-task]').click();
    assert.match(await same.locator('[data-testid=deadline-line]').textContent(), /期限：2026-03-31（原定 2025-12-31，已延期）/);
    // Importing the same file again changes nothing.
    await dept.goTo('exchange');
    await dept.chooseFile(path);
    assert.equal(await dept.page.textContent('[data-testid=preview-office]'), '0');
    assert.deepEqual([...office.problems, ...dept.problems], []);
    await office.close();
    await dept.close();
  });
});
