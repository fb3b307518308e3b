// The city-scale measurements (issue #16 item 4), standalone or from bench.mjs: one entry on the
// city plan with its ledger of 48,000 entries loaded, click → views updated, then the debounced
// save's own main-thread time (the `taizhang-save` measure inside the app).
//
// usage: node bench/city.mjs CITY_DIST CITY_SNAPSHOT   (prints the figures; imports first)

import { launchBrowser, serveDist } from '../tests/e2e/harness.mjs';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

/** Imports `snapshot` into the (fresh) page's profile through the exchange view, replacing. */
export async function importCity(page, base, snapshot) {
  await page.goto(`${base}#/exchange`);
  await page.waitForSelector('[data-testid=exchange]');
  await page.locator('[data-testid=import-file]').setInputFiles(snapshot);
  await page.locator('[data-testid=import-apply]').click();
  await page.locator('[data-testid=import-done]').waitFor({ timeout: 120_000 });
}

/**
 * Records `n` figures one after the other in the monthly grid (a fresh page load first, so the
 * ledger comes from storage), each click → next frame after the grid says it saved, then that
 * entry's debounced save. Returns { views: [ms], saves: [ms] } (the first save after a load is
 * included: it is the one that may read what is stored).
 */
export async function cityEntries(page, base, n) {
  await page.goto(`${base}#/entry`);
  await page.reload();
  await page.locator('[data-testid=grid-figure]').first().waitFor({ timeout: 120_000 });
  const views = [];
  const saves = [];
  for (let i = 0; i < n; i++) {
    await page.locator('[data-testid=grid-figure]').first().fill(`${i + 1}.25`);
    await page.evaluate((i) => {
      window.benchSavesBefore = performance.getEntriesByName('taizhang-save').length;
      window.benchClicked = undefined;
      window.benchShown = undefined;
      // Saved and shown: the row's latest figure is the one just entered.
      const saved = () => document.querySelector('[data-testid=grid-latest]')?.textContent.startsWith(`${i + 1}.25`);
      document.addEventListener('click', () => {
        window.benchClicked = performance.now();
        const check = () => (saved()
          ? setTimeout(() => { window.benchShown = performance.now(); }, 0)
          : requestAnimationFrame(check));
        requestAnimationFrame(check);
      }, { capture: true, once: true });
    }, i);
    await page.locator('[data-testid=grid-save]').click();
    const t = await (await page.waitForFunction(() => window.benchShown && window.benchShown - window.benchClicked)).jsonValue();
    views.push(t);
    const s = await page.waitForFunction(() => {
      const m = performance.getEntriesByName('taizhang-save');
      return m.length > window.benchSavesBefore ? { d: m[m.length - 1].duration } : null;
    }, null, { timeout: 60_000 });
    saves.push((await s.jsonValue()).d);
  }
  return { views, saves };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cityDist, snapshot] = process.argv.slice(2);
  const browser = await launchBrowser();
  const server = await serveDist({ root: cityDist });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on('crash', () => console.log('page crashed'));
  page.on('pageerror', (e) => console.log(`page error: ${e}`));
  page.on('console', (m) => m.type() === 'error' && console.log(`console: ${m.text()}`));
  const t0 = Date.now();
  await importCity(page, server.base, snapshot);
  const stages = await page.evaluate(() => performance.getEntriesByType('measure')
    .filter((m) => m.name.startsWith('taizhang-import-')).map((m) => `${m.name.slice(16)} ${m.duration.toFixed(1)}`));
  console.log(`import (${Date.now() - t0} ms wall, with the driver): ${stages.join(', ')}`);
  const { views, saves } = await cityEntries(page, server.base, 7);
  console.log(`one entry at city scale (grid): views ${views.map((v) => v.toFixed(1)).join(' ')}; saves ${saves.map((v) => v.toFixed(1)).join(' ')}`);
  console.log(`  median: views ${ms(median(views))}, save ${ms(median(saves))}, together ${ms(median(views.map((v, i) => v + saves[i])))}`);
  const chars = await page.evaluate(() => {
    let c = 0;
    for (let i = 0; i < localStorage.length; i++) c += localStorage.key(i).length + localStorage.getItem(localStorage.key(i)).length;
    return c;
  });
  console.log(`localStorage: ${(chars / 1e6).toFixed(2)} M characters`);
  await context.close();
  await browser.close();
  server.close();
}
