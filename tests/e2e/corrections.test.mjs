// Targets highlighted in the source text, and user corrections to the parser's reading that
// survive a reload. Each test opens a fresh profile (empty localStorage).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KEY, PC, PHONE, useApp } from './harness.mjs';

const env = useApp();

describe('targets in the source text', () => {
  test('are highlighted and listed with value, unit and comparator', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    const p1 = await app.openPoint(1);
    const marks = await p1.locator('[data-testid=target-mark]').allTextContents();
    assert.ok(marks.some((m) => m.includes('40亿元')), `marks in point 1: ${marks}`);
    const row = p1.locator('[data-testid=target]').filter({ hasText: '固定资产投资' });
    assert.equal(await row.locator('[data-testid=target-value]').textContent(), '40亿元以上');
    assert.equal(await app.task(p1, '固定资产投资').getAttribute('data-kind'), 'quantitative');

    const p8 = await app.openPoint(8);
    assert.equal(await app.task(p8, '完成第四次全国文物普查').getAttribute('data-kind'), 'milestone');
    const p12 = await app.openPoint(12);
    const air = p12.locator('[data-testid=target]').filter({ hasText: '空气质量达标率' });
    assert.equal(await air.locator('[data-testid=target-value]').textContent(), '保持在99%');
    await p12.scrollIntoViewIfNeeded();
    await app.screenshot('targets-highlighted-pc');

    // Every point open at once: the whole plan's highlights are in the page.
    await page.evaluate(() => document.querySelectorAll('details.point').forEach((d) => (d.open = true)));
    const total = await page.locator('[data-testid=target-mark]').count();
    assert.ok(total >= 25, `only ${total} highlighted targets`);
    // No year or ordinal is highlighted as a target.
    const all = await page.locator('[data-testid=target-mark]').allTextContents();
    for (const m of all) assert.doesNotMatch(m, /^(2025年|第45届|832)/, m);
    assert.deepEqual(problems, []);
    await app.close();
  });
});

describe('corrections', () => {
  test('an edited target value survives a reload', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    let p11 = await app.openPoint(11);
    let task = app.task(p11, '营造林');
    await task.locator('[data-testid=correct-task]').click();
    const form = task.locator('.target-edit-row [data-testid=target-form]').first();
    await form.locator('[data-testid=field-value]').fill('３.１'); // full-width, as typed with an IME
    await form.locator('[data-testid=save-target]').click();
    const value = task.locator('[data-testid=target-value]').first();
    await assert.doesNotReject(value.filter({ hasText: '3.1万亩' }).waitFor());
    assert.equal(await task.locator('[data-testid=corrected]').count(), 1);
    await app.screenshot('correction-editing-pc');

    await app.reload();
    p11 = await app.openPoint(11);
    task = app.task(p11, '营造林');
    assert.equal(await task.locator('[data-testid=target-value]').first().textContent(), '3.1万亩');
    assert.equal(await task.locator('[data-testid=corrected]').count(), 1);
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('a bad figure is refused next to the field, in Chinese, and nothing changes', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    const p11 = await app.openPoint(11);
    const task = app.task(p11, '营造林');
    await task.locator('[data-testid=correct-task]').click();
    const form = task.locator('.target-edit-row [data-testid=target-form]').first();
    await form.locator('[data-testid=field-value]').fill('两万');
    await form.locator('[data-testid=save-target]').click();
    assert.match(await form.locator('[data-testid=field-error]').textContent(), /不是有效的数字/);
    assert.equal(await form.locator('[data-testid=field-value]').getAttribute('aria-invalid'), 'true');
    assert.equal(await task.locator('[data-testid=target-value]').first().textContent(), '2.88万亩');
    assert.equal(await app.stored(KEY), null);
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('"not a target", restore, kind change and an added target all survive a reload', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    let p10 = await app.openPoint(10);
    let task = app.task(p10, '849户');
    const before = await task.locator('[data-testid=target]').count();
    assert.ok(before >= 2, `expected two targets in the 849户 task, saw ${before}`);
    await task.locator('[data-testid=correct-task]').click();
    await task.locator('[data-testid=target]').filter({ hasText: '3114' }).waitFor();
    // Exclude the 3114户 target.
    const row3114 = task.locator('tr').filter({ has: page.locator('[data-testid=not-a-target]') }).nth(1);
    await row3114.locator('[data-testid=not-a-target]').click();
    await task.locator('[data-testid=excluded-target]').first().waitFor();
    assert.equal(await task.locator('[data-testid=target]').count(), before - 1);

    // A milestone task becomes quantitative by adding a target to it, keyboard only.
    let milestone = app.task(p10, '首届农牧民增收大会');
    await milestone.locator('[data-testid=correct-task]').click();
    const add = milestone.locator('.task-editor [data-testid=target-form]');
    await add.locator('[data-testid=field-metric]').focus();
    await page.keyboard.type('农牧民增收大会');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('场');
    await page.keyboard.press('Enter');
    await milestone.locator('[data-testid=target]').first().waitFor();
    assert.equal(await milestone.getAttribute('data-kind'), 'quantitative');

    // An ongoing task re-classified as a milestone.
    let ongoing = app.task(p10, '推进移风易俗');
    await ongoing.locator('[data-testid=correct-task]').click();
    await ongoing.locator('[data-testid=kind-select]').selectOption('milestone');
    await assert.doesNotReject(page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=task]')].some((t) => t.textContent.includes('推进移风易俗') && t.dataset.kind === 'milestone')));

    await app.reload();
    p10 = await app.openPoint(10);
    task = app.task(p10, '849户');
    assert.equal(await task.locator('[data-testid=target]').count(), before - 1);
    milestone = app.task(p10, '首届农牧民增收大会');
    assert.equal(await milestone.getAttribute('data-kind'), 'quantitative');
    assert.equal(await milestone.locator('[data-testid=target-value]').textContent(), '1场以上');
    ongoing = app.task(p10, '推进移风易俗');
    assert.equal(await ongoing.getAttribute('data-kind'), 'milestone');

    // Restore the excluded target.
    await task.locator('[data-testid=correct-task]').click();
    await task.locator('[data-testid=restore-target]').click();
    await task.locator('[data-testid=target]').nth(before - 1).waitFor();
    assert.equal(await task.locator('[data-testid=target]').count(), before);
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('correction forms fit a phone screen', async () => {
    const app = await env.open({ viewport: PHONE });
    const { page, problems } = app;
    const p6 = await app.openPoint(6);
    const task = app.task(p6, '1.36万人');
    await task.locator('[data-testid=correct-task]').click();
    await task.scrollIntoViewIfNeeded();
    const overflow = await app.overflow();
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await app.screenshot('correction-editing-phone');
    assert.deepEqual(problems, []);
    await app.close();
  });
});
