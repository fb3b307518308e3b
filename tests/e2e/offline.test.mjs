// Offline and repeat visits: after one visit the service worker (sw.js, written into dist/ at
// every build) opens the app from this browser's cache, with the network gone; a new release
// still shows at once when the network is there, and replaces the old cache.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PC, PHONE, dist, expandPoint, openApp, screenshot, serveDist, taskWith, useApp } from './harness.mjs';

const env = useApp();

/** Waits until the service worker controls the page and has its release cached. */
async function controlled(page) {
  await page.waitForFunction(() => Boolean(navigator.serviceWorker?.controller), null, { timeout: 30_000 });
  return page.evaluate(async () => {
    const keys = await caches.keys();
    return keys.filter((k) => k.startsWith('taizhang-'));
  });
}

describe('offline', () => {
  test('after one visit the app opens with the network gone, data and all', async () => {
    const { page, context, problems } = await openApp(env.browser, env.server.base, { viewport: PHONE });
    const point = await expandPoint(page, 11);
    const forest = taskWith(point, '营造林');
    await forest.locator('[data-testid=record-task]').click();
    const form = forest.locator('[data-testid=entry-form]').first();
    await form.locator('[data-testid=field-as-of]').fill('2025-06-30');
    await form.locator('[data-testid=field-figure]').fill('1.2');
    await form.locator('[data-testid=save-entry]').click();
    await forest.locator('[data-testid=history-value]').first().waitFor();
    const cachesBefore = await controlled(page);
    assert.equal(cachesBefore.length, 1, `one release cached: ${cachesBefore}`);
    await page.waitForTimeout(400); // the debounced save

    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('[data-testid=plan-title]');
    assert.equal(await page.locator('[data-testid=plan-title]').textContent(), '乃东区人民政府2025年工作要点');
    const again = taskWith(await expandPoint(page, 11), '营造林');
    await again.locator('[data-testid=record-task]').click();
    assert.deepEqual(await again.locator('[data-testid=history-value]').allTextContents(), ['1.2万亩']);
    // Other views work too (they are all in the one cached wasm).
    await page.locator('[data-testid=nav-dashboard]').click();
    await page.locator('[data-testid=dashboard]').waitFor();
    await screenshot(page, 'offline-phone');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a new release shows at once when online, and replaces the cached one', async () => {
    // A copy of the release that this test can change, as a host would on a new deployment.
    const site = mkdtempSync(join(tmpdir(), 'taizhang-release-'));
    cpSync(dist, site, { recursive: true });
    const server = await serveDist({ root: site });
    try {
      const { page, context, problems } = await openApp(env.browser, server.base, { viewport: PC });
      const [first] = await controlled(page);

      // "Deploy" release 2: a changed page and, as every build writes, a new service worker.
      const html = readFileSync(join(site, 'index.html'), 'utf8');
      writeFileSync(join(site, 'index.html'), html.replace('<head>', '<head><meta name="taizhang-release" content="2">'));
      const sw = readFileSync(join(site, 'sw.js'), 'utf8');
      const version = /const VERSION = '([0-9a-f]+)'/.exec(sw)[1];
      writeFileSync(join(site, 'sw.js'), sw.replace(`const VERSION = '${version}'`, "const VERSION = 'release2'"));

      await page.reload();
      await page.waitForSelector('[data-testid=plan-title]');
      assert.equal(await page.locator('meta[name=taizhang-release]').count(), 1, 'the page came from the network');
      // The new worker takes over and drops the old release's cache.
      const cachedReleases = () =>
        page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('taizhang-')));
      const deadline = Date.now() + 30_000;
      let releases = await cachedReleases();
      while (!(releases.length === 1 && releases[0] === 'taizhang-release2') && Date.now() < deadline) {
        await page.waitForTimeout(200);
        releases = await cachedReleases();
      }
      assert.deepEqual(releases, ['taizhang-release2']);
      assert.notEqual(first, 'taizhang-release2');

      // And release 2 opens offline from its own cache.
      await context.setOffline(true);
      await page.reload();
      await page.waitForSelector('[data-testid=plan-title]');
      assert.equal(await page.locator('meta[name=taizhang-release]').count(), 1);
      assert.deepEqual(problems, []);
      await context.close();
    } finally {
      server.close();
    }
  });
});
