// Hostile model folders (issue #17): config.json size fields far beyond the weights, more layers than the
// checkpoint holds, a vocabulary longer than the embedding matrix (vocab.txt and tokenizer.json), NaN/Inf
// weights. Each must fail fast — checked against the safetensors header before anything is allocated — with an
// error naming the file and the field (or tensor). Folders are generated tiny at test time and then corrupted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateBertCheckpoint } from '../../src/encoders/bert/generate.ts';
import { generateDistilBertCheckpoint } from '../../src/encoders/distilbert/generate.ts';
import { loadEncoder } from '../../src/encoders/load.ts';
import { DataError } from '../../src/errors.ts';
import { readSafetensors, writeSafetensors } from '../../src/io/safetensors.ts';
import { buildBertTokenizerJson } from '../../src/tokenize/tokenizer-json.ts';
import { tempDir } from './helpers.ts';

const root = tempDir('hostile');
const quiet = { threads: 1, onWarning: () => {} };
const small = { layers: 2, hidden: 32, heads: 4, ffn: 64, maxPositions: 32, seed: 3 };

async function bertFolder(name: string): Promise<string> {
  const dir = join(root, name);
  await generateBertCheckpoint(dir, small);
  return dir;
}

function patchConfig(dir: string, patch: Record<string, unknown>): void {
  const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...cfg, ...patch }));
}

/** Loading `dir` fails within 2 s, without growing the heap by 200 MB, with a DataError matching `re`. */
async function rejectsFast(dir: string, re: RegExp, opts = {}): Promise<void> {
  const t0 = performance.now();
  const rss0 = process.memoryUsage().rss;
  await assert.rejects(loadEncoder(dir, { ...quiet, ...opts }), (e: Error) => {
    assert.ok(e instanceof DataError, `expected a DataError, got ${e.name}: ${e.message}`);
    assert.match(e.message, re);
    return true;
  });
  assert.ok(performance.now() - t0 < 2000, `took ${performance.now() - t0} ms`);
  assert.ok(process.memoryUsage().rss - rss0 < 200e6, 'allocated before checking');
}

const hostile: [string, number, RegExp][] = [
  ['num_hidden_layers', 1_000_000, /config\.json: num_hidden_layers is 1000000 but .*model\.safetensors holds 2 layer/],
  [
    'hidden_size',
    1e9,
    /config\.json: hidden_size is 1000000000 but tensor 'embeddings\.word_embeddings\.weight' in .*model\.safetensors has shape \[\d+, 32\]/,
  ],
  [
    'intermediate_size',
    1e9,
    /config\.json: intermediate_size is 1000000000 but tensor 'encoder\.layer\.0\.intermediate\.dense\.weight' .* \[64, 32\]/,
  ],
  [
    'max_position_embeddings',
    1e9,
    /config\.json: max_position_embeddings is 1000000000 but tensor 'embeddings\.position_embeddings\.weight' .* \[32, 32\]/,
  ],
  ['vocab_size', 2 ** 40, /config\.json: vocab_size is 1099511627776 but tensor 'embeddings\.word_embeddings\.weight'/],
];

for (const [field, value, re] of hostile) {
  test(`BERT config.json ${field} = ${value}: refused before allocation, naming the file and the field`, async () => {
    const dir = await bertFolder(`bert-${field}`);
    // hidden_size must stay a multiple of the heads for the schema; 1e9 is (heads 4).
    patchConfig(dir, { [field]: value });
    await rejectsFast(dir, re);
  });
}

test('num_hidden_layers one more than the weights hold: the error names both numbers', async () => {
  const dir = await bertFolder('bert-layers-3');
  patchConfig(dir, { num_hidden_layers: 3 });
  await rejectsFast(dir, /num_hidden_layers is 3 but .*model\.safetensors holds 2 layer\(s\)/);
});

test('without the tensor to compare against (allowMissing), a field above the cap is refused by name', async () => {
  const dir = await bertFolder('bert-cap');
  const { tensors } = await readSafetensors(join(dir, 'model.safetensors'));
  delete tensors['embeddings.token_type_embeddings.weight'];
  await writeSafetensors(join(dir, 'model.safetensors'), tensors);
  patchConfig(dir, { type_vocab_size: 1e9 });
  await rejectsFast(dir, /config\.json: type_vocab_size is 1000000000, above the limit of \d+/, { allowMissing: true });
});

test('DistilBERT n_layers / dim / hidden_dim far beyond the weights are refused by field', async () => {
  for (const [field, value, re] of [
    ['n_layers', 1_000_000, /config\.json: n_layers is 1000000 but .* holds 2 layer/],
    ['dim', 1e9, /config\.json: dim is 1000000000 but tensor 'embeddings\.word_embeddings\.weight'/],
    ['hidden_dim', 1e9, /config\.json: hidden_dim is 1000000000 but tensor 'transformer\.layer\.0\.ffn\.lin1\.weight'/],
  ] as const) {
    const dir = join(root, `distil-${field}`);
    await generateDistilBertCheckpoint(dir, { layers: 2, dim: 32, heads: 4, hiddenDim: 64, maxPositions: 32 });
    patchConfig(dir, { [field]: value });
    await rejectsFast(dir, re);
  }
});

test('a vocab.txt longer than the embedding matrix is refused naming vocab.txt (not a Gather error later)', async () => {
  const dir = await bertFolder('long-vocab');
  const vocab = readFileSync(join(dir, 'vocab.txt'), 'utf8');
  const rows = vocab.trimEnd().split('\n').length;
  writeFileSync(join(dir, 'vocab.txt'), `${vocab}extra1\nextra2\n`);
  await rejectsFast(
    dir,
    new RegExp(
      `vocab\\.txt: the vocabulary has ${rows + 2} tokens but the embedding matrix 'embeddings\\.word_embeddings\\.weight' has only ${rows} rows`,
    ),
  );
});

test('a tokenizer.json vocabulary longer than the embedding matrix is refused naming tokenizer.json', async () => {
  const dir = await bertFolder('long-tokenizer-json');
  const lines = readFileSync(join(dir, 'vocab.txt'), 'utf8').trimEnd().split('\n');
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(buildBertTokenizerJson([...lines, 'zzz'])));
  await rejectsFast(
    dir,
    /tokenizer\.json: the vocabulary has \d+ tokens but the embedding matrix .* has only \d+ rows/,
  );
});

for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
  test(`a ${bad} weight is refused naming the tensor and the file; allowNonFinite loads it`, async () => {
    const dir = await bertFolder(`nonfinite-${bad}`);
    const file = join(dir, 'model.safetensors');
    const { tensors } = await readSafetensors(file);
    (tensors['encoder.layer.1.output.dense.weight']!.data as Float32Array)[5] = bad;
    await writeSafetensors(file, tensors);
    await rejectsFast(
      dir,
      new RegExp(
        `model\\.safetensors: tensor 'encoder\\.layer\\.1\\.output\\.dense\\.weight' holds a non-finite value \\(${bad} at flat index 5\\)`,
      ),
    );
    const enc = await loadEncoder(dir, { ...quiet, allowNonFinite: true });
    await enc.release();
  });
}
