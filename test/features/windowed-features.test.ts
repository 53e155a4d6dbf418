// Frozen-mode windowing (encoder.windowStride) in the library: the features MemoryFeatureSource hands the head are
// extractWindowedStream's (not the truncated ones), a windowed training job records how many texts were windowed
// (and into how many windows), eval/predict/serve rebuild the same windowed features, bad settings are refused, and
// the persistent cache keeps windowed features apart from truncated ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBertCheckpoint } from '../../src/encoders/bert/generate.ts';
import { loadBert } from '../../src/encoders/bert/load.ts';
import type { FeatureBatch } from '../../src/encoders/encoder.ts';
import { extractWindowedStream, planWindows } from '../../src/encoders/window.ts';
import { listFeatureCaches } from '../../src/features/feature-cache.ts';
import { MemoryFeatureSource, type FeatureSource, type SourceBatch } from '../../src/features/source.ts';
import { CachedFeatureSource } from '../../src/features/cached-source.ts';
import { assembleClassifier } from '../../src/tasks/classification/classifier.ts';
import { runTrainingJob, type TrainJob } from '../../src/tasks/classification/job.ts';
import { predict } from '../../src/tasks/classification/evaluate.ts';
import { frozenPipeline } from '../../src/train/pipeline.ts';
import { evaluateFile, predictWithRun } from '../../src/tasks/classification/inference.ts';
import { parseRunConfig } from '../../src/train/run-config.ts';
import { readRunConfig } from '../../src/train/run-dir.ts';
import { loadServedModel } from '../../src/serve/model.ts';
import { MAX_LENGTH, STRIDE, writeWindowToy } from './window-data.ts';

const root = mkdtempSync(join(tmpdir(), 'bertcnn-window-train-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const model = join(root, 'tiny-bert');
await generateBertCheckpoint(model, {
  vocab: 'bert-base-uncased',
  layers: 2,
  hidden: 32,
  heads: 2,
  ffn: 64,
  seed: 3,
  std: 0.1,
});
const trainTexts = writeWindowToy(join(root, 'train.tsv'), 48, 1);
const devTexts = writeWindowToy(join(root, 'dev.tsv'), 16, 2);
const testTexts = writeWindowToy(join(root, 'test.tsv'), 16, 3);
const long = devTexts[2]!;
const opts = { maxLength: MAX_LENGTH, pooling: 'cls', outputs: 'tokens' } as const;

async function collect(stream: AsyncGenerator<FeatureBatch>): Promise<FeatureBatch[]> {
  const out: FeatureBatch[] = [];
  for await (const b of stream) out.push(b);
  return out;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
}

/** A FeatureSource straight from extractWindowedStream's rows: the reference the run's own sources must match. */
async function referenceSource(texts: readonly string[]): Promise<FeatureSource> {
  const enc = await loadBert(model, { threads: 1 });
  const rows = new Map<string, { tokens: Float32Array; length: number }>();
  const D = enc.hiddenSize;
  for (const b of await collect(extractWindowedStream(enc, texts, { ...opts, stride: STRIDE }))) {
    const T = b.mask.shape[1]!;
    b.indices.forEach((i, r) =>
      rows.set(texts[i]!, {
        tokens: (b.tokens!.data as Float32Array).slice(r * T * D, (r * T + b.lengths[r]!) * D),
        length: b.lengths[r]!,
      }),
    );
  }
  await enc.release();
  return {
    tokenDim: D,
    pooledDim: 0,
    prepare: async () => {},
    length: (t) => rows.get(t)!.length,
    async batch(ts, minLength): Promise<SourceBatch> {
      const T = Math.max(minLength, ...ts.map((t) => rows.get(t)!.length));
      const tokens = new Float32Array(ts.length * T * D);
      const mask = new Float32Array(ts.length * T);
      ts.forEach((t, b) => {
        tokens.set(rows.get(t)!.tokens, b * T * D);
        mask.fill(1, b * T, b * T + rows.get(t)!.length);
      });
      return {
        tokens: { dtype: 'float32', shape: [ts.length, T, D], data: tokens },
        mask: { dtype: 'float32', shape: [ts.length, T], data: mask },
      };
    },
  };
}

test('MemoryFeatureSource with windowStride hands the head extractWindowedStream features, not truncated ones', async () => {
  const enc = await loadBert(model, { threads: 1 });
  try {
    const windowed = new MemoryFeatureSource(enc, { ...opts, windowStride: STRIDE });
    const truncated = new MemoryFeatureSource(enc, opts);
    await windowed.prepare([long, 'ok']);
    await truncated.prepare([long, 'ok']);
    const [ref] = await collect(extractWindowedStream(enc, [long], { ...opts, stride: STRIDE }));
    const L = ref!.lengths[0]!;
    assert.ok(L > MAX_LENGTH, `the long text has ${L} tokens`);
    assert.equal(windowed.length(long), L);
    assert.equal(truncated.length(long), MAX_LENGTH);
    const w = await windowed.batch([long], 3);
    assert.deepEqual(w.tokens!.shape, [1, L, enc.hiddenSize]);
    assert.ok(
      maxDiff(w.tokens!.data as Float32Array, ref!.tokens!.data as Float32Array) <= 1e-6,
      'windowed tokens = extractWindowedStream',
    );
    assert.deepEqual([...(w.mask.data as Float32Array)], Array(L).fill(1));
    const t = await truncated.batch([long], 3);
    const D = enc.hiddenSize;
    // Same first window, but the truncated row ends in [SEP] after MAX_LENGTH − 2 tokens; the windowed row goes on.
    const last = (MAX_LENGTH - 1) * D;
    assert.ok(
      maxDiff(
        (w.tokens!.data as Float32Array).slice(last, last + D),
        (t.tokens!.data as Float32Array).slice(last, last + D),
      ) > 1e-3,
      'token MAX_LENGTH − 1 differs from the truncated [SEP]',
    );
    // A text that fits is the same either way.
    const [a, b] = [await windowed.batch(['ok'], 3), await truncated.batch(['ok'], 3)];
    assert.ok(
      maxDiff(a.tokens!.data as Float32Array, b.tokens!.data as Float32Array) <= 1e-6,
      'a short text is unchanged',
    );
  } finally {
    await enc.release();
  }
});

test("pooled heads get the windowed pooled vector (mean of the windows' [CLS], or mean over stitched tokens)", async () => {
  const enc = await loadBert(model, { threads: 1 });
  try {
    for (const pooling of ['cls', 'mean'] as const) {
      const o = { maxLength: MAX_LENGTH, pooling, outputs: 'pooled' } as const;
      const windowed = new MemoryFeatureSource(enc, { ...o, windowStride: STRIDE });
      const truncated = new MemoryFeatureSource(enc, o);
      await windowed.prepare([long]);
      await truncated.prepare([long]);
      const [ref] = await collect(extractWindowedStream(enc, [long], { ...o, stride: STRIDE }));
      const w = (await windowed.batch([long], 1)).pooled!.data as Float32Array;
      assert.ok(maxDiff(w, ref!.pooled!.data as Float32Array) <= 1e-6, pooling);
      assert.ok(maxDiff(w, (await truncated.batch([long], 1)).pooled!.data as Float32Array) > 1e-4, pooling);
    }
  } finally {
    await enc.release();
  }
});

const job = (out: string, extra: Partial<TrainJob['encoder']> = {}): TrainJob => ({
  out,
  trainFile: join(root, 'train.tsv'),
  devFile: join(root, 'dev.tsv'),
  testFile: join(root, 'test.tsv'),
  mode: 'frozen',
  encoder: { ref: model, maxLength: MAX_LENGTH, pooling: 'cls', ...extra },
  head: { kind: 'textcnn', options: { filters: 8, kernelSizes: [2, 3], dropout: 0 } },
  options: { epochs: 2, batchSize: 16, lr: 5e-3, seed: 1, evalBatchSize: 7 },
});

/** Texts longer than MAX_LENGTH and the windows they make, counted from untruncated token ids. */
async function expectedWindows(texts: readonly string[]): Promise<{ windowed: number; windows: number }> {
  const enc = await loadBert(model, { threads: 1 });
  const lengths = enc.tokenize(texts, { truncation: false }).lengths;
  await enc.release();
  let windowed = 0;
  let windows = 0;
  for (const L of lengths) {
    if (L <= MAX_LENGTH) continue;
    windowed++;
    windows += planWindows(L - 2, MAX_LENGTH - 2, STRIDE).length;
  }
  return { windowed, windows };
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

test('a windowed frozen run trains, records windowed texts, and eval/predict/serve reproduce its features', async () => {
  const out = join(root, 'run-windowed');
  const r = await runTrainingJob(job(out, { windowStride: STRIDE }), { onWarning: () => {} });
  assert.equal((await readRunConfig(out)).encoder.windowStride, STRIDE);
  const all = [...trainTexts, ...devTexts, ...testTexts];
  const want = await expectedWindows(all);
  assert.ok(want.windowed > 0 && want.windows > want.windowed, JSON.stringify(want));
  const saved = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  assert.deepEqual(saved.long_texts, { texts: all.length, max_length: MAX_LENGTH, window_stride: STRIDE, ...want });
  assert.deepEqual(r.metrics.long_texts, saved.long_texts);

  // eval on the dev file: exactly the scores training recorded for its best model.
  const ev = await evaluateFile(out, join(root, 'dev.tsv'));
  assert.deepEqual(ev.evaluation.scores.summary, pick(saved.dev!, Object.keys(ev.evaluation.scores.summary)));

  // predict: the head over independently windowed features (≤ 1e-5); a truncating copy of the run differs.
  const p = await predictWithRun(out, testTexts);
  const clf = await assembleClassifier(await readRunConfig(out), { runDir: out });
  const ref = await predict(
    frozenPipeline(await referenceSource(testTexts), clf.head, 'tokens'),
    clf.task,
    testTexts,
    5,
  );
  await clf.release();
  assert.ok(
    maxDiff(p.predictions.probabilities, ref.probabilities) <= 1e-5,
    `predict vs windowed reference: ${maxDiff(p.predictions.probabilities, ref.probabilities)}`,
  );
  const { windowStride: _w, ...enc } = r.config.encoder;
  const plain = await assembleClassifier(parseRunConfig({ ...r.config, encoder: enc }, 'test'), { runDir: out });
  await plain.source!.prepare(testTexts);
  const cut = await predict(plain.pipeline, plain.task, testTexts, 5);
  await plain.release();
  assert.ok(maxDiff(cut.probabilities, ref.probabilities) > 1e-4, 'truncated features give other probabilities');

  // serve builds its per-batch source with the same options.
  const served = await loadServedModel(out, { maxBatch: 4 });
  try {
    const got = await served.predict(testTexts);
    const C = p.task.labels.length;
    got.forEach((g, i) =>
      p.task.labels.forEach((l, c) =>
        assert.ok(
          Math.abs(
            (g as { probabilities: Record<string, number> }).probabilities[l]! -
              p.predictions.probabilities[i * C + c]!,
          ) <= 1e-5,
          `serve text ${i} ${l}`,
        ),
      ),
    );
  } finally {
    await served.close();
  }
});

test('an unwindowed run records its truncated texts', async () => {
  const r = await runTrainingJob(job(join(root, 'run-plain')), { onWarning: () => {} });
  const all = [...trainTexts, ...devTexts, ...testTexts];
  const want = await expectedWindows(all);
  assert.deepEqual(r.metrics.long_texts, { texts: all.length, max_length: MAX_LENGTH, truncated: want.windowed });
});

test('the persistent cache keeps windowed features in their own space; eval with the cache reproduces training', async () => {
  const cache = join(root, 'cache');
  const out = join(root, 'run-cached');
  const r = await runTrainingJob(job(out, { windowStride: STRIDE }), { onWarning: () => {} }, { cacheDir: cache });
  await runTrainingJob(job(join(root, 'run-cached-plain')), { onWarning: () => {} }, { cacheDir: cache });
  const spaces = listFeatureCaches(cache);
  assert.deepEqual(spaces.map((s) => s.windowStride).sort(), [STRIDE, undefined]);
  const enc = await loadBert(model, { threads: 1 });
  try {
    const windowed = new CachedFeatureSource(cache, enc, { ...opts, windowStride: STRIDE });
    const plain = new CachedFeatureSource(cache, enc, opts);
    await windowed.prepare([long]);
    await plain.prepare([long]);
    assert.ok(windowed.length(long) > MAX_LENGTH, `windowed cache row of ${windowed.length(long)} tokens`);
    assert.equal(plain.length(long), MAX_LENGTH, 'the unwindowed run still gets truncated features');
  } finally {
    await enc.release();
  }
  const ev = await evaluateFile(out, join(root, 'dev.tsv'), { cacheDir: cache });
  const dev = r.metrics.dev as Record<string, unknown>;
  assert.deepEqual(ev.evaluation.scores.summary, pick(dev, Object.keys(ev.evaluation.scores.summary)));
  const [a, b] = [await predictWithRun(out, testTexts, { cacheDir: cache }), await predictWithRun(out, testTexts)];
  assert.ok(
    maxDiff(a.predictions.probabilities, b.predictions.probabilities) <= 1e-2,
    'cache (fp16) ≈ memory features',
  );
});

test('windowStride is refused outside frozen encoder features, and when it cannot advance', async () => {
  const bad = async (j: TrainJob, re: RegExp) => assert.rejects(runTrainingJob(j, { onWarning: () => {} }), re);
  await bad(
    { ...job(join(root, 'x1'), { windowStride: STRIDE }), mode: 'finetune', head: { kind: 'linear' } },
    /windowStride applies to mode 'frozen' only/,
  );
  await bad(
    { ...job(join(root, 'x2'), { windowStride: STRIDE }), mode: 'ids', head: { kind: 'cnn-alone' } },
    /windowStride: head cnn-alone reads token ids/,
  );
  await bad(job(join(root, 'x3'), { windowStride: MAX_LENGTH - 2 }), /windowStride must be an integer in 0\.\.9/);
  const raw = JSON.parse(readFileSync(join(root, 'run-windowed', 'config.json'), 'utf8')) as Record<string, unknown>;
  assert.throws(
    () => parseRunConfig({ ...raw, mode: 'finetune' }, 'cfg'),
    /encoder\.windowStride applies to mode 'frozen' only/,
  );
});
