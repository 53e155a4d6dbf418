// NER and kim2014 exports in a real browser (headless Chromium, as browser.test.ts): the demo page loads each
// export by its manifest's kind (loadExport), and in the page
//   - the NER tagger's { words, tags, entities } deep-equal `bertcnn predict`'s JSONL on raw lines (CRF run, IOB1),
//     and the page's Predict button shows the entities with their character offsets;
//   - the kim2014 classifier gives predict's labels and probabilities within 1e-4.
// Skipped (with a reason) when chromium is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { exportRun } from '../../src/export/export-run.ts';
import { buildWebBundle } from '../../src/web/node/bundle.ts';
import { serveFolder } from '../../src/web/node/static-server.ts';
import { stageWebFolder } from '../../src/web/node/stage.ts';
import { cli } from '../cli/cli-helpers.ts';
import { writeKimRun, writeNerRun } from '../export/kinds-fixture.ts';
import { tempRoot, tinyBert } from '../export/run-fixture.ts';

const CHROMIUM = process.env.BERTCNN_CHROMIUM ?? '/usr/bin/chromium';
const LINES = ['Mr John Smith lives in New York.', 'Anna met Mr Peter Kowalski in Paris, then went to Berlin.'];

async function predictCli(root: string, run: string, lines: string[]): Promise<Record<string, unknown>[]> {
  const input = join(root, `${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(input, `${lines.join('\n')}\n`);
  const r = await cli(['predict', run, '--input', input, '--quiet']);
  assert.equal(r.code, 0, r.err);
  return r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function open(page: Page, url: string, errors: string[]): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'loading the model…');
  assert.equal(await page.textContent('#status'), 'ready', `page errors: ${errors.join('; ')}`);
}

test(
  'bertcnn web on NER and kim2014 exports: the page picks the runtime by kind and reproduces bertcnn predict',
  { skip: !existsSync(CHROMIUM) && `no chromium at ${CHROMIUM}` },
  async () => {
    const root = tempRoot('web-kinds-browser');
    const bert = await tinyBert(root);
    const ner = await writeNerRun(join(root, 'ner'), { encoder: bert, mode: 'finetune', crf: true, scheme: 'IOB1' });
    const kim = await writeKimRun(join(root, 'kim'));
    const bundle = await buildWebBundle({ outfile: join(root, 'bundle', 'bertcnn-web.js') });
    for (const [run, out] of [
      [ner, 'ner-out'],
      [kim, 'kim-out'],
    ] as const) {
      await exportRun(run, { out: join(root, out) });
      await stageWebFolder(join(root, out), { bundle: bundle.outfile });
    }
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));

      const nerServer = await serveFolder(join(root, 'ner-out'), { port: 0 });
      try {
        await open(page, nerServer.url, errors);
        assert.equal(await page.evaluate(() => (window as unknown as { bertcnnKind: string }).bertcnnKind), 'ner');
        const got = await page.evaluate(async (lines) => {
          const w = window as unknown as { bertcnnReady: Promise<{ predict(t: string[]): Promise<unknown[]> }> };
          return (await w.bertcnnReady).predict(lines);
        }, LINES);
        const want = await predictCli(root, ner, LINES);
        assert.deepEqual(got, want);
        assert.match((await page.textContent('#info'))!, /ner \(IOB1, crf\): O, B-LOC/);
        await page.fill('#texts', LINES.join('\n'));
        await page.click('#predict');
        await page.waitForFunction(() => /in \d+ ms/.test(document.getElementById('status')!.textContent!));
        const cells = await page.$$eval('#rows tr td.label', (tds) => tds.map((td) => td.textContent));
        const ents = want.map((r) =>
          (r.entities as { type: string; text: string; char_start: number; char_end: number }[])
            .map((e) => `${e.type}: ${e.text} [${e.char_start}, ${e.char_end})`)
            .join('; '),
        );
        assert.deepEqual(
          cells,
          ents.map((e) => e || '—'),
        );
      } finally {
        await nerServer.close();
      }

      const kimServer = await serveFolder(join(root, 'kim-out'), { port: 0 });
      try {
        await open(page, kimServer.url, errors);
        const texts = ['A great film!', "The plot wasn't bad", 'zzz'];
        const got = (await page.evaluate(async (t) => {
          const w = window as unknown as { bertcnnReady: Promise<{ predict(t: string[]): Promise<unknown[]> }> };
          return (await w.bertcnnReady).predict(t);
        }, texts)) as { label: string; probabilities: Record<string, number> }[];
        const want = (await predictCli(root, kim, texts)) as { label: string; probabilities: Record<string, number> }[];
        assert.deepEqual(
          got.map((r) => r.label),
          want.map((r) => r.label),
        );
        got.forEach((r, i) => {
          for (const [l, p] of Object.entries(want[i]!.probabilities))
            assert.ok(Math.abs(r.probabilities[l]! - p) <= 1e-4, `${texts[i]} ${l}`);
        });
        assert.match((await page.textContent('#info'))!, /kim2014 rand CNN \(word level, clean_str default\)/);
      } finally {
        await kimServer.close();
      }
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  },
);
