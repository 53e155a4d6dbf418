// generateBertCheckpoint writes a complete, valid Hugging Face folder: the real bert-base-uncased vocab (or the
// tiny one), a config that round-trips, BertModel-named F32 tensors, and the same bytes for the same seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateBertCheckpoint } from '../../../src/encoders/bert/generate.ts';
import { openCheckpoint } from '../../../src/io/checkpoint.ts';
import { TINY_VOCAB } from '../../../src/encoders/hf-folder.ts';
import { tempDir } from '../helpers.ts';

test('generated folder: config, vocab, tokenizer config and weights', async () => {
  const root = tempDir('gen');
  const g = await generateBertCheckpoint(join(root, 'a'), {
    layers: 2,
    hidden: 64,
    heads: 4,
    ffn: 128,
    vocab: 'bert-base-uncased',
  });
  assert.equal(g.config.vocab_size, 30522);
  const vocab = readFileSync(join(root, 'a', 'vocab.txt'), 'utf8').split('\n');
  assert.deepEqual(
    [vocab[0], vocab[100], vocab[101], vocab[102], vocab[1996]],
    ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'the'],
  );
  const ckpt = await openCheckpoint(join(root, 'a'));
  assert.equal(ckpt.config.hidden_size, 64);
  assert.deepEqual(Object.keys(ckpt.tokenizerFiles).sort(), ['tokenizer_config.json', 'vocab.txt']);
  assert.equal(ckpt.weights.names.length, 5 + 2 * 16 + 2);
  assert.deepEqual(ckpt.weights.info('embeddings.word_embeddings.weight').shape, [30522, 64]);
  assert.deepEqual(ckpt.weights.info('encoder.layer.1.intermediate.dense.weight').shape, [128, 64]);
  assert.equal(ckpt.weights.info('pooler.dense.weight').dtype, 'F32');
  await ckpt.close();

  await generateBertCheckpoint(join(root, 'b'), { seed: 4 });
  await generateBertCheckpoint(join(root, 'c'), { seed: 4 });
  const bytes = (d: string) => readFileSync(join(root, d, 'model.safetensors'));
  assert.ok(bytes('b').equals(bytes('c')), 'same seed → same file');
  assert.equal(readFileSync(join(root, 'b', 'vocab.txt'), 'utf8'), `${TINY_VOCAB.join('\n')}\n`);
});
