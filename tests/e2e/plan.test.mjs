// The first screen: the seed plan's structure, expandable points, clean console, and layouts at
// PC and phone widths. Each test opens a fresh profile.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { App, PC, PHONE, serveDist, useApp } from './harness.mjs';

const env = useApp();

describe('the plan on the first screen', () => {
  test('shows title, issuer, date, the 8 sections and the 22 points', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    assert.equal(await page.textContent('[data-testid=plan-title]'), '乃东区人民政府2025年工作要点');
    assert.equal(await page.textContent('[data-testid=plan-issuer]'), '乃东区人民政府');
    assert.equal(await page.textContent('[data-testid=plan-issued-on]'), '2025-03-06');
    assert.equal(await page.locator('[data-testid=section]').count(), 8);
    const sectionTitles = await page.locator('[data-testid=section] h2').allTextContents();
    assert.match(sectionTitles[0], /^一、坚持扩投促消/);
    assert.match(sectionTitles[7], /^八、坚持务实担当/);
    const points = page.locator('[data-testid=point]');
    assert.equal(await points.count(), 22);
    const numbers = await points.evaluateAll((els) => els.map((e) => Number(e.dataset.point)));
    assert.deepEqual(numbers, Array.from({ length: 22 }, (_, i) => i + 1));
    const titles = await page.locator('[data-testid=point-title]').allTextContents();
    assert.equal(titles[0], '持续扩大有效投资');
    assert.equal(titles[21], '推进法治政府建设');
    for (const title of titles) assert.ok(title.length > 0 && title.length < 40, title);
    await app.screenshot('plan-pc');
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('a point expands to its full text by click and by keyboard', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    const first = page.locator('[data-testid=point]').first();
    const text = first.locator('[data-testid=point-text]');
    assert.equal(await text.isVisible(), false);
    await first.locator('summary').click();
    await text.waitFor({ state: 'visible' });
    assert.match(await text.textContent(), /力争完成固定资产投资40亿元以上/);
    await app.screenshot('point-expanded-pc');

    // Keyboard only: focus the 11th point's summary and press Enter.
    const eleventh = app.point(11);
    await eleventh.locator('summary').focus();
    await page.keyboard.press('Enter');
    await eleventh.locator('[data-testid=point-text]').waitFor({ state: 'visible' });
    assert.match(await eleventh.locator('[data-testid=point-text]').textContent(), /新增营造林2\.88万亩/);
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('fits a phone screen (390×844) without sideways scrolling', async () => {
    const app = await env.open({ viewport: PHONE });
    const { page, problems } = app;
    assert.equal(await page.locator('[data-testid=point]').count(), 22);
    const overflow = await app.overflow();
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await app.screenshot('plan-phone');
    const sixth = await app.openPoint(6);
    await sixth.scrollIntoViewIfNeeded();
    const overflowOpen = await app.overflow();
    assert.ok(overflowOpen <= 0, `expanded point overflows by ${overflowOpen}px`);
    await app.screenshot('point-expanded-phone');
    assert.deepEqual(problems, []);
    await app.close();
  });
});

describe('static hosting', () => {
  test('works under a sub-path such as /taizhang/ with default server settings', async () => {
    const sub = await serveDist({ subPath: 'taizhang' });
    try {
      const app = await App.open(env.browser, sub.base);
      assert.equal(await app.$('[data-testid=point]').count(), 22);
      assert.deepEqual(app.problems, []);
      await app.close();
    } finally {
      sub.close();
    }
  });
});

describe('views in the address', () => {
  test('a view survives a reload and Back returns to the previous one', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    await page.locator('[data-testid=nav-quick-entry]').click();
    await page.waitForURL(/#\/entry$/);
    // Its chunk in before the reload (a reload would abort its fetch, a failed request).
    await page.locator('[data-testid=quick-entry]').waitFor();
    await app.reload();
    await page.locator('[data-testid=quick-entry]').waitFor();
    assert.equal(await page.locator('[data-testid=nav-quick-entry]').getAttribute('aria-current'), 'page');
    await page.locator('[data-testid=nav-report]').click();
    await page.locator('[data-testid=report]').waitFor();
    await page.goBack();
    await page.locator('[data-testid=quick-entry]').waitFor();
    // Opened with an unknown fragment, the app shows 总览 and names it in the address.
    const fresh = await app.context.newPage();
    await fresh.goto(`${env.server.base}#/nonsense`);
    await fresh.locator('[data-testid=dashboard]').waitFor();
    await fresh.waitForURL(/#\/overview$/);
    assert.deepEqual(problems, []);
    await app.close();
  });
});
