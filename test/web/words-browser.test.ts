// `bertcnn web` on a NER export over word ids (a --mode words tagger-cnn --crf run) in a real browser (headless
// Chromium, as browser-kinds.test.ts): the staged demo page loads it by kind, and in the page the tagger's
// { words, tags, entities } deep-equal `bertcnn predict`'s JSONL on raw lines with unknown words and punctuation,
// fp32 and --int8; the page's model info names no encoder and the words tokenizer.
// Skipped (with a reason) when chromium is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildWebBundle } from '../../src/web/node/bundle.ts';
import { serveFolder } from '../../src/web/node/static-server.ts';
import { stageWebFolder } from '../../src/web/node/stage.ts';
import { cli } from '../cli/cli-helpers.ts';
import { tempRoot } from '../export/run-fixture.ts';
import { predictLines, trainWordsRun, WORD_LINES } from '../export/words-fixture.ts';

const CHROMIUM = process.env.BERTCNN_CHROMIUM ?? '/usr/bin/chromium';

test(
  'bertcnn web on an export over word ids: the page tags raw text as bertcnn predict (fp32 and int8)',
  { skip: !existsSync(CHROMIUM) && `no chromium at ${CHROMIUM}` },
  async () => {
    const root = tempRoot('web-words-browser');
    const run = await trainWordsRun(root, 'cnn-crf', 'tagger-cnn', ['--crf']);
    const want = await predictLines(root, run, WORD_LINES);
    const bundle = await buildWebBundle({ outfile: join(root, 'bundle', 'bertcnn-web.js') });
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      for (const int8 of [false, true]) {
        const out = join(root, int8 ? 'int8' : 'fp32');
        const r = await cli(['export', run, '--out', out, '--quiet', ...(int8 ? ['--int8'] : [])]);
        assert.equal(r.code, 0, r.err);
        await stageWebFolder(out, { bundle: bundle.outfile });
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        const server = await serveFolder(out, { port: 0 });
        try {
          await page.goto(server.url);
          await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'loading the model…');
          assert.equal(await page.textContent('#status'), 'ready', `page errors: ${errors.join('; ')}`);
          assert.equal(await page.evaluate(() => (window as unknown as { bertcnnKind: string }).bertcnnKind), 'ner');
          const got = await page.evaluate(async (lines) => {
            const w = window as unknown as { bertcnnReady: Promise<{ predict(t: string[]): Promise<unknown[]> }> };
            return (await w.bertcnnReady).predict(lines);
          }, WORD_LINES);
          assert.deepEqual(got, want, int8 ? 'int8' : 'fp32');
          const info = (await page.textContent('#info'))!;
          assert.match(info, /\(no encoder\) \+ tagger-cnn \(words\)/);
          assert.match(info, /words \(vocab\.json\)/);
          assert.deepEqual(errors, []);
        } finally {
          await server.close();
          await page.close();
        }
      }
    } finally {
      await browser.close();
    }
  },
);
