// Offline and repeat visits: after one visit the service worker (sw.js, written into dist/ at
// every build) opens the app from this browser's cache, with the network gone; a new release
// still shows at once when the network is there, and replaces the old cache.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, PC, PHONE, dist, serveDist, useApp } from './harness.mjs';

const env = useApp();

describe('offline', () => {
  test('after one visit the app opens with the network gone, data and all', async () => {
    const app = await env.open({ viewport: PHONE });
    const { page, problems } = app;
    const forest = await app.recordFigure(11, '营造林', { asOf: '2025-06-30', figure: '1.2' });
    await forest.locator('[data-testid=history-value]').first().waitFor();
    const cachesBefore = await app.waitForController();
    assert.equal(cachesBefore.length, 1, `one release cached: ${cachesBefore}`);
    await app.waitForStored((raw) => (raw || '').includes('"f","1.2"')); // the debounced save

    await app.context.setOffline(true);
    await page.reload();
    await page.waitForSelector('[data-testid=plan-title]');
    assert.equal(await page.locator('[data-testid=plan-title]').textContent(), '乃东区人民政府2025年工作要点');
    const again = app.task(await app.openPoint(11), '营造林');
    await again.locator('[data-testid=record-task]').click();
    assert.deepEqual(await again.locator('[data-testid=history-value]').allTextContents(), ['1.2万亩']);
    // Other views work too (they are all in the one cached wasm).
    await app.goTo('dashboard');
    await app.screenshot('offline-phone');
    assert.deepEqual(problems, []);
    await app.close();
  });

  test('a new release shows at once when online, and replaces the cached one', async () => {
    // A copy of the release that this test can change, as a host would on a new deployment.
    const site = mkdtempSync(join(tmpdir(), 'taizhang-release-'));
    cpSync(dist, site, { recursive: true });
    // Release 1 was deployed a minute ago, as any real previous release was. The browser checks
    // for a new page and a new sw.js with If-Modified-Since (the Last-Modified it was served),
    // and http.server compares that with the file's mtime to the second: a "release 2" written
    // within the same second as the copy was answered 304 Not Modified, so the browser kept the
    // old page or never saw the new worker (the flake: one run in three on a fast machine).
    const deployedBefore = Date.now() / 1000 - 60;
    for (const file of readdirSync(site, { recursive: true })) utimesSync(join(site, file), deployedBefore, deployedBefore);
    const server = await serveDist({ root: site });
    try {
      const app = await App.open(env.browser, server.base, { viewport: PC });
      const { page, problems } = app;
      const [first] = await app.waitForController();

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
      const releases = await app.waitForCachedReleases(['taizhang-release2']);
      assert.deepEqual(releases, ['taizhang-release2']);
      assert.notEqual(first, 'taizhang-release2');

      // And release 2 opens offline from its own cache.
      await app.context.setOffline(true);
      await page.reload();
      await page.waitForSelector('[data-testid=plan-title]');
      assert.equal(await page.locator('meta[name=taizhang-release]').count(), 1);
      assert.deepEqual(problems, []);
      await app.close();
    } finally {
      server.close();
    }
  });
});
