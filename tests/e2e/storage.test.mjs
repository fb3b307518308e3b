// What happens when browser storage holds something unreadable, or is full: the app still
// starts, says so in Chinese, keeps the unreadable value aside and offers it for download, and
// never overwrites what it could not read.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KEY, useApp } from './harness.mjs';

const env = useApp();

/** Opens the app with `raw` stored under the data key (set after a first start, then reloaded). */
function openWithStored(raw) {
  return env.open({ storage: { [KEY]: raw } });
}

describe('unreadable storage', () => {
  const cases = {
    'truncated JSON': '{"format":"taizhang-local","version":1,"data":{"correc',
    'random bytes': '\u0000\u00ff\u7fff garbage \ud7ff',
    'a future version': '{"format":"taizhang-local","version":99,"data":{}}',
    'an empty string': '',
  };
  for (const [name, raw] of Object.entries(cases)) {
    test(`${name}: the app starts, says so, keeps the value aside and offers it`, async () => {
      const app = await openWithStored(raw);
      const { page, problems } = app;
      const banner = page.locator('[data-testid=storage-banner]');
      await banner.waitFor();
      assert.match(await banner.textContent(), /本地保存的数据无法读取/);
      assert.match(await banner.textContent(), /原数据已另行备份/);
      assert.equal(await page.locator('[data-testid=point]').count(), 22);
      assert.deepEqual(await app.storedUnder('taizhang.unreadable.'), [raw]);
      // Still the original value under the main key: nothing was written over it.
      assert.equal(await app.stored(KEY), raw);

      const download = await app.download('[data-testid=download-unreadable]');
      assert.equal(download.text, raw);
      assert.deepEqual(problems, []);
      await app.close();
    });
  }
});

describe('after an unreadable start', () => {
  test('new work is saved, and the kept-aside original stays (once)', async () => {
    const raw = '{"format":"taizhang-local","version":1,"data":{"entries":[';
    const app = await openWithStored(raw);
    const { page, problems } = app;
    await page.locator('[data-testid=storage-banner]').waitFor();
    await app.recordFigure(11, '营造林', { asOf: '2025-06-30', figure: '1' });
    await app.waitForStored((raw) => (raw || '').includes('"entries":[['));
    assert.deepEqual(await app.storedUnder('taizhang.unreadable.'), [raw]);
    await app.reload();
    assert.equal(await page.locator('[data-testid=storage-banner]').count(), 0);
    assert.deepEqual(problems, []);
    await app.close();
  });
});

describe('full storage', () => {
  test('a change that does not fit is reported and the last good state stays', async () => {
    const app = await env.open();
    const { page, problems } = app;
    // Record one correction so there is a last good state.
    const task = app.task(await app.openPoint(11), '营造林');
    await task.locator('[data-testid=correct-task]').click();
    const form = task.locator('.target-edit-row [data-testid=target-form]').first();
    await form.locator('[data-testid=field-value]').fill('3');
    await form.locator('[data-testid=save-target]').click();
    await task.locator('[data-testid=target-value]').filter({ hasText: '3万亩' }).waitFor();
    // The save is debounced: wait for it to land.
    await app.waitForStored((raw) => (raw || '').includes('"value":"3"'));
    const good = await app.stored(KEY);
    assert.match(good, /"value":"3"/);

    // Fill the rest of the quota with filler.
    await app.fillStorage({ exact: true });
    await form.locator('[data-testid=field-value]').fill('123456789.25');
    await form.locator('[data-testid=save-target]').click();
    const banner = page.locator('[data-testid=storage-banner]');
    await banner.waitFor();
    assert.match(await banner.textContent(), /本地存储空间已满/);
    // The page still shows the change (it is kept in memory and offered for download).
    await task.locator('[data-testid=target-value]').filter({ hasText: '123456789.25万亩' }).waitFor();
    assert.equal(await app.stored(KEY), good);
    assert.deepEqual(problems, []);
    await app.close();
  });
});

describe('orphaned records', () => {
  test('an entry whose target is not in the plan is kept and announced', async () => {
    const raw = JSON.stringify({
      format: 'taizhang-local',
      version: 1,
      data: {
        corrections: [],
        entries: [{ id: 'e-old', subject: 'k-no-such-task-1', as_of: '2025-03-31', type: 'figure', value: '7', note: '', unit: '', recorded_at: 1 }],
        assignments: [],
        last_exported_at: null,
      },
    });
    const app = await openWithStored(raw);
    const { page, problems } = app;
    const notice = page.locator('[data-testid=orphan-notice]');
    await notice.waitFor();
    assert.match(await notice.locator('.banner-text').textContent(), /^1 条更正或填报记录找不到对应的任务或指标/);
    assert.equal(await page.locator('[data-testid=storage-banner]').count(), 0);
    assert.equal(await app.stored(KEY), raw);

    // Re-attach it to the 营造林 target: the figure moves there and the notice goes away.
    await notice.locator('summary').click();
    const row = notice.locator('[data-testid=orphan-entry]');
    const option = await row.locator('option').filter({ hasText: '营造林' }).getAttribute('value');
    await row.locator('[data-testid=orphan-target]').selectOption(option);
    await row.locator('[data-testid=orphan-reattach]').click();
    await notice.waitFor({ state: 'detached' });
    const p11 = await app.openPoint(11);
    assert.match(await app.task(p11, '营造林').locator('[data-testid=target-latest]').textContent(), /^7万亩/);
    // History is kept: the orphan is still stored, superseded by its re-attached copy.
    await app.waitForEntries(2);
    assert.deepEqual(problems, []);
    await app.close();
  });
});

describe('saving what changed', () => {
  test('an entry writes the log, not the whole ledger; a reload and another tab see every entry', async () => {
    const app = await env.open();
    const { page, problems } = app;
    await app.recordFigure(11, '营造林', { asOf: '2025-05-31', figure: '1.5', saved: true });
    const base = await page.evaluate(() => localStorage.getItem('taizhang.data'));
    // Another tab of the same profile, open before the next entry.
    const other = await app.context.newPage();
    await other.goto(`${env.server.base}#/plan`);
    const point = other.locator('[data-testid=point][data-point="11"]');
    await point.locator('summary').click();
    const latest = point.locator('[data-testid=task]').filter({ hasText: '营造林' }).locator('[data-testid=target-latest]').first();
    await latest.filter({ hasText: '1.5万亩' }).waitFor();

    await app.recordFigure(11, '营造林', { asOf: '2025-06-30', figure: '2.5', saved: true });
    // Only the log was written: the base is exactly as the first save left it.
    assert.equal(await page.evaluate(() => localStorage.getItem('taizhang.data')), base);
    assert.match(await page.evaluate(() => localStorage.getItem('taizhang.data.log')), /"f","2\.5"/);
    // The other tab takes the entry in from the log's storage event.
    await latest.filter({ hasText: '2.5万亩' }).waitFor();
    // And a reload reads base and log together.
    await app.reload();
    assert.match(await app.latestFigure(11, '营造林'), /^2\.5万亩/);
    assert.equal((await app.storedEntries()).length, 2);
    await other.close();
    assert.deepEqual(problems, []);
    await app.close();
  });
});
