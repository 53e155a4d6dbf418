// SST-2 end to end through the CLI: ../shared/data/SST-2 (train.tsv 6,920 / dev.tsv 872, `label<TAB>text`, read
// in place, never copied) with a tiny random-weight BERT (2 layers, hidden 128, the real bert-base-uncased
// vocabulary). A frozen TextCNN trains on the full train split for 3 epochs; the test checks the whole path runs
// (train → eval → predict → report) and that the head learns: dev accuracy above chance (> 0.55). Random encoder
// features carry word identity but no meaning, so ~0.6 is what to expect here, not BERT's ~0.9.
// About 35 s on 2 cores. Skipped with a reason when ../shared/data is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateBertCheckpoint } from '../../src/encoders/bert/generate.ts';
import { cli } from '../cli/cli-helpers.ts';

const SST2 = resolve(import.meta.dirname, '../../../shared/data/SST-2');
const TRAIN = join(SST2, 'train.tsv');
const DEV = join(SST2, 'dev.tsv');
const skip = !existsSync(TRAIN) || !existsSync(DEV) ? `SST-2 not found at ${SST2} (../shared/data is absent)` : false;

test(
  'SST-2: frozen TextCNN on a tiny random BERT trains, evaluates, predicts and reports; dev accuracy > 0.55',
  { skip, timeout: 240_000 },
  async () => {
    const root = mkdtempSync(join(tmpdir(), 'bertcnn-sst2-'));
    try {
      const model = join(root, 'tiny-bert');
      await generateBertCheckpoint(model, {
        vocab: 'bert-base-uncased',
        layers: 2,
        hidden: 128,
        heads: 2,
        ffn: 256,
        seed: 3,
      });
      const run = join(root, 'run');
      const mtime = statSync(TRAIN).mtimeMs;
      const started = performance.now();
      const flags = [
        '--max-length',
        '64',
        '--filters',
        '32',
        '--dropout',
        '0.1',
        '--lr',
        '0.001',
        '--schedule',
        'constant',
        '--epochs',
        '3',
        '--seed',
        '42',
      ];
      const r = await cli([
        'train',
        '--train',
        TRAIN,
        '--dev',
        DEV,
        '--encoder',
        model,
        '--head',
        'textcnn',
        '--mode',
        'frozen',
        '--out',
        run,
        ...flags,
        '--json',
      ]);
      const seconds = (performance.now() - started) / 1000;
      assert.equal(r.code, 0, r.err);
      const res = JSON.parse(r.out) as { dev: { accuracy: number; macro_f1: number }; labels: string[] };
      assert.deepEqual(res.labels, ['0', '1']);
      process.stderr.write(
        `SST-2 frozen TextCNN (tiny random BERT): dev accuracy ${res.dev.accuracy.toFixed(4)}, macro-F1 ${res.dev.macro_f1.toFixed(4)}, train ${seconds.toFixed(1)} s\n`,
      );
      assert.ok(res.dev.accuracy > 0.55, `dev accuracy ${res.dev.accuracy} is not above chance`);

      const ev = await cli(['eval', run, '--data', DEV, '--json']);
      assert.equal(ev.code, 0, ev.err);
      const scores = JSON.parse(ev.out) as { accuracy: number; records: number };
      assert.equal(scores.records, 872);
      assert.ok(Math.abs(scores.accuracy - res.dev.accuracy) < 1e-9, 'a reloaded run scores the same');

      const texts = join(root, 'texts.txt');
      writeFileSync(
        texts,
        'a gorgeous , witty , seductive movie .\nthe acting is amateurish and the plot is a mess .\n',
      );
      const p = await cli(['predict', run, '--input', texts]);
      assert.equal(p.code, 0, p.err);
      assert.equal(p.out.trim().split('\n').length, 2);

      const rep = await cli(['report', run, '--quiet']);
      assert.equal(rep.code, 0, rep.err);
      assert.match(readFileSync(join(run, 'report.html'), 'utf8'), /Confusion matrix/);
      assert.equal(statSync(TRAIN).mtimeMs, mtime, 'the data is read in place, never modified');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
);
