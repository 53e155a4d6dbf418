// DistilBERT: the committed PyTorch fixture test/fixtures/tiny_distilbert/ (saved like distilbert-base-uncased:
// `distilbert.`-prefixed keys + unused MLM-head tensors) loads through loadEncoder and matches the reference
// hidden states (≤ 1e-4, fp32); there is no pooler; a generated checkpoint loads and runs, fp32 and int8.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DistilBertEncoder } from '../../../src/encoders/distilbert/load.ts';
import { generateDistilBertCheckpoint } from '../../../src/encoders/distilbert/generate.ts';
import { loadEncoder } from '../../../src/encoders/load.ts';
import { FIXTURES, loadFixture } from '../../helpers/fixtures.ts';
import { assertNear, minCosine, rows, tempDir, tokensOf } from '../helpers.ts';

test('tiny_distilbert fixture: prefix stripped, head tensors reported, hidden states match PyTorch', async () => {
  const f = loadFixture('tiny_distilbert/expected.json');
  const [B, T, H] = f.tensors['output.last_hidden_state']!.shape as [number, number, number];
  const messages: string[] = [];
  const enc = await loadEncoder(join(FIXTURES, 'tiny_distilbert'), { threads: 1, onWarning: (m) => messages.push(m) });
  assert.ok(enc instanceof DistilBertEncoder);
  assert.equal(enc.modelType, 'distilbert');
  assert.deepEqual(enc.report.missing, []);
  assert.deepEqual(enc.report.unexpected.sort(), [
    'vocab_layer_norm.bias',
    'vocab_layer_norm.weight',
    'vocab_projector.bias',
    'vocab_transform.bias',
    'vocab_transform.weight',
  ]);
  assert.match(messages.join('\n'), /were not used when initializing DistilBertModel/);
  assert.deepEqual(enc.poolings, ['cls', 'mean']);
  assert.equal(enc.defaultPooling, 'cls');
  assert.deepEqual(
    enc.inputSpecs.map((s) => s.name),
    ['input_ids', 'attention_mask'],
  );

  const batch = { inputIds: rows(f, 'input.input_ids'), attentionMask: rows(f, 'input.attention_mask') };
  const last = await enc.extractEncoded(batch);
  const first = await enc.extractEncoded(batch, { layers: { layers: [1] }, outputs: 'tokens' });
  for (let b = 0; b < B; b++) {
    const n = last.lengths[b]!;
    const want = (key: string) => f.tensors[key]!.data.slice(b * T * H, (b * T + n) * H);
    assertNear(tokensOf(last, b), want('output.last_hidden_state'), 1e-4, `last_hidden_state row ${b}`);
    assertNear(tokensOf(first, b), want('output.layer1_output'), 1e-4, `layer 1 row ${b}`);
    assertNear(
      (last.pooled!.data as Float32Array).slice(b * H, (b + 1) * H),
      want('output.last_hidden_state').slice(0, H),
      1e-4,
      `cls row ${b}`,
    );
  }
  await assert.rejects(enc.extract(['x'], { pooling: 'pooler' }), /pooling 'pooler' is not available for distilbert/);
  await enc.release();
});

test('generated DistilBERT checkpoint (distilbert. prefix, bert-base-uncased vocab) runs in fp32 and int8', async () => {
  const dir = join(tempDir('distil'), 'm');
  await generateDistilBertCheckpoint(dir, {
    layers: 2,
    dim: 64,
    heads: 4,
    hiddenDim: 128,
    prefix: 'distilbert.',
    vocab: 'bert-base-uncased',
    seed: 2,
  });
  const enc = await loadEncoder(dir, { threads: 1, onWarning: () => {} });
  const texts = ['a quiet, lovely film', '', 'the plot never quite comes together'];
  const fp32 = await enc.extract(texts, { pooling: 'mean' });
  const int8 = await enc.extract(texts, { pooling: 'mean', precision: 'int8' });
  assert.deepEqual(fp32.tokens!.shape, [3, Math.max(...fp32.lengths), 64]);
  assert.deepEqual(fp32.pooled!.shape, [3, 64]);
  assert.equal(fp32.lengths[1], 2);
  for (let b = 0; b < texts.length; b++) assert.ok(minCosine(tokensOf(fp32, b), tokensOf(int8, b), 64) >= 0.999);
  await enc.release();
});
