// An export runs in a real browser: a tiny run (test/export/run-fixture.ts) is exported, the bundle is built
// (buildWebBundle, as `npm run build:web`), `bertcnn web EXPORT --port 0` (a child process, as users run it)
// copies the demo page + bundle + ORT wasm into the folder and serves it on loopback, and headless Chromium
// (Debian's, driven by playwright-core) loads the page. In the page:
//   - the library's probabilities equal `bertcnn predict`'s within 1e-4 (fp32), same labels, on tricky texts
//     (shorter than the widest kernel, accents + emoji, CJK, a typed [SEP], longer than maxLength);
//   - the demo UI (textarea → Predict → table) shows the same labels and probabilities, and the model info;
//   - an --int8 export (DynamicQuantizeMatMul in onnxruntime-web) keeps predict's decisions;
//   - a use-lite export (its own tokenizer, vocab.json) matches predict within 1e-4.
// The screenshot is kept in test-artifacts/web-demo.png. Skipped (with a reason) when chromium is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { exportRun } from '../../src/export/export-run.ts';
import type { BertcnnClassifier } from '../../src/web/classifier.ts';
import { buildWebBundle } from '../../src/web/node/bundle.ts';
import { serveFolder } from '../../src/web/node/static-server.ts';
import { stageWebFolder } from '../../src/web/node/stage.ts';
import { cli } from '../cli/cli-helpers.ts';
import { tempRoot, tinyBert, writeRun } from '../export/run-fixture.ts';

const CHROMIUM = process.env.BERTCNN_CHROMIUM ?? '/usr/bin/chromium';
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'bertcnn.js');

const TEXTS = [
  'ok',
  'a great film with a fun story',
  'Ünïcödé, émojis 🙂 and numbers 12345',
  '我爱北京 and a [SEP] typed in the text',
  `${'a long review that keeps going and going about the film, '.repeat(8)}the end`,
];

interface Row {
  label: string;
  probabilities: Record<string, number>;
}

/** `bertcnn predict RUN` on TEXTS (a JSONL input, so any text survives), one parsed line per text. */
async function predictCli(root: string, run: string): Promise<Row[]> {
  const input = join(root, `texts-${readdirSync(root).length}.jsonl`);
  writeFileSync(input, TEXTS.map((text) => JSON.stringify({ text })).join('\n'));
  const r = await cli(['predict', run, '--input', input, '--quiet']);
  assert.equal(r.code, 0, r.err);
  return r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);
}

/** The page's library on TEXTS: probabilities [N, C] and labels. */
function inPage(page: Page): Promise<{ probs: number[]; labels: string[] }> {
  return page.evaluate(async (texts) => {
    const clf = await (window as unknown as { bertcnnReady: Promise<BertcnnClassifier> }).bertcnnReady;
    const probs = Array.from(await clf.probabilities(texts));
    const labels = (await clf.predict(texts)).map((r) => ('label' in r ? r.label : r.labels.join()));
    return { probs, labels };
  }, TEXTS);
}

function maxDiff(got: number[], want: Row[], labels: string[]): number {
  assert.equal(got.length, want.length * labels.length);
  let m = 0;
  want.forEach((row, i) =>
    labels.forEach((l, c) => (m = Math.max(m, Math.abs(got[i * labels.length + c]! - row.probabilities[l]!)))),
  );
  return m;
}

async function open(page: Page, url: string, errors: string[]): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'loading the model…');
  assert.equal(await page.textContent('#status'), 'ready', `page errors: ${errors.join('; ')}`);
}

test(
  'bertcnn web: an export runs in headless Chromium and reproduces bertcnn predict',
  { skip: !existsSync(CHROMIUM) && `no chromium at ${CHROMIUM}` },
  async (t) => {
    const root = tempRoot('web');
    const bert = await tinyBert(root);
    const run = await writeRun(join(root, 'run'), {
      encoder: bert,
      mode: 'frozen',
      head: 'textcnn',
      headOptions: { filters: 8, kernelSizes: [3, 4, 5] },
      kind: 'multiclass',
      labels: ['a', 'b', 'c'],
    });
    const out = join(root, 'export');
    await exportRun(run, { out });
    const bundle = await buildWebBundle({ outfile: join(root, 'bundle', 'bertcnn-web.js') });
    assert.ok(bundle.bytes > 50_000 && bundle.bytes < 1_000_000, `bundle ${bundle.bytes} bytes`);
    const want = await predictCli(root, run);

    const child = spawn(process.execPath, [BIN, 'web', out, '--bundle', bundle.outfile, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const { chromium } = await import('playwright-core');
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
      const deadline = Date.now() + 60_000;
      while (!/at (http:\/\/127\.0\.0\.1:\d+\/)/.test(stdout)) {
        if (child.exitCode !== null || Date.now() > deadline)
          assert.fail(`bertcnn web did not start:\n${stdout}\n${stderr}`);
        await sleep(50);
      }
      const url = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)![1]!;
      for (const f of ['index.html', 'bertcnn-web.js', 'ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs'])
        assert.ok(existsSync(join(out, f)), `${f} copied into the export folder`);
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('requestfailed', (r) => errors.push(`${r.url()}: ${r.failure()?.errorText}`));

      await t.test('the library in the page: probabilities within 1e-4 of bertcnn predict, same labels', async () => {
        await open(page, url, errors);
        const got = await inPage(page);
        const d = maxDiff(got.probs, want, ['a', 'b', 'c']);
        assert.ok(d <= 1e-4, `max |Δp| ${d}`);
        assert.deepEqual(
          got.labels,
          want.map((r) => r.label),
        );
        assert.deepEqual(errors, []);
      });

      await t.test('the demo page: textarea → Predict → a table of labels and probabilities, model info', async () => {
        await page.fill('#texts', TEXTS.join('\n'));
        await page.click('#predict');
        await page.waitForFunction(
          (n) =>
            document.querySelectorAll('#rows tr').length === n &&
            /in \d+ ms/.test(document.getElementById('status')!.textContent!),
          TEXTS.length,
        );
        const rows = await page.$$eval('#rows tr', (trs) =>
          (trs as HTMLTableRowElement[]).map((tr) => ({
            text: tr.cells[0]!.textContent,
            label: tr.cells[1]!.textContent,
            p: Object.fromEntries(
              [...tr.querySelectorAll<HTMLElement>('td[data-label]')].map((td) => [
                td.dataset.label,
                Number(td.dataset.p),
              ]),
            ),
          })),
        );
        assert.deepEqual(
          rows.map((r) => r.text),
          TEXTS,
        );
        assert.deepEqual(
          rows.map((r) => r.label),
          want.map((r) => r.label),
        );
        rows.forEach((r, i) => {
          for (const l of ['a', 'b', 'c'])
            assert.ok(Math.abs(r.p[l]! - want[i]!.probabilities[l]!) <= 1e-4, `${TEXTS[i]} ${l}`);
        });
        const info = await page.textContent('#info');
        assert.match(info!, /multiclass: a, b, c/);
        assert.match(info!, /textcnn \(frozen\), fp32/);
        assert.match(info!, /wordpiece \(vocab\.txt, tokenizer_config\.json; 30522 ids\)/);
        mkdirSync('test-artifacts', { recursive: true });
        await page.screenshot({ path: join('test-artifacts', 'web-demo.png'), fullPage: true });
      });

      await t.test('an --int8 export runs in onnxruntime-web and keeps the decisions', async () => {
        const int8 = join(root, 'int8');
        await exportRun(run, { out: int8, int8: true });
        await stageWebFolder(int8, { bundle: bundle.outfile });
        const server = await serveFolder(int8, { port: 0 });
        try {
          await open(page, server.url, errors);
          const got = await inPage(page);
          assert.deepEqual(
            got.labels,
            want.map((r) => r.label),
          );
          assert.ok(maxDiff(got.probs, want, ['a', 'b', 'c']) < 0.05);
        } finally {
          await server.close();
        }
      });

      await t.test(
        'a use-lite export: its tokenizer in the page, probabilities within 1e-4 of bertcnn predict',
        async () => {
          const ul = await writeRun(join(root, 'use-lite-run'), {
            encoder: 'use-lite',
            mode: 'frozen',
            head: 'textcnn',
            headOptions: { filters: 4 },
            kind: 'binary',
            labels: ['neg', 'pos'],
          });
          const ulOut = join(root, 'use-lite');
          await exportRun(ul, { out: ulOut });
          const ulWant = await predictCli(root, ul);
          await stageWebFolder(ulOut, { bundle: bundle.outfile });
          const server = await serveFolder(ulOut, { port: 0 });
          try {
            await open(page, server.url, errors);
            const got = await inPage(page);
            const d = maxDiff(got.probs, ulWant, ['neg', 'pos']);
            assert.ok(d <= 1e-4, `max |Δp| ${d}`);
            assert.deepEqual(
              got.labels,
              ulWant.map((r) => r.label),
            );
            assert.match((await page.textContent('#info'))!, /use-lite \(vocab\.json; \d+ ids\)/);
          } finally {
            await server.close();
          }
        },
      );
    } finally {
      await browser.close();
      child.kill('SIGTERM');
      assert.equal(await exited, 0, `bertcnn web exit code; stderr:\n${stderr}`);
    }
  },
);
