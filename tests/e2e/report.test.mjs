// The report (报告): figures as of the chosen date, a clean A4 PDF from Chromium's print, and CSV
// exports that Excel/WPS read (UTF-8 with BOM) and that parse back.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PC, artifacts, useApp } from './harness.mjs';

const env = useApp();

/** A minimal CSV reader (quotes, doubled quotes, CRLF), independent of the app's. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cur);
      cur = '';
    } else if (c === '\n') {
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else if (c !== '\r') cur += c;
  }
  return rows;
}

describe('report (报告)', () => {
  test('the June report made in July, printed to PDF, and its CSV files', async () => {
    const app = await env.open({ viewport: PC });
    const { page, problems } = app;
    await app.enterFigures('2025-06-30', [['营造林', '1.2', '上半年完成，含补植']]);
    await app.enterFigures('2025-07-20', [['营造林', '1.9', '七月']]);
    await app.goTo('report');
    // The sections' charts far below the fold wait to be drawn as they come near.
    const pending = page.locator('[data-testid=report-chart][data-drawn=false]');
    assert.ok((await pending.count()) > 0, 'the last sections\' charts wait');
    await app.setAsOf('2025-06-30');
    await page.locator('[data-testid=report-meta]').filter({ hasText: '2025-06-30' }).waitFor();
    // Rebuilt for another date, every chart is drawn at once.
    assert.equal(await pending.count(), 0);
    assert.equal(await page.textContent('[data-testid=report-title]'), '乃东区人民政府2025年工作要点执行情况报告');
    assert.match(await page.textContent('[data-testid=report-meta]'), /截至日期 2025-06-30 · 执行期 2025-01-01 — 2025-12-31 · 时间进度 50% · 总体完成 \d+%/);
    const forest = page.locator('[data-testid=report-row]').filter({ hasText: '营造林' });
    assert.match(await forest.textContent(), /营造林2\.88万亩1\.2万亩2025-06-3042%正常/);
    assert.equal(await page.locator('[data-testid=report-section]').count(), 8);

    // Print to PDF as the browser would (print CSS), and keep it to look at.
    await page.emulateMedia({ media: 'print' });
    await app.screenshot('report-print-view', { fullPage: false });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await writeFile(join(artifacts, 'report.pdf'), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(pages >= 9, `the PDF has ${pages} pages; expected the 督办清单 and a page per section`);
    await page.emulateMedia({ media: 'screen' });
    // Opened afresh, printing draws the charts still waiting: the browser says it will print
    // (beforeprint) before it lays the page out for print, and print-to-PDF does the same.
    await app.reload();
    await page.locator('[data-testid=report-meta]').filter({ hasText: '2025-06-30' }).waitFor();
    assert.ok((await pending.count()) > 0, 'charts far below wait again');
    await page.pdf({ format: 'A4' });
    assert.equal(await pending.count(), 0, 'printing drew every chart');

    const ledger = await app.download('[data-testid=csv-ledger]');
    assert.match(ledger.name, /^taizhang-乃东区人民政府2025年工作要点-2025-06-30-台账\.csv$/);
    const ledgerText = ledger.text;
    assert.equal(ledgerText.charCodeAt(0), 0xfeff, 'UTF-8 byte-order mark for Excel/WPS');
    const rows = parseCsv(ledgerText.slice(1));
    assert.deepEqual(rows[0], ['部分', '要点', '类型', '事项', '目标值', '最新', '截至', '完成率', '应完成', '状态', '牵头单位', '备注']);
    const row = rows.find((r) => r[3] === '营造林');
    assert.deepEqual(row.slice(1, 10), ['11', '量化', '营造林', '2.88万亩', '1.2万亩', '2025-06-30', '42%', '50%', '正常']);
    assert.equal(row[11], '上半年完成，含补植');
    assert.equal(rows.length, 1 + 30 + 40);

    const entries = await app.download('[data-testid=csv-entries]');
    const entryRows = parseCsv(entries.text.slice(1));
    assert.equal(entryRows.length, 3);
    assert.deepEqual(entryRows.slice(1).map((r) => [r[3], r[4], r[5], r[10]]).sort(), [
      ['营造林', '2025-06-30', '1.2万亩', '有效'],
      ['营造林', '2025-07-20', '1.9万亩', '有效'],
    ]);

    // A report for one unit: only the tasks that unit leads or shares.
    await app.goTo('plan');
    const task = await app.openTask(11, '营造林');
    await task.locator('[data-testid=field-lead]').fill('区林业和草原局');
    await task.locator('[data-testid=save-assignment]').click();
    await app.goTo('report');
    await page.locator('[data-testid=report-unit]').selectOption('区林业和草原局');
    await page.locator('[data-testid=report-meta]').filter({ hasText: '区林业和草原局' }).waitFor();
    const unitRows = await page.locator('[data-testid=report-section] [data-testid=report-row]').allTextContents();
    assert.equal(unitRows.length, 1);
    assert.match(unitRows[0], /营造林.*区林业和草原局/);
    assert.deepEqual(problems, []);
    await app.close();
  });
});
