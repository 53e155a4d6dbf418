// The HTML report renders its charts in a real browser: Debian's chromium driven by playwright-core.
// The screenshot is kept in test-artifacts/ for people to look at. Skipped (with a reason) when chromium is not
// installed; .ci/run installs it, so CI always runs this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { renderReport, type ReportData } from '../../src/report/html.ts';

const CHROMIUM = process.env.BERTCNN_CHROMIUM ?? '/usr/bin/chromium';

const data: ReportData = {
  title: 'SST-2 · TextCNN on bert-mini (frozen)',
  config: { head: { kind: 'textcnn', kernels: [3, 4, 5], filters: 100 }, mode: 'frozen', lr: 0.001 },
  epochs: [1, 2, 3, 4, 5].map((e) => ({
    epoch: e,
    train_loss: 0.7 / e,
    dev_loss: 0.6 / Math.sqrt(e),
    dev: { accuracy: 0.6 + 0.05 * e, macro_f1: 0.58 + 0.05 * e },
  })),
  evaluation: {
    split: 'dev',
    labels: ['negative', 'positive'],
    confusion: [
      [380, 48],
      [52, 392],
    ],
    perClass: [
      { label: 'negative', precision: 0.8796, recall: 0.8879, f1: 0.8837, support: 428 },
      { label: 'positive', precision: 0.8909, recall: 0.8829, f1: 0.8869, support: 444 },
    ],
    summary: { accuracy: 0.8853, macro_f1: 0.8853 },
  },
  generatedAt: '2026-11-21T00:00:00Z',
};

test('report HTML is self-contained and escapes user text', () => {
  const html = renderReport({ ...data, title: '<script>alert(1)</script>' });
  assert.ok(!html.includes('<script>'), 'title must be escaped');
  assert.ok(!/src="http|href="http/.test(html), 'no external assets');
  assert.equal((html.match(/<svg /g) ?? []).length, 3); // loss, metrics, confusion
});

test(
  'report charts are drawn in headless chromium',
  { skip: !existsSync(CHROMIUM) && `no chromium at ${CHROMIUM}` },
  async () => {
    const { chromium } = await import('playwright-core');
    const dir = join(tmpdir(), `bertcnn-report-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReport(data));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
      await page.goto(`file://${file}`);
      // Each curve is a path with real length; the heat map has n² cells with visible size.
      const lengths = await page.$$eval('path.series', (ps) => ps.map((p) => (p as SVGPathElement).getTotalLength()));
      assert.equal(lengths.length, 4, 'train loss, dev loss, accuracy, macro_f1');
      for (const l of lengths) assert.ok(l > 50, `curve length ${l}`);
      const cells = await page.$$eval('rect.cell', (rs) =>
        rs.map((r) => (r as SVGRectElement).getBoundingClientRect().width),
      );
      assert.equal(cells.length, 4);
      for (const w of cells) assert.ok(w >= 28);
      mkdirSync('test-artifacts', { recursive: true });
      await page.screenshot({ path: join('test-artifacts', 'report.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  },
);
