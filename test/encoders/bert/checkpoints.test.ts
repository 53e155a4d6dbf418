// Checkpoint variants through the BERT loader, on folders generated at test time (generate.ts):
// `bert.`-prefixed BertFor* weights, extra head tensors reported as unused, a config/weight shape mismatch, a
// missing pooler (initialised + reported), missing encoder weights (refused), and a MiniLM-style
// sentence-transformers folder (extra config fields, position_ids buffer, mean pooling, max_seq_length).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateBertCheckpoint } from '../../../src/encoders/bert/generate.ts';
import { loadBert } from '../../../src/encoders/bert/load.ts';
import { loadEncoder } from '../../../src/encoders/load.ts';
import { DataError } from '../../../src/errors.ts';
import { readSafetensors, writeSafetensors } from '../../../src/io/safetensors.ts';
import { assertNear, tempDir } from '../helpers.ts';

const root = tempDir('bert-ckpt');
const small = { layers: 2, hidden: 32, heads: 4, ffn: 64, maxPositions: 32, seed: 7 };
const texts = ['the movie was great', '', 'bad plot'];
const quiet = { threads: 1, onWarning: () => {} };

test("a 'bert.'-prefixed checkpoint with head tensors loads like the plain one; extras are reported", async () => {
  await generateBertCheckpoint(join(root, 'plain'), small);
  await generateBertCheckpoint(join(root, 'prefixed'), {
    ...small,
    prefix: 'bert.',
    extraTensors: {
      'classifier.weight': { dtype: 'F32', shape: [2, 32], data: new Float32Array(64) },
      'classifier.bias': { dtype: 'F32', shape: [2], data: new Float32Array(2) },
    },
  });
  const messages: string[] = [];
  const a = await loadBert(join(root, 'plain'), quiet);
  const b = await loadBert(join(root, 'prefixed'), { threads: 1, onWarning: (m) => messages.push(m) });
  assert.deepEqual(b.report.missing, []);
  assert.deepEqual(b.report.unexpected.sort(), ['classifier.bias', 'classifier.weight']);
  assert.equal(messages.length, 1);
  assert.match(
    messages[0]!,
    /were not used when initializing BertModel: \['classifier\.(weight|bias)', 'classifier\.(weight|bias)'\]/,
  );
  const fa = await a.extract(texts);
  const fb = await b.extract(texts);
  assertNear(fb.tokens!.data as Float32Array, fa.tokens!.data as Float32Array, 0, 'tokens');
  assertNear(fb.pooled!.data as Float32Array, fa.pooled!.data as Float32Array, 0, 'pooled');
  await a.release();
  await b.release();
});

test('config/weight shape disagreement names the tensor and both shapes', async () => {
  const dir = join(root, 'mismatch');
  await generateBertCheckpoint(dir, small);
  const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...cfg, intermediate_size: 48 }));
  await assert.rejects(loadBert(dir, quiet), (e: Error) => {
    assert.ok(e instanceof DataError);
    // Caught from the safetensors header before the model is built (src/encoders/check-sizes.ts).
    assert.match(
      e.message,
      /config\.json: intermediate_size is 48 but tensor 'encoder\.layer\.0\.intermediate\.dense\.weight' in .*model\.safetensors has shape \[64, 32\]/,
    );
    return true;
  });
});

test('a checkpoint without the pooler loads: pooler initialised, reported, default pooling cls', async () => {
  const dir = join(root, 'nopooler');
  await generateBertCheckpoint(dir, { ...small, pooler: false });
  const messages: string[] = [];
  const enc = await loadBert(dir, { threads: 1, onWarning: (m) => messages.push(m) });
  assert.deepEqual(enc.report.missing, ['pooler.dense.weight', 'pooler.dense.bias']);
  assert.match(
    messages.join('\n'),
    /Some weights of BertModel were not initialized from the model checkpoint at .* and are newly initialized: \['pooler\.dense\.weight', 'pooler\.dense\.bias'\]/,
  );
  assert.equal(enc.defaultPooling, 'cls');
  assert.ok(enc.model.pooler.bias!.data.every((v) => v === 0));
  assert.ok(enc.model.pooler.weight.data.some((v) => v !== 0));
  const f = await enc.extract(texts, { pooling: 'pooler' });
  assert.ok((f.pooled!.data as Float32Array).every(Number.isFinite));
  await enc.release();
});

test('missing encoder weights are refused (or accepted and reported with allowMissing)', async () => {
  const dir = join(root, 'holes');
  await generateBertCheckpoint(dir, small);
  const { tensors } = await readSafetensors(join(dir, 'model.safetensors'));
  delete tensors['encoder.layer.1.output.dense.weight'];
  await writeSafetensors(join(dir, 'model.safetensors'), tensors);
  await assert.rejects(
    loadBert(dir, quiet),
    /1 weight\(s\) of BertModel are not in the checkpoint: 'encoder\.layer\.1\.output\.dense\.weight'/,
  );
  const enc = await loadBert(dir, { ...quiet, allowMissing: true });
  assert.deepEqual(enc.report.missing, ['encoder.layer.1.output.dense.weight']);
});

test('MiniLM-style sentence-transformers folder (all-MiniLM-L6-v2 layout) loads through loadEncoder', async () => {
  const dir = join(root, 'minilm');
  const P = 32;
  await generateBertCheckpoint(dir, {
    layers: 2,
    hidden: 48,
    heads: 12,
    ffn: 192,
    maxPositions: P,
    vocab: 'bert-base-uncased',
    config: {
      _name_or_path: 'nreimers/MiniLM-L6-H384-uncased',
      gradient_checkpointing: false,
      transformers_version: '4.8.2',
      use_cache: true,
      classifier_dropout: null,
    },
    extraTensors: {
      'embeddings.position_ids': {
        dtype: 'I64',
        shape: [1, P],
        data: BigInt64Array.from({ length: P }, (_, i) => BigInt(i)),
      },
    },
    sentenceTransformers: { pooling: 'mean', maxSeqLength: 16 },
  });
  const messages: string[] = [];
  const enc = await loadEncoder(dir, { threads: 1, onWarning: (m) => messages.push(m) });
  assert.equal(enc.modelType, 'bert');
  assert.deepEqual(messages, []); // position_ids is ignored, as transformers does
  assert.equal(enc.defaultPooling, 'mean');
  assert.equal(enc.maxLength, 16);
  assert.equal(enc.hiddenSize, 48);
  const long = Array.from({ length: 40 }, () => 'movie').join(' ');
  const f = await enc.extract(['a sentence embedding', long, '']);
  assert.equal(f.truncated, 1);
  assert.deepEqual([...f.lengths], [7, 16, 2]); // [CLS] a sentence em ##bed ##ding [SEP]
  assert.deepEqual(f.pooled!.shape, [3, 48]);
  const ids = enc.tokenize(['a sentence embedding']).inputIds[0]!;
  assert.deepEqual([...ids], [101, 1037, 6251, 7861, 8270, 4667, 102]); // real bert-base-uncased ids
  await enc.release();
});
