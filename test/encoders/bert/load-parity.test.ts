// The committed PyTorch fixture test/fixtures/tiny_bert/ (HF folder: config.json, vocab.txt, model.safetensors)
// loaded through loadBert, then run on the fixture's token ids through both paths:
//   frozen (extractEncoded) and trainable (encoder.build inside a Program) —
// last hidden state, pooler, [CLS], masked mean and the sum of the last two layers equal the PyTorch
// reference to ≤ 1e-4 (fp32). Padded positions must come out as exactly 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Program } from '../../../src/engine/program.ts';
import { loadBert } from '../../../src/encoders/bert/load.ts';
import { FIXTURES, loadFixture } from '../../helpers/fixtures.ts';
import { assertNear, pooledOf, rows, tokensOf } from '../helpers.ts';

const f = loadFixture('tiny_bert/expected.json');
const [B, T, H] = f.tensors['output.last_hidden_state']!.shape as [number, number, number];
const batch = {
  inputIds: rows(f, 'input.input_ids'),
  tokenTypeIds: rows(f, 'input.token_type_ids'),
  attentionMask: rows(f, 'input.attention_mask'),
};
const lengths = batch.attentionMask.map((r) => r.reduce((s, m) => s + m, 0));
const last = f.tensors['output.last_hidden_state']!.data;
const layer1 = f.tensors['output.layer0_output']!.data;

/** Reference row b, real tokens only, from a [B, T, H] fixture array. */
const ref = (data: number[], b: number) => data.slice(b * T * H, (b * T + lengths[b]!) * H);
const refMean = (b: number) => {
  const out = new Float64Array(H);
  for (let t = 0; t < lengths[b]!; t++) for (let k = 0; k < H; k++) out[k] += last[(b * T + t) * H + k]! / lengths[b]!;
  return out;
};

const messages: string[] = [];
const enc = await loadBert(join(FIXTURES, 'tiny_bert'), { onWarning: (m) => messages.push(m), threads: 1 });

test('tiny_bert loads with every weight matched and nothing reported', () => {
  assert.deepEqual(enc.report.missing, []);
  assert.deepEqual(enc.report.unexpected, []);
  assert.deepEqual(messages, []);
  assert.equal(enc.defaultPooling, 'pooler');
  assert.equal(enc.maxLength, 64); // max_position_embeddings caps the tokenizer's 512
});

test('frozen path: last hidden state, pooler, cls, masked mean, sum of last 2 layers match PyTorch', async () => {
  const pooler = await enc.extractEncoded(batch, { pooling: 'pooler' });
  assert.deepEqual(pooler.tokens!.shape, [B, T, H]);
  assert.deepEqual([...pooler.lengths], lengths);
  const cls = await enc.extractEncoded(batch, { pooling: 'cls', outputs: 'pooled' });
  const mean = await enc.extractEncoded(batch, { pooling: 'mean', outputs: 'pooled' });
  const sum2 = await enc.extractEncoded(batch, { layers: { layers: [-2, -1], combine: 'sum' }, outputs: 'tokens' });
  const mean2 = await enc.extractEncoded(batch, { layers: { layers: [-2, -1], combine: 'mean' }, outputs: 'tokens' });
  assert.equal(cls.tokens, null);
  assert.equal(sum2.pooled, null);
  for (let b = 0; b < B; b++) {
    assertNear(tokensOf(pooler, b), ref(last, b), 1e-4, `last_hidden_state row ${b}`);
    assertNear(
      pooledOf(pooler, b),
      f.tensors['output.pooler_output']!.data.slice(b * H, (b + 1) * H),
      1e-4,
      `pooler row ${b}`,
    );
    assertNear(pooledOf(cls, b), last.slice(b * T * H, (b * T + 1) * H), 1e-4, `cls row ${b}`);
    assertNear(pooledOf(mean, b), refMean(b), 1e-4, `masked mean row ${b}`);
    const s = ref(last, b).map((v, i) => v + ref(layer1, b)[i]!);
    assertNear(tokensOf(sum2, b), s, 1e-4, `sum of last 2 layers row ${b}`);
    assertNear(
      tokensOf(mean2, b),
      s.map((v) => v / 2),
      1e-4,
      `mean of last 2 layers row ${b}`,
    );
  }
  const padded = (pooler.tokens!.data as Float32Array).slice((1 * T + lengths[1]!) * H, 2 * T * H);
  assert.ok(
    padded.every((v) => v === 0),
    'padded positions are zero',
  );
  assert.deepEqual(
    [...(pooler.mask.data as Float32Array)],
    batch.attentionMask.flatMap((r) => [...r]),
  );
});

test('trainable path: encoder.build inside a Program gives the same features', async () => {
  const program = await Program.compile({
    label: 'tiny bert build()',
    inputs: [...enc.inputSpecs],
    training: false,
    threads: 1,
    build(ctx, x) {
      const out = enc.build(ctx, x, { pooling: 'mean' });
      const concat = enc.build(ctx, x, { layers: { layers: [1, 2], combine: 'concat' }, pooling: 'cls' });
      return { outputs: { tokens: out.tokens, pooled: out.pooled, concat: concat.tokens, mask: out.mask } };
    },
  });
  const r = await program.run(enc.feeds(batch));
  const tokens = r.outputs.tokens!.data as Float32Array;
  const concat = r.outputs.concat!.data as Float32Array;
  for (let b = 0; b < B; b++) {
    assertNear(tokens.slice(b * T * H, (b * T + lengths[b]!) * H), ref(last, b), 1e-4, `build tokens row ${b}`);
    assertNear(
      (r.outputs.pooled!.data as Float32Array).slice(b * H, (b + 1) * H),
      refMean(b),
      1e-4,
      `build mean row ${b}`,
    );
    for (let t = 0; t < lengths[b]!; t++) {
      const row = concat.slice((b * T + t) * 2 * H, (b * T + t + 1) * 2 * H);
      const want = [
        ...layer1.slice((b * T + t) * H, (b * T + t + 1) * H),
        ...last.slice((b * T + t) * H, (b * T + t + 1) * H),
      ];
      assertNear(row, want, 1e-4, `concat [1, 2] row ${b} token ${t}`);
    }
  }
  assert.deepEqual(r.outputs.tokens!.shape, [B, T, H]);
  assert.equal(enc.featureDim({ layers: [1, 2], combine: 'concat' }), 2 * H);
  await program.release();
  await enc.release();
});
