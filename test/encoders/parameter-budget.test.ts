// Regression tests for what fuzzing config.json found (test/fuzz/targets/model.ts, target model-config): with the
// sized tensors absent (allowMissing), each field under its cap still multiplied to 6.9e10-element matrices
// (RangeError "Invalid typed array length"); hidden_size was checked against the word embeddings only; and a
// field left to its default (max_position_embeddings 512) was never compared with the weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bertConfig, bertParameterCount } from '../../src/encoders/bert/config.ts';
import { checkBertSizes } from '../../src/encoders/bert/load.ts';
import { BertModel } from '../../src/encoders/bert/model.ts';
import { distilBertConfig, distilBertParameterCount } from '../../src/encoders/distilbert/config.ts';
import { checkDistilBertSizes } from '../../src/encoders/distilbert/load.ts';
import { DistilBertModel } from '../../src/encoders/distilbert/model.ts';
import type { OpenedModel } from '../../src/encoders/open.ts';
import { Rng } from '../../src/engine/rng.ts';
import { DataError } from '../../src/errors.ts';

/** An opened folder whose checkpoint header holds `shapes` (size checks read nothing else). */
function opened(config: Record<string, unknown>, shapes: Record<string, number[]>): OpenedModel {
  const weights = {
    names: Object.keys(shapes),
    info: (n: string) => ({ dtype: 'F32', shape: shapes[n]!, dataOffsets: [0, 0] }),
  };
  const ckpt = { weights, weightFiles: ['model.safetensors'], config };
  return { dir: 'm', ckpt, tokenizer: { vocabSize: 10, source: 'm/vocab.txt' } } as unknown as OpenedModel;
}
const refused = (f: () => void, re: RegExp) =>
  assert.throws(f, (e: Error) => e instanceof DataError && re.test(e.message), `expected ${re}`);

test('the parameter counts equal the models’ own parameters', () => {
  const c = bertConfig({
    vocab_size: 50,
    hidden_size: 8,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    intermediate_size: 12,
    max_position_embeddings: 16,
  });
  const size = (m: BertModel | DistilBertModel) => m.parameters().reduce((n, p) => n + p.data.length, 0);
  assert.equal(bertParameterCount(c), size(new BertModel('', c, new Rng(0))));
  const d = distilBertConfig({
    vocab_size: 50,
    dim: 8,
    n_layers: 2,
    n_heads: 2,
    hidden_dim: 12,
    max_position_embeddings: 16,
  });
  assert.equal(distilBertParameterCount(d), size(new DistilBertModel('', d, new Rng(0))));
  assert.equal(bertParameterCount(bertConfig({})), 109_482_240); // bert-base-uncased
});

test('no tensors to check against: fields under their caps but 7e10 parameters together are refused', () => {
  const big = {
    vocab_size: 4_194_304,
    hidden_size: 16_384,
    num_hidden_layers: 1,
    num_attention_heads: 1,
    intermediate_size: 1,
  };
  refused(() => checkBertSizes(opened(big, {})), /^m\/config\.json: these sizes make a model of 7\.01e\+10 parameters/);
  const d = { vocab_size: 4_194_304, dim: 16_384, n_layers: 1, n_heads: 1, hidden_dim: 1 };
  refused(() => checkDistilBertSizes(opened(d, {})), /^m\/config\.json: these sizes make a model of .* parameters/);
  checkBertSizes(opened({ ...big, vocab_size: 30_522, hidden_size: 768 }, {})); // bert-base-like: accepted
});

test('hidden_size is checked against the position embeddings when the word embeddings are absent', () => {
  const cfg = {
    vocab_size: 30,
    hidden_size: 256,
    num_hidden_layers: 1,
    num_attention_heads: 2,
    intermediate_size: 16,
    max_position_embeddings: 12,
  };
  const shapes = { 'bert.embeddings.position_embeddings.weight': [12, 8] };
  refused(
    () => checkBertSizes(opened(cfg, shapes)),
    /config\.json: hidden_size is 256 but tensor 'bert\.embeddings\.position_embeddings\.weight'/,
  );
});

test('a size field left to its default is compared with the weights too', () => {
  const cfg = { vocab_size: 30, dim: 8, n_layers: 1, n_heads: 2, hidden_dim: 16 }; // max_position_embeddings → 512
  const shapes = { 'distilbert.embeddings.position_embeddings.weight': [12, 8] };
  refused(() => checkDistilBertSizes(opened(cfg, shapes)), /config\.json: max_position_embeddings is 512 but tensor/);
});
