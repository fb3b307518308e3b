// Start-up: a bare address opens 总览, whose code is all in the main wasm. The page compiles the
// main wasm from its top, while the bytes arrive (a classic
// script beside the wasm's preload, written by scripts/wasm-split.mjs), and the module script
// instantiates what was compiled. The file is fetched once, and a host that serves it with
// another type than application/wasm still gets the app: the module script then fetches and
// compiles it the slower way. Start-up writes nothing to storage: a choice (the language, the
// person's unit) is written when it changes, and read back at the next start.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DASHBOARD, PC, useApp } from './harness.mjs';
import { setLanguage } from './a11y.mjs';

const env = useApp();

/** A fresh profile on the dashboard, every request for the main wasm answered through `answer`. */
async function openWith(answer) {
  const context = await env.browser.newContext({ viewport: PC, locale: 'zh-CN', serviceWorkers: 'block' });
  const asked = [];
  const problems = [];
  await context.route(/_bg\.wasm$/, async (route) => {
    asked.push(route.request().url());
    await answer(route);
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  await page.goto(`${env.server.base}#/overview`);
  await page.locator('[data-testid=dashboard]').waitFor();
  return { context, page, asked, problems };
}

describe('start-up', () => {
  test('the main wasm is fetched once, compiled from the top of the page, and the dashboard shows', async () => {
    const { context, page, asked, problems } = await openWith((route) => route.continue());
    assert.equal(asked.length, 1, `one request for the main wasm: ${asked}`);
    assert.equal(await page.evaluate(async () => (await self.__tzWasm) instanceof WebAssembly.Module), true);
    assert.match(await page.locator('[data-testid=plan-switch] option:checked').textContent(), /乃东区人民政府2025年工作要点/);
    assert.ok((await page.locator('[data-testid=status-count]').count()) > 0, 'the dashboard counts its tasks');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a bare address opens 总览 from the main wasm alone, and names it in the address', async () => {
    const context = await env.browser.newContext({ viewport: PC, locale: 'zh-CN', serviceWorkers: 'block' });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
    await page.goto(env.server.base);
    await page.locator('[data-testid=dashboard]').waitFor();
    await page.waitForURL(/#\/overview$/);
    assert.equal(await page.locator('[data-testid=nav-dashboard]').getAttribute('aria-current'), 'page');
    // What the first screen fetched: up to the moment the views' code begins to load ahead (once
    // the page is idle), no chunk and no pack, only the main module.
    const wasm = await page.evaluate(() => {
      const ahead = performance.getEntriesByName('taizhang-warm:start')[0]?.startTime ?? Infinity;
      return performance.getEntriesByType('resource')
        .filter((e) => e.startTime < ahead && /\.(wasm|pack)$/.test(new URL(e.name).pathname))
        .map((e) => new URL(e.name).pathname.split('/').pop());
    });
    assert.equal(wasm.length, 1, `only the main wasm: ${wasm}`);
    assert.match(wasm[0], /_bg\.wasm$/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a host serving the wasm with another type still opens the app', async () => {
    const { context, page, asked, problems } = await openWith(async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
    });
    // The early compile refused the type; the module script fetched the file again and compiled
    // its bytes.
    assert.equal(await page.evaluate(async () => await self.__tzWasm), null);
    assert.ok(asked.length >= 2, `the module script fetched the wasm itself: ${asked}`);
    assert.match(await page.locator('[data-testid=plan-switch] option:checked').textContent(), /乃东区人民政府2025年工作要点/);
    // A view whose code is a chunk still opens (the loader links it to the instance).
    await page.locator('[data-testid=nav-report]').click();
    await page.locator('[data-testid=report]').waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('start-up writes nothing; the language and the unit chosen are written, and kept across a reload', async () => {
    const app = await env.open({ hash: '#/overview', ready: DASHBOARD });
    const { page } = app;
    const prefs = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('taizhang.pref.')).sort());
    assert.deepEqual(await prefs(), [], 'a first visit stores no preference');
    await setLanguage(page, 'en');
    await page.locator('[data-testid=my-unit]').fill('区发改委');
    await page.waitForFunction(() => localStorage.getItem('taizhang.pref.lang') === 'en' && localStorage.getItem('taizhang.pref.unit') === '区发改委');
    await app.reload();
    await page.locator('[data-testid=dashboard]').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.locator('[data-testid=my-unit]').inputValue(), '区发改委');
    assert.deepEqual(await prefs(), ['taizhang.pref.lang', 'taizhang.pref.unit']);
    assert.deepEqual(app.problems, []);
    await app.close();
  });
});
