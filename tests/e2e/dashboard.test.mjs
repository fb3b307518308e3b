// Pacing and charts: the dashboard's counts, the 督办清单 and the charts follow the recorded
// figures and the as-of date; charts save as SVG and PNG; settings move the thresholds.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DASHBOARD, PC, PHONE, useApp } from './harness.mjs';

const env = useApp();

describe('dashboard (总览)', () => {
  test('counts, the 督办清单 and the as-of date', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    await app.enterFigures('2025-06-30', [['营造林', '1.2'], ['固定资产投资', '8'], ['转移就业', '0.1']]);
    await app.goTo('dashboard');

    await app.setAsOf('2025-07-01');
    await page.waitForFunction(() => document.querySelector('[data-testid=elapsed] .headline-value').textContent === '50%');
    let c = await app.statusCounts();
    assert.equal(c.on_track, 1, JSON.stringify(c)); // 营造林 42% vs 50%
    assert.equal(c.at_risk, 1, JSON.stringify(c)); // 固定资产投资 20%
    assert.equal(c.behind, 1, JSON.stringify(c)); // 转移就业 7%
    assert.equal(c.done + c.stale, 0, JSON.stringify(c));
    const rows = page.locator('[data-testid=supervision-row]');
    assert.equal(await rows.count(), 2);
    assert.match(await rows.nth(0).textContent(), /转移就业.*滞后.*7% \/ 50%/);
    assert.match(await rows.nth(1).textContent(), /固定资产投资.*关注.*20% \/ 50%/);
    assert.equal(await page.locator('[data-testid=chart]').count(), 1 + 6); // status chart + 6 sections with targets
    await app.screenshot('dashboard-pc', { fullPage: true });
    await app.screenshot('dashboard-pc-top');

    // Seen from late August, the June figure of 营造林 is stale; the two behind stay behind.
    await app.setAsOf('2025-08-20');
    await page.waitForFunction(() => document.querySelector('[data-status=stale] [data-testid=status-count]').textContent === '1');
    c = await app.statusCounts();
    assert.equal(c.behind, 2, JSON.stringify(c));
    // Seen from before the figures were recorded, nothing is reported and nothing is late.
    await app.setAsOf('2025-03-01');
    await page.waitForFunction(() => document.querySelector('[data-testid=supervision-empty]') !== null);
    c = await app.statusCounts();
    assert.equal(c.no_data, 30 + 40, JSON.stringify(c)); // every target and milestone
    assert.equal(c.on_track + c.at_risk + c.behind + c.done + c.stale, 0, JSON.stringify(c));
    // After the period, every unfinished milestone is overdue.
    await app.setAsOf('2026-01-05');
    await page.waitForFunction(() => Number(document.querySelector('[data-status=behind] [data-testid=status-count]').textContent) === 40 + 3);
    // A long 督办清单 shows its 12 most urgent rows, the rest one click away.
    assert.equal(await rows.count(), 12);
    const all = page.locator('[data-testid=supervision-all]');
    assert.match(await all.textContent(), /^显示全部 \d+ 项$/);
    const total = Number((await all.textContent()).match(/\d+/)[0]);
    assert.ok(total > 12, `${total} rows`);
    await all.click();
    assert.equal(await rows.count(), total);
    assert.equal(await all.count(), 0);
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('a chart saves as SVG and as PNG', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    await app.goTo('dashboard');
    const chart = page.locator('[data-testid=chart]').first();
    const svg = await app.download(chart.locator('[data-testid=save-svg]'));
    assert.equal(svg.name, 'taizhang-status-by-section.svg');
    const text = svg.text;
    assert.match(text, /^<svg/);
    assert.match(text, /已完成/);
    const png = await app.download(chart.locator('[data-testid=save-png]'));
    assert.equal(png.name, 'taizhang-status-by-section.png');
    const bytes = png.bytes;
    assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.ok(bytes.length > 2000, `PNG is only ${bytes.length} bytes`);
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('a chart is laid out when it comes near the screen, and every chart prints', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    // The browser says when it starts or stops skipping a part's layout and paint.
    await page.evaluate(() => {
      window.skipped = new Map();
      document.addEventListener('contentvisibilityautostatechange', (e) => window.skipped.set(e.target, e.skipped), true);
    });
    await app.goTo('dashboard');
    const charts = page.locator('[data-testid=chart]');
    assert.equal(await charts.count(), 1 + 6);
    // The first chart is on the screen; the last section's, far below the fold, is skipped.
    await page.waitForFunction(() => {
      const boxes = [...document.querySelectorAll('[data-testid=chart]')];
      return window.skipped.get(boxes[0]) === false && window.skipped.get(boxes.at(-1)) === true;
    });
    // Scrolled to, it is drawn, and the first chart, now far above, is skipped.
    await charts.last().scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const boxes = [...document.querySelectorAll('[data-testid=chart]')];
      return window.skipped.get(boxes[0]) === true && window.skipped.get(boxes.at(-1)) === false;
    });
    assert.equal(await charts.last().locator('[data-testid=save-svg]').isVisible(), true);
    // Printed, every chart is laid out and painted, whatever is on the screen.
    await page.emulateMedia({ media: 'print' });
    assert.deepEqual(await charts.evaluateAll((boxes) => boxes.map((b) => getComputedStyle(b).contentVisibility)), Array(7).fill('visible'));
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('what is below the first screen is built after it: when the page is idle, or at once when scrolled near or printed', async () => {
    // On a short phone screen the part below starts more than a screen under the first, so
    // nothing but the page's first idle moment builds it: it comes of itself.
    const app = await env.open({ viewport: { width: 390, height: 600 }, hash: '#/overview', ready: '[data-testid=dashboard]' });
    const { page, problems } = app;
    await page.locator(DASHBOARD).waitFor();
    assert.equal(await page.locator('[data-testid=chart]').count(), 1 + 6);
    assert.equal(await page.locator('[data-testid=settings]').count(), 1);
    assert.equal(await page.locator('.below-fold').count(), 0);
    // The benchmark's mark of that moment comes once.
    await page.waitForFunction(() => performance.getEntriesByName('taizhang-dashboard-complete').length === 1);

    // A page that never becomes idle (here: idle callbacks never come) shows its first screen,
    // and keeps a place for the rest at about its height, more than a screen below: it waits.
    await app.context.addInitScript(() => {
      window.requestIdleCallback = () => 0;
    });
    await page.reload();
    await page.locator('[data-testid=supervision-empty]').waitFor();
    const place = page.locator('.below-fold');
    await place.waitFor({ state: 'attached' });
    assert.ok(await place.evaluate((p) => p.getBoundingClientRect().top > 2 * innerHeight), 'the place is more than a screen below');
    assert.equal(await page.locator('[data-testid=dashboard]').getAttribute('data-complete'), 'false');
    assert.equal(await page.locator('[data-testid=chart]').count(), 1, 'the status chart only');
    assert.equal(await page.locator('[data-testid=settings]').count(), 0);
    const kept = (await place.boundingBox()).height;
    assert.ok(kept > 6 * 300, `the place kept is ${kept} px high`);
    // Scrolled near, it is built, and its settings work.
    await page.evaluate(() => window.scrollTo(0, document.querySelector('.below-fold').offsetTop - innerHeight));
    await page.locator(DASHBOARD).waitFor();
    assert.equal(await page.locator('[data-testid=chart]').count(), 1 + 6);
    await page.locator('[data-testid=settings] > summary').click();
    await page.locator('[data-testid=save-settings]').waitFor();

    // Printed before it was built, the page prints it all, every chart drawn. (Reloaded at the
    // top, as a reload keeps the scroll position.)
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.reload();
    await page.locator('.below-fold').waitFor({ state: 'attached' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.locator(DASHBOARD).waitFor();
    assert.equal(await page.locator('[data-testid=chart]').count(), 1 + 6);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=chart] .chart[data-drawn=false]').length === 0);
    const texts = await page.locator('[data-testid=chart] .chart svg').evaluateAll((svgs) => svgs.map((s) => s.querySelectorAll('text').length));
    assert.ok(texts.length === 7 && texts.every((n) => n > 0), `every chart has its text: ${texts}`);
    assert.deepEqual(problems, []);
    await app.close();
  });

  test("the sections' charts are drawn as they come near the screen, in the place kept for them, and all of them to print", async () => {
    const app = await env.open({ viewport: PC, hash: '#/overview', ready: DASHBOARD });
    const { page, problems } = app;
    const charts = page.locator('[data-testid=chart] .chart');
    // The status chart, on the first screen, is drawn with the dashboard.
    await charts.first().locator('svg text').first().waitFor();
    assert.equal(await charts.count(), 7);
    // The last section's, far below the fold, is not drawn: an empty drawing keeps its place.
    const last = charts.last();
    assert.equal(await last.getAttribute('data-drawn'), 'false');
    assert.equal(await last.locator('svg *').count(), 0);
    const kept = (await last.boundingBox()).height;
    assert.ok(kept > 50, `the place kept is ${kept} px high`);
    // Saved before it is drawn (its button pressed without scrolling to it), the file is the
    // whole chart.
    const box = page.locator('[data-testid=chart]').last();
    const [file] = await Promise.all([page.waitForEvent('download'), box.locator('[data-testid=save-svg]').dispatchEvent('click')]);
    assert.equal(file.suggestedFilename(), 'taizhang-section-6.svg');
    assert.match((await readFile(await file.path())).toString('utf8'), /^<svg[\s\S]*招商引资到位资金/);
    assert.equal(await last.getAttribute('data-drawn'), 'false');
    // Scrolled to, it is drawn, in exactly that place.
    await last.scrollIntoViewIfNeeded();
    await last.locator('svg text').first().waitFor();
    assert.equal(await last.getAttribute('data-drawn'), 'true');
    assert.match(await last.locator('svg').textContent(), /招商引资到位资金.*未填报/s);
    assert.equal((await last.boundingBox()).height, kept);
    // Rebuilt for another date, every chart is drawn at once: none shows empty, even for a frame.
    await page.evaluate(() => {
      window.emptied = 0;
      new MutationObserver((records) => {
        for (const r of records) {
          for (const n of [r.target, ...r.addedNodes]) {
            if (n.nodeType === 1 && (n.matches('.chart[data-drawn=false]') || n.querySelector('.chart[data-drawn=false]'))) window.emptied++;
          }
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-drawn'] });
    });
    await app.setAsOf('2025-07-01');
    await last.locator('svg text').filter({ hasText: '时间进度 50%' }).waitFor();
    assert.equal(await page.evaluate(() => window.emptied), 0);
    assert.equal(await page.locator('[data-testid=chart] .chart[data-drawn=false]').count(), 0);
    await app.close();

    // Printing (the browser says so first) draws every chart, wherever the page is scrolled.
    const fresh = await env.open({ viewport: PC, hash: '#/overview', ready: DASHBOARD });
    const pending = () => fresh.page.locator('[data-testid=chart] .chart[data-drawn=false]').count();
    assert.ok((await pending()) > 0, 'charts below the fold wait');
    await fresh.page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await fresh.page.waitForFunction(() => document.querySelectorAll('[data-testid=chart] .chart[data-drawn=false]').length === 0);
    const texts = await fresh.page.locator('[data-testid=chart] .chart svg').evaluateAll((svgs) => svgs.map((s) => s.querySelectorAll('text').length));
    assert.equal(texts.length, 7);
    assert.ok(texts.every((n) => n > 0), `every chart has its text: ${texts}`);
    assert.deepEqual(problems, []);
    assert.deepEqual(fresh.problems, []);
    await fresh.close();
  });

  test('a target chart is drawn in the browser, and settings move the thresholds', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    await app.enterFigures('2025-06-30', [['固定资产投资', '8']]);
    await app.goTo('plan');
    await app.setAsOf('2025-07-01');
    const p1 = await app.openPoint(1);
    const task = app.task(p1, '固定资产投资');
    assert.equal(await task.locator('[data-testid=pace]').getAttribute('data-status'), 'at_risk');
    // The point's summary rolls its items up and names the most urgent status.
    assert.match(await p1.locator('[data-testid=point-progress]').textContent(), /^完成率 \d+%$/);
    assert.equal(await p1.locator('summary [data-status]').getAttribute('data-status'), 'at_risk');
    await task.locator('[data-testid=record-task]').click();
    const svg = task.locator('[data-testid=chart] svg');
    await svg.waitFor();
    const labels = await svg.locator('text').allTextContents();
    for (const l of ['累计完成', '序时进度', '目标 40亿元', '截至日期 2025-07-01', '趋势预测', '亿元', '6月']) {
      assert.ok(labels.some((t) => t.includes(l)), `chart lacks ${l}: ${labels.join('|')}`);
    }
    await task.locator('[data-testid=chart]').scrollIntoViewIfNeeded();
    await app.screenshot('target-chart-pc');

    await app.goTo('dashboard');
    await page.locator('[data-testid=settings] summary').click();
    await page.locator('[data-testid=set-on-track]').fill('35');
    await page.locator('[data-testid=set-at-risk]').fill('20');
    await page.locator('[data-testid=save-settings]').click();
    assert.match(await page.locator('[data-testid=settings-error]').textContent(), /不小于/);
    await page.locator('[data-testid=set-at-risk]').fill('50');
    await page.locator('[data-testid=save-settings]').click();
    await page.waitForFunction(() => document.querySelector('[data-status=on_track] [data-testid=status-count]').textContent === '1');
    await app.reload();
    await app.goTo('dashboard');
    await app.setAsOf('2025-07-01');
    await page.waitForFunction(() => document.querySelector('[data-status=on_track] [data-testid=status-count]').textContent === '1');
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('fits a phone screen', async () => {
    const app = await env.open({ viewport: PHONE });
    const { page, problems } = app;
    await app.goTo('dashboard');
    // After the plan's year every milestone is overdue: the 督办清单 is long.
    await app.setAsOf('2026-01-31');
    await page.locator('[data-testid=supervision-row]').first().waitFor();
    const overflow = await app.overflow();
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await app.screenshot('dashboard-phone', { fullPage: true });
    // The 督办清单 keeps 事项 readable: the table scrolls sideways inside its box instead of
    // squeezing that column to a character per line.
    const item = await page.locator('[data-testid=supervision-row] td').nth(1).boundingBox();
    assert.ok(item.width >= 150, `事项 column ${item.width}px wide`);
    const scroll = await page.locator('[data-testid=supervision]').evaluate((t) => t.parentElement.scrollWidth - t.parentElement.clientWidth);
    assert.ok(scroll > 0, 'the table scrolls inside its box');

    // A target chart on the phone: legible (it scrolls inside its box), the page does not.
    await app.goTo('plan');
    const forest = await app.openTask(11, '营造林');
    const chart = forest.locator('[data-testid=chart]');
    await chart.locator('svg').waitFor();
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.locator('svg').boundingBox();
    assert.ok(box.width >= 560, `chart drawn ${box.width}px wide`);
    const pageOverflow = await app.overflow();
    assert.ok(pageOverflow <= 0, `page is ${pageOverflow}px wider than the screen`);
    await app.screenshot('target-chart-phone');
    assert.deepEqual(problems, []);
    await app.close();
  });
});
