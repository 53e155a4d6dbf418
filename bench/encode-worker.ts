// Child process of `npm run bench -- encode` (bench/encode.ts), one per precision so each peak RSS is its own.
// Prints one JSON line per figure on stdout; the parent adds PyTorch's figures and the ratios. --data = train.tsv.
//   --case forward  --model DIR --precision fp32|int8: random ids 32×128 and 1×32 (mask all ones) through the
//                   frozen path (last hidden state + pooler, like torch's BertModel forward), then SST-2 sentences
//                   (the first --subset of train.tsv) with length bucketing vs every batch padded to 128 (the first
//                   --padded of them: the padded cost per sentence does not depend on the sentence).
//                   --shapes-only skips the SST-2 figures (the later rounds of --rounds).
//   --case cache    --model DIR: the whole SST-2-GLUE train set through the feature cache (fp32, last layer):
//                   cold embed wall time, warm re-run, one epoch of batches of 32 read back; peak RSS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExamples } from '../src/data/read.ts';
import { FeatureCache } from '../src/features/feature-cache.ts';
import type { EncodedInputs, FeatureOptions, Precision } from '../src/encoders/encoder.ts';
import { loadEncoder } from '../src/encoders/load.ts';
import type { TransformerEncoder } from '../src/encoders/transformer.ts';
import { Rng } from '../src/engine/rng.ts';
import { emit, peakRssMb, round, summarize, timeSteps } from './common.ts';

const args = process.argv.slice(2);
const arg = (name: string, d: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : d);
const num = (name: string, d: number) => Number(arg(name, String(d)));
const threads = num('--threads', 2);
const precision = arg('--precision', 'fp32') as Precision;
const spec: FeatureOptions = { precision, pooling: 'pooler', outputs: 'both' };

async function sst2(limit: number): Promise<string[]> {
  const { examples } = await readExamples(arg('--data', ''), { textColumn: 'sentence', labelColumn: null });
  return examples.slice(0, limit).map((e) => e.text);
}

function randomBatch(B: number, T: number, rng: Rng): EncodedInputs {
  const rows = (f: () => number) => Array.from({ length: B }, () => Int32Array.from({ length: T }, f));
  return { inputIds: rows(() => 1000 + rng.int(29000)), attentionMask: rows(() => 1) };
}

/** Rows padded to exactly T (mask 0 on padding). */
function paddedTo(enc: TransformerEncoder, texts: string[], T: number): EncodedInputs {
  const b = enc.tokenize(texts, { maxLength: T });
  const pad = (rows: Int32Array[]) => rows.map((r) => Int32Array.from({ length: T }, (_, t) => r[t] ?? 0));
  return { inputIds: pad(b.inputIds), attentionMask: pad(b.attentionMask), tokenTypeIds: pad(b.tokenTypeIds) };
}

async function forward(model: string): Promise<void> {
  const enc = await loadEncoder(model, { threads });
  const rng = new Rng(1);
  const tag = { precision, threads };
  for (const [B, T, warmup, steps] of [
    [32, 128, num('--warmup', 1), num('--steps', 3)],
    [1, 32, 3, 20],
  ] as const) {
    const batch = randomBatch(B, T, rng);
    const ms = await timeSteps(() => enc.extractEncoded(batch, spec), warmup, steps);
    const fig = summarize(`encode_${B}x${T}`, ms, 'ms', tag);
    emit({ ...fig, sentences_per_s: round(B / (fig.median / 1000)) });
  }
  if (args.includes('--shapes-only')) return void (await enc.release());
  const texts = await sst2(num('--subset', 2000));
  const tokens = enc.tokenize(texts, {}).lengths.reduce((s, n) => s + n, 0);
  const t0 = performance.now();
  await enc.extract(texts, { ...spec, batchSize: 32 });
  const s = (performance.now() - t0) / 1000;
  const common = { ...tag, unit: 'sentences/s', sentences: texts.length, mean_tokens: round(tokens / texts.length) };
  emit({
    name: 'encode_sst2_bucketed',
    value: round(texts.length / s),
    seconds: round(s),
    ...common,
    peak_rss_mb: round(peakRssMb()),
  });
  const padded = texts.slice(0, num('--padded', 256));
  const t1 = performance.now();
  for (let i = 0; i < padded.length; i += 32)
    await enc.extractEncoded(paddedTo(enc, padded.slice(i, i + 32), 128), spec);
  const p = (performance.now() - t1) / 1000;
  emit({
    name: 'encode_sst2_padded128',
    value: round(padded.length / p),
    seconds: round(p),
    ...common,
    sentences: padded.length,
    peak_rss_mb: round(peakRssMb()),
  });
  await enc.release();
}

async function cache(model: string): Promise<void> {
  const texts = await sst2(Infinity);
  const dir = mkdtempSync(join(tmpdir(), 'bertcnn-bench-cache-'));
  try {
    const enc = await loadEncoder(model, { threads });
    const c = await FeatureCache.open(dir, enc, {});
    const cold = await c.embed(texts, { batchSize: 32 });
    const tag = { threads, sentences: texts.length, unique: cold.unique, dim: c.spec.tokenDim };
    emit({
      name: 'cache_embed_sst2_train',
      value: round(cold.seconds),
      unit: 's',
      sentences_per_s: round(cold.embedded / cold.seconds),
      ...tag,
      peak_rss_mb: round(peakRssMb()),
    });
    const warm = await c.embed(texts);
    emit({
      name: 'cache_rerun_sst2_train',
      value: round(warm.seconds),
      unit: 's',
      new: warm.embedded,
      ...tag,
      peak_rss_mb: round(peakRssMb()),
    });
    const ds = c.dataset(texts);
    const order = new Rng(3).shuffle(Array.from({ length: texts.length }, (_, i) => i));
    const t0 = performance.now();
    let values = 0;
    for (let i = 0; i < order.length; i += 32) values += ds.batch(order.slice(i, i + 32)).tokens!.data.length;
    const s = (performance.now() - t0) / 1000;
    emit({
      name: 'cache_read_epoch_sst2_train',
      value: round(s),
      unit: 's',
      batch: 32,
      sentences_per_s: round(texts.length / s),
      padded_values_per_s: round(values / s),
      ...tag,
      peak_rss_mb: round(peakRssMb()),
    });
    c.close();
    await enc.release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const which = arg('--case', '');
if (which === 'forward') await forward(arg('--model', ''));
else if (which === 'cache') await cache(arg('--model', ''));
else throw new Error(`encode-worker: unknown --case ${which}`);
