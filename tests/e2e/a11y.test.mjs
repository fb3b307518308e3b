// Accessibility: axe-core (wcag2a, wcag2aa, wcag21aa) finds no serious or critical violation on
// any view — the plan with a task's recording panel open, 总览 with its settings open, 本月填报,
// 报告, 数据交换 with an import preview, a share link and an import error, 计划 with the new-plan
// form and the review of a pasted plan, the storage-problem banner, a refused figure — at PC and
// phone sizes, in Chinese and in English. The keyboard alone walks the main path (open the plan,
// a point, a task, record a figure, save, go to the report), every control of every view is
// reached by Tab, and every control shows a visible focus indicator when reached. Charts carry
// a text alternative (their data as a table). In the English UI, the plan's own words keep their
// language: every text written only in Chinese is marked `lang="zh-CN"`.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DASHBOARD, PC, PHONE, fileWith, useApp } from './harness.mjs';
import { axeCheck, formatViolations, focusWalk, keyDate, setLanguage } from './a11y.mjs';

const env = useApp();
const PLAN_TEXT = readFileSync(new URL('../corpus/jianhu-2026-minsheng.txt', import.meta.url), 'utf8');

/**
 * Visits every view state of the app in `app` (already in the wanted language and size) and
 * returns axe's serious and critical violations, each tagged with the state it was found in.
 */
async function auditAllViews(app) {
  const { page } = app;
  const found = [];
  const check = async (state) => found.push(...(await axeCheck(page, state)));

  // The plan, a point open, a task's recording panel open with its form, after one saved figure
  // (so the history and the target chart are shown).
  await app.recordFigure(11, '营造林', { asOf: '2025-06-30', figure: '1.2', note: 'a11y' });
  const task = app.task(app.point(11), '营造林');
  await task.locator('[data-testid=saved-note]').waitFor();
  await task.locator('[data-testid=chart]').first().waitFor();
  await check('plan, task open');
  // A refused figure: the message next to the field.
  await app.fillEntry(task, { asOf: '2025-07-31', figure: 'abc' });
  await task.locator('[data-testid=entry-form] .field-error:not(:empty)').first().waitFor();
  await check('plan, refused figure');

  await app.goTo('dashboard');
  await page.locator('[data-testid=settings] > summary').click();
  await page.locator('[data-testid=save-settings]').waitFor();
  await check('dashboard, settings open');

  await app.goTo('quick-entry');
  await check('quick entry');

  await app.goTo('report');
  await check('report');

  await app.goTo('exchange');
  await page.locator('[data-testid=share-make]').click();
  await page.locator('[data-testid=share-link], [data-testid=share-too-long]').first().waitFor();
  const snapshot = await app.exportSnapshot();
  await app.chooseFile(await fileWith('a11y-snapshot.json', snapshot.text));
  await page.locator('[data-testid=import-preview]').waitFor();
  await check('exchange, share link and import preview');
  await page.locator('[data-testid=import-cancel]').click();
  await app.chooseFile(await fileWith('a11y-broken.json', '{"format":"taizhang-snapshot","version":1'));
  await page.locator('[data-testid=import-error]').first().waitFor();
  await check('exchange, import error');

  await app.goTo('plans');
  await check('plans, list and new-plan form');
  await app.bringPlan(PLAN_TEXT);
  await check('plans, review of a pasted plan');
  return found;
}

// A task breakdown with units (as in office.test.mjs): reminders, my unit's tasks, extensions.
const OFFICE_PLAN = [
  '乃东区2025年重点工作任务分解',
  '一、经济发展',
  '1.完成固定资产投资40亿元（牵头单位：区发改委）。',
  '2.力争6月底前建成区级物流中心（牵头单位：区商务局）。',
  '3.持续优化营商环境（牵头单位：区发改委；责任单位：区市场监管局）。',
].join('\n');

/**
 * The office's month (督办) on a plan with units: a refused extension, my unit's tasks, the
 * reminders, a refused and an accepted month closing, a late entry's reason, the report of a
 * closed month. Returns the serious and critical violations found.
 */
async function auditOffice(app) {
  const { page } = app;
  const found = [];
  const check = async (state) => found.push(...(await axeCheck(page, state)));
  await app.bringPlan(OFFICE_PLAN);
  await app.confirmPlan();
  await app.setAsOf('2025-07-31');
  const hub = await app.openTask(2, '物流中心');
  await hub.locator('[data-testid=open-extension]').click();
  const extension = hub.locator('[data-testid=extension-form]');
  await extension.locator('[data-testid=field-extend-to]').fill('2025-05-31');
  await extension.locator('[data-testid=field-extend-reason]').fill('用地手续未批复');
  await extension.locator('[data-testid=field-extend-approver]').fill('区政府分管领导');
  await extension.locator('[data-testid=save-extension]').click();
  await extension.locator('[data-testid=error-extend-to]:not(:empty)').waitFor();
  await check('plan, refused extension');

  await app.goTo('dashboard');
  await page.locator('[data-testid=my-unit]').fill('区发改委');
  await page.locator('[data-testid=my-tasks-summary]').waitFor();
  await check('dashboard, my tasks');

  await app.goTo('office');
  await page.locator('[data-testid=reminder-unit]').first().waitFor();
  await check('office, reminders');
  await page.locator('[data-testid=close-month-field]').fill('2099-01');
  await page.locator('[data-testid=close-month]').click();
  await page.locator('[data-testid=close-month-error]:not(:empty)').waitFor();
  await check('office, refused month closing');
  await page.locator('[data-testid=close-month-field]').fill('2025-07');
  await page.locator('[data-testid=close-month]').click();
  await page.locator('[data-testid=closed-month]').waitFor();

  await app.goTo('plan');
  const investment = await app.openTask(1, '固定资产投资');
  await investment.locator('[data-testid=field-as-of]').first().fill('2025-07-20');
  await investment.locator('[data-testid=late-hint]').waitFor();
  await check('plan, late entry');
  await app.goTo('report');
  await page.locator('[data-testid=report-closed]').waitFor();
  await check('report, closed month');
  return found;
}

for (const lang of ['zh', 'en']) {
  for (const [size, viewport] of [['PC', PC], ['phone', PHONE]]) {
    describe(`axe-core, ${lang}, ${size}`, () => {
      test('every view has no serious or critical violation', async () => {
        const app = await env.open({ viewport, hash: '#/plan' });
        await setLanguage(app.page, lang);
        // The page speaks the UI language; the plan's own words stay marked as Chinese.
        assert.equal(await app.page.evaluate(() => document.documentElement.lang), lang === 'en' ? 'en' : 'zh-CN');
        assert.equal(await app.$('[data-testid=plan-title]').getAttribute('lang'), 'zh-CN');
        assert.equal(await app.$('[data-testid=point-title]').first().getAttribute('lang'), 'zh-CN');
        const found = await auditAllViews(app);
        assert.equal(found.length, 0, formatViolations(found));
        await app.screenshot(`a11y-review-${lang}-${size === 'PC' ? 'pc' : 'phone'}`, { fullPage: false });
        assert.deepEqual(app.problems, []);
        await app.close();
      });

      test('the office month (督办) has no serious or critical violation', async () => {
        const app = await env.open({ viewport });
        await setLanguage(app.page, lang);
        const found = await auditOffice(app);
        assert.equal(found.length, 0, formatViolations(found));
        assert.deepEqual(app.problems, []);
        await app.close();
      });

      test('the storage-problem banner has no serious or critical violation', async () => {
        const app = await env.open({ viewport });
        await setLanguage(app.page, lang);
        await app.setStored('taizhang.data', '{"format":"taizhang-local","version":1,"data":{"correc');
        await app.reload();
        await app.page.locator('[data-testid=storage-banner]').waitFor();
        const found = await axeCheck(app.page, 'storage banner');
        assert.equal(found.length, 0, formatViolations(found));
        assert.deepEqual(app.problems, []);
        await app.close();
      });
    });
  }
}

describe('keyboard', () => {
  test('the main path by keyboard alone: the plan, a point, a task, a figure, save, the report', async () => {
    const app = await env.open({ viewport: PC, hash: '#/overview', ready: DASHBOARD });
    const { page } = app;
    const walk = focusWalk(page);
    // The plan view, from the top bar.
    await walk.tabTo('[data-testid=nav-plan]');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=point]').first().waitFor();
    // Point 11, opened with Enter on its summary.
    await walk.tabTo('[data-testid=point][data-point="11"] > summary');
    await page.keyboard.press('Enter');
    await app.point(11).locator('[data-testid=point-text]').waitFor({ state: 'visible' });
    // The task's recording panel, opened with Space.
    const task = app.task(app.point(11), '营造林');
    await walk.tabTo(task.locator('[data-testid=record-task]'));
    await page.keyboard.press('Space');
    await task.locator('[data-testid=record-panel]').waitFor();
    // The form: the date set with the arrow keys, figure and note typed into the fields reached
    // by Tab; saved with Enter.
    const form = task.locator('[data-testid=entry-form]').first();
    await walk.tabTo(form.locator('[data-testid=field-as-of]'));
    await keyDate(page, form.locator('[data-testid=field-as-of]'), '2025-06-30');
    await walk.tabTo(form.locator('[data-testid=field-figure]'));
    await page.keyboard.type('1.5');
    await walk.tabTo(form.locator('[data-testid=field-note]'));
    await page.keyboard.type('键盘填报');
    await walk.tabTo(form.locator('[data-testid=save-entry]'));
    await page.keyboard.press('Enter');
    await task.locator('[data-testid=saved-note]').waitFor();
    await app.waitForStored((raw) => (raw || '').includes('"f","1.5"'));
    // Back up to the top bar (Shift+Tab), then the report.
    await walk.tabTo('[data-testid=nav-report]', { back: true });
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=report]').waitFor();
    assert.match(await page.locator('[data-testid=report]').textContent(), /键盘填报/);
    // The language switch answers Enter too.
    await walk.tabTo('[data-testid=lang-switch]', { back: true });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.deepEqual(walk.unfocusable(), [], 'every control reached shows a visible focus indicator');
    assert.deepEqual(app.problems, []);
    await app.close();
  });

  test('the quick-entry grid by keyboard: type figures, Ctrl+Enter saves', async () => {
    const app = await env.open({ viewport: PC, hash: '#/entry', ready: '[data-testid=quick-entry]' });
    const { page } = app;
    const walk = focusWalk(page);
    await walk.tabTo('[data-testid=grid-as-of]');
    await keyDate(page, page.locator('[data-testid=grid-as-of]'), '2025-06-30');
    await walk.tabTo('[data-testid=grid-figure]');
    await page.keyboard.type('2');
    await page.keyboard.press('Control+Enter');
    await page.locator('[data-testid=grid-outcome]').filter({ hasText: '1 条已保存' }).waitFor();
    await app.waitForStored((raw) => (raw || '').includes('"2025-06-30"') && (raw || '').includes('"f","2"'));
    assert.deepEqual(walk.unfocusable(), []);
    assert.deepEqual(app.problems, []);
    await app.close();
  });

  const views = [
    ['plan', '#/plan', '[data-testid=point]'],
    ['dashboard', '#/overview', DASHBOARD],
    ['quick-entry', '#/entry', '[data-testid=quick-entry]'],
    ['report', '#/report', '[data-testid=report]'],
    ['office', '#/office', '[data-testid=office]'],
    ['exchange', '#/exchange', '[data-testid=exchange]'],
    ['plans', '#/plans', '[data-testid=plans]'],
  ];
  for (const [view, hash, ready] of views) {
    for (const [size, viewport] of [['PC', PC], ['phone', PHONE]]) {
      test(`${view}, ${size}: Tab reaches every control, and each shows its focus`, async () => {
        const app = await env.open({ viewport, hash, ready });
        const { page } = app;
        if (view === 'plan') await app.openTask(11, '营造林');
        if (view === 'dashboard') await page.locator('[data-testid=settings] > summary').click();
        const walk = focusWalk(page);
        const { stops, missed } = await walk.tabAround();
        assert.ok(stops >= 10, `only ${stops} stops for Tab`);
        assert.deepEqual(missed, [], 'controls Tab never reached');
        assert.deepEqual(walk.unfocusable(), [], 'controls without a visible focus indicator');
        assert.deepEqual(app.problems, []);
        await app.close();
      });
    }
  }
});

describe('charts', () => {
  test('every chart has its data as a table, in the UI language', async () => {
    const app = await env.open({ viewport: PC });
    const { page } = app;
    await app.recordFigure(11, '营造林', { asOf: '2025-06-30', figure: '1.2', saved: true });
    const panelCharts = app.task(app.point(11), '营造林').locator('[data-testid=chart]');
    await panelCharts.first().waitFor();
    // A chart's table is built when its 图表数据 is first opened (by keyboard here: the summary
    // is a control of its own), and only then: until then nobody can see or hear it.
    const tableOf = async (chart) => {
      const data = chart.locator('[data-testid=chart-data]');
      assert.equal(await data.locator('table').count(), 0, 'no table before it is opened');
      await data.locator('summary').focus();
      await page.keyboard.press('Enter');
      const table = data.locator('table');
      await table.waitFor();
      assert.equal(await data.evaluate((d) => d.open), true);
      return table;
    };
    assert.match(await (await tableOf(panelCharts.first())).textContent(), /1\.2/);
    await app.goTo('dashboard');
    const charts = page.locator('[data-testid=dashboard] [data-testid=chart]');
    const count = await charts.count();
    assert.ok(count >= 2, `${count} charts on the dashboard`);
    for (let i = 0; i < count; i++) {
      const rows = await (await tableOf(charts.nth(i))).locator('tbody tr').count();
      assert.ok(rows > 0, `chart ${i} has an empty data table`);
    }
    // Closed again, it stays built (and shown again at once when reopened).
    const first = charts.first().locator('[data-testid=chart-data]');
    await first.locator('summary').click();
    assert.equal(await first.evaluate((d) => d.open), false);
    assert.equal(await first.locator('table').count(), 1);
    await app.goTo('report');
    const reportCharts = page.locator('[data-testid=report] [data-testid=report-chart]');
    assert.ok((await reportCharts.count()) > 0);
    for (const chart of await reportCharts.all()) {
      assert.ok((await chart.getAttribute('aria-label'))?.length > 0, 'a report chart has a text alternative');
    }
    await setLanguage(page, 'en');
    await app.goTo('dashboard');
    assert.match(await (await tableOf(charts.first())).locator('th').first().textContent(), /[A-Za-z]/);
    assert.deepEqual(app.problems, []);
    await app.close();
  });
});

describe('colour', () => {
  test('statuses and kinds are never told by colour alone: each has its word and its mark', async () => {
    const app = await env.open({ viewport: PC });
    const { page } = app;
    await app.recordFigure(11, '营造林', { asOf: '2025-06-30', figure: '1.2', saved: true });
    // Every status chip (pacing and milestone states) and kind label of a view: its text, and a
    // mark drawn before it (an icon for statuses, a shape for kinds).
    const unmarked = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('[class*="pace-"], .chip-idle, .chip-progress, .chip-done, .chip-blocked, .kind')]
          .filter((el) => el.checkVisibility())
          .filter((el) => {
            const before = getComputedStyle(el, '::before');
            const mark = before.content !== 'none' && (before.content !== '""' || parseFloat(before.width) > 0);
            return !mark || el.textContent.trim() === '';
          })
          .map((el) => el.outerHTML.slice(0, 120)),
      );
    const seen = () => page.locator('[class*="pace-"]:visible, .kind:visible').count();
    assert.ok((await seen()) > 0);
    assert.deepEqual(await unmarked(), [], 'plan');
    for (const view of ['dashboard', 'report']) {
      await app.goTo(view);
      assert.ok((await seen()) > 0, `${view} shows statuses`);
      assert.deepEqual(await unmarked(), [], view);
    }
    assert.deepEqual(app.problems, []);
    await app.close();
  });
});

describe('language of parts', () => {
  // In the English UI the plan's own words stay Chinese (its title, sections, tasks, metrics,
  // units, units' names, notes): each text written only in Chinese is marked `lang="zh-CN"`, so a
  // screen reader reads it with a Chinese voice, and the language switch names 中文 in Chinese.
  // A text mixing a message's English words with the plan's ("growth ≥ 5 亿元") cannot carry one
  // language and is left to the page's; what is hidden from assistive technology, or inside a
  // chart's drawing (an image, named by its label), is not read.
  const unmarked = (page) =>
    page.evaluate(() => {
      const han = /[\u3400-\u9fff]/;
      const latin = /[A-Za-z]/;
      const chinese = (el) => el.closest('[lang]')?.getAttribute('lang') === 'zh-CN';
      const hidden = (el) => el.closest('[aria-hidden=true], svg, script, style, noscript, [hidden]');
      const where = (el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''} in ${el.closest('[data-testid]')?.dataset.testid ?? 'page'}`;
      const found = new Set();
      const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const el = n.parentElement;
        if (!han.test(n.data) || latin.test(n.data) || hidden(el) || chinese(el)) continue;
        found.add(`${where(el)}: ${n.data.trim().slice(0, 24)}`);
      }
      for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
        if (hidden(el)) continue;
        for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
          const v = el.getAttribute(a);
          if (v && han.test(v) && !latin.test(v) && !chinese(el)) found.add(`${where(el)} @${a}: ${v.slice(0, 24)}`);
        }
      }
      return [...found];
    });

  test('in the English UI, every text written only in Chinese is marked Chinese, on every view', async () => {
    const app = await env.open({ viewport: PC });
    const { page } = app;
    // Figures with a note and a unit that reports them, so the lists and the report have rows.
    await app.enterFigures('2025-06-30', [['营造林', '1.2', '春季造林完成'], ['固定资产投资', '8'], ['转移就业', '0.1']]);
    await app.goTo('dashboard');
    await app.setAsOf('2025-12-31');
    await page.locator('[data-testid=supervision-row]').first().waitFor();
    await setLanguage(page, 'en');
    assert.equal(await page.locator('[data-testid=lang-switch]').getAttribute('lang'), 'zh-CN');
    const left = {};
    for (const view of ['dashboard', 'plan', 'quick-entry', 'report', 'office', 'exchange', 'plans']) {
      await app.goTo(view);
      if (view === 'dashboard') await page.locator(DASHBOARD).waitFor();
      // A point open, and a task's panel with its history (the note) and its chart.
      if (view === 'plan') await (await app.openTask(11, '营造林')).locator('[data-testid=chart]').first().waitFor();
      const found = await unmarked(page);
      if (found.length) left[view] = found;
    }
    assert.deepEqual(left, {});
    // Back in Chinese, the switch names English in English.
    await setLanguage(page, 'zh');
    assert.equal(await page.locator('[data-testid=lang-switch]').getAttribute('lang'), 'en');
    assert.deepEqual(app.problems, []);
    await app.close();
  });

  test("in the English UI, a brought plan's review, my unit's tasks and the reminders mark the plan's words Chinese", async () => {
    const app = await env.open({ viewport: PC });
    const { page } = app;
    await setLanguage(page, 'en');
    await app.bringPlan([
      '乃东区2025年重点工作任务分解',
      '一、经济发展',
      '1.完成固定资产投资40亿元（牵头单位：区发改委）。',
      '2.力争6月底前建成区级物流中心（牵头单位：区商务局）。',
      '3.持续优化营商环境（牵头单位：区发改委；责任单位：区市场监管局）。',
    ].join('\n'));
    const left = {};
    const scan = async (state) => {
      const found = await unmarked(page);
      if (found.length) left[state] = found;
    };
    await scan('review');
    await app.confirmPlan();
    await app.setAsOf('2025-07-31');
    await app.goTo('dashboard');
    await page.fill('[data-testid=my-unit]', '区商务局');
    await page.locator('[data-testid=my-task]').first().waitFor();
    await scan('dashboard, my tasks');
    await app.goTo('office');
    await page.locator('[data-testid=office] [data-testid=reminder-item]').first().waitFor();
    await scan('office, reminders');
    assert.deepEqual(left, {});
    assert.deepEqual(app.problems, []);
    await app.close();
  });
});
