// `bertcnn embed` end to end through main(argv) (in process): a generated tiny BERT and a small TSV in a temp
// folder → a cache whose features match direct extraction; a second run embeds nothing; the input file is
// untouched; a GLUE-style header file by column name; error exits: missing input (1, names the file), bad flag
// values and missing required flags (2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { generateBertCheckpoint } from '../../src/encoders/bert/generate.ts';
import { loadBert } from '../../src/encoders/bert/load.ts';
import { FeatureCache } from '../../src/features/feature-cache.ts';
import { readSafetensors, writeSafetensors } from '../../src/io/safetensors.ts';
import { tempDir } from '../encoders/helpers.ts';

const root = tempDir('cli-embed');
const model = join(root, 'bert');
await generateBertCheckpoint(model, {
  layers: 2,
  hidden: 32,
  heads: 2,
  ffn: 64,
  maxPositions: 64,
  vocab: 'bert-base-uncased',
  seed: 4,
});
const rows = [
  'pos\ta fine film',
  'neg\tdull and slow',
  'pos\tthe cast is superb',
  'neg\t   ',
  'pos\ta fine film',
  `neg\t${'very '.repeat(40)}long`,
];
const tsv = join(root, 'data.tsv');
writeFileSync(tsv, `${rows.join('\n')}\n`);

/** Runs the CLI in this process, capturing console.log (the commands' stdout) and stderr. The test runner's own
 *  channel is process.stdout, so that is left alone. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const [log, write] = [console.log, process.stderr.write];
  console.log = (...a: unknown[]) => {
    out += `${a.join(' ')}\n`;
  };
  process.stderr.write = ((s: string | Uint8Array) => {
    err += String(s);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await main(['node', 'bertcnn', ...args]);
    return { code, out, err };
  } finally {
    console.log = log;
    process.stderr.write = write;
  }
}

const base = ['embed', '--encoder', model, '--input', tsv, '--threads', '1', '--max-length', '16'];

test('embed: first run embeds the distinct texts, a second run none; the cache serves direct-equal features', async () => {
  const out = join(root, 'cache');
  const before = readFileSync(tsv);
  const r1 = await run(...base, '--out', out, '--layers', '-2,-1', '--combine', 'sum', '--pooling', 'mean', '--json');
  assert.equal(r1.code, 0, r1.err);
  const s1 = JSON.parse(r1.out) as Record<string, unknown>;
  assert.equal(s1.texts, 5);
  assert.equal(s1.unique, 4);
  assert.equal(s1.new, 4);
  assert.equal(s1.cached, 0);
  assert.equal(s1.truncated, 1);
  assert.equal(s1.skipped_empty, 1);
  assert.equal(s1.layers, '-2,-1'); // as given and as train records it, not the space key '1,2:sum'
  assert.equal(s1.combine, 'sum');
  assert.ok(typeof s1.peak_rss_mb === 'number' && s1.peak_rss_mb > 0);
  assert.ok(typeof s1.sentences_per_s === 'number' && s1.sentences_per_s > 0);

  const r2 = await run(...base, '--out', out, '--layers', '-2,-1', '--combine', 'sum', '--pooling', 'mean', '--json');
  const s2 = JSON.parse(r2.out) as Record<string, unknown>;
  assert.deepEqual([s2.new, s2.cached, s2.truncated, s2.space], [0, 4, 1, s1.space]);
  assert.deepEqual(readFileSync(tsv), before, 'the input file is never modified');

  const enc = await loadBert(model, { threads: 1 });
  const opts = { layers: { layers: [-2, -1], combine: 'sum' as const }, pooling: 'mean' as const, maxLength: 16 };
  const cache = await FeatureCache.open(out, enc, { ...opts, readOnly: true });
  assert.equal(cache.spaceId, s1.space);
  const texts = ['a fine film', 'dull and slow', 'the cast is superb'];
  const got = cache.dataset(texts).batch([0, 1, 2]);
  const direct = await enc.extract(texts, opts);
  const [x, y] = [got.pooled!.data as Float32Array, direct.pooled!.data as Float32Array];
  assert.ok(x.every((v, i) => Math.abs(v - y[i]!) <= 1e-3 * Math.abs(y[i]!) + 1e-6));
  cache.close();
});

test('embed: human-readable summary, and a header file read by column name', async () => {
  const glue = join(root, 'glue.tsv');
  writeFileSync(glue, 'sentence\tlabel\nit is good \t1\nit is bad \t0\n');
  const r = await run(
    'embed',
    '--model',
    model,
    '--input',
    glue,
    '--out',
    join(root, 'c2'),
    '--text-column',
    'sentence',
    '--threads',
    '1',
    '--max-length',
    '64', // the default, train's 128, is beyond this model's 64 positions (see the exit-2 test)
  );
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /embedded 2 new text\(s\), 0 already cached \(2 texts, 2 distinct\)/);
  assert.match(r.out, /sentences\/s.*peak RSS \d+(\.\d+)? MB/);
  assert.match(r.err, /read 2 texts from/);
  const quiet = await run(
    'embed',
    '--model',
    model,
    '--input',
    glue,
    '--out',
    join(root, 'c2'),
    '--text-column',
    'sentence',
    '--max-length',
    '64',
    '--quiet',
  );
  assert.deepEqual([quiet.code, quiet.out, quiet.err], [0, '', '']);
});

test('embed --window-stride: long texts are stored whole (windowed, not truncated) in their own space', async () => {
  const out = join(root, 'cache-w');
  const r = await run(...base, '--out', out, '--window-stride', '4', '--pooling', 'cls', '--json');
  assert.equal(r.code, 0, r.err);
  const s = JSON.parse(r.out) as Record<string, unknown>;
  assert.deepEqual([s.new, s.truncated, s.windowed, s.window_stride], [4, 0, 1, 4]);
  const plain = JSON.parse((await run(...base, '--out', out, '--pooling', 'cls', '--json')).out) as Record<
    string,
    unknown
  >;
  assert.notEqual(plain.space, s.space, 'windowed and truncated features never share a space');
  assert.deepEqual([plain.new, plain.truncated, plain.windowed, plain.window_stride], [4, 1, 0, null]);
  const enc = await loadBert(model, { threads: 1 });
  const cache = await FeatureCache.open(out, enc, { pooling: 'cls', maxLength: 16, windowStride: 4, readOnly: true });
  const long = `${'very '.repeat(40)}long`;
  const got = cache.dataset([long, 'a fine film']).batch([0, 1]);
  assert.deepEqual(
    [...got.lengths],
    [enc.tokenize([long], { truncation: false }).lengths[0], 5],
    'all 43 tokens of the long text',
  );
  cache.close();
  const human = await run(...base, '--out', out, '--window-stride', '4', '--pooling', 'cls');
  assert.match(human.out, /longer than 16 tokens, embedded in windows sharing 4 tokens: 1/);
});

test('embed: a missing input file exits 1 naming it; bad flags exit 2', async () => {
  const missing = join(root, 'nope.tsv');
  const r = await run('embed', '--model', model, '--input', missing, '--out', join(root, 'c3'));
  assert.equal(r.code, 1);
  assert.ok(r.err.includes(missing), r.err);
  assert.match(r.err, /not found/);
  const bad: string[][] = [
    ['--precision', 'fp8'],
    ['--layers', 'top'],
    ['--combine', 'max', '--layers', '-2,-1'],
    ['--pooling', 'max'],
    ['--max-length', '0'],
    ['--batch-size', 'many'],
    ['--no-tokens'],
    ['--layers', '7'], // the model has hidden states 0..2
    ['--max-length', '999'], // above max_position_embeddings
    ['--window-stride', '14'], // windows of 16 hold 14 text tokens: the stride must be below that
    ['--window-stride', 'x'],
  ];
  for (const flags of bad) {
    const b = await run(...base, '--out', join(root, 'c4'), ...flags);
    assert.equal(b.code, 2, `${flags.join(' ')}: ${b.err}`);
    assert.match(b.err, /bertcnn: /, flags.join(' '));
  }
  assert.equal((await run('embed', '--model', model, '--out', join(root, 'c5'))).code, 2, 'missing --input');
  const tooLong = await run('embed', '--model', model, '--input', tsv, '--out', join(root, 'c7'));
  assert.equal(tooLong.code, 2, tooLong.err);
  assert.match(
    tooLong.err,
    /--max-length: the default 128 \(train's\) is beyond .*'s 64 positions; give --max-length 64/,
  );
  const notModel = await run('embed', '--model', join(root, 'no-model'), '--input', tsv, '--out', join(root, 'c6'));
  assert.equal(notModel.code, 1);
  assert.ok(notModel.err.includes('no-model'), notModel.err);
});

test('embed refuses an encoder with a NaN weight (exit 1, tensor and file named); --allow-non-finite-weights loads it', async () => {
  const dir = join(root, 'nan-bert');
  await generateBertCheckpoint(dir, {
    layers: 1,
    hidden: 32,
    heads: 2,
    ffn: 64,
    maxPositions: 64,
    vocab: 'bert-base-uncased',
    seed: 5,
  });
  const file = join(dir, 'model.safetensors');
  const { tensors } = await readSafetensors(file);
  (tensors['encoder.layer.0.output.dense.weight']!.data as Float32Array)[0] = Number.NaN;
  await writeSafetensors(file, tensors);
  const args = ['embed', '--model', dir, '--input', tsv, '--threads', '1', '--max-length', '16', '--quiet'];
  const refused = await run(...args, '--out', join(root, 'nan-cache-1'));
  assert.equal(refused.code, 1);
  assert.match(
    refused.err,
    /model\.safetensors: tensor 'encoder\.layer\.0\.output\.dense\.weight' holds a non-finite value \(NaN/,
  );
  const allowed = await run(...args, '--out', join(root, 'nan-cache-2'), '--allow-non-finite-weights');
  assert.equal(allowed.code, 0, allowed.err);
});
