// use-lite in ONNX Runtime against the TF.js graph it was imported from (reference.ts: plain TF.js, CPU backend),
// on the same token ids: per-token states (the graph node …/Layer_1/TransformerLayer/FFN/layer_postprocess/add)
// within 1e-4 and the L2-normalised sentence vector within 1e-5; and, from a committed fixture of the same
// reference (make-fixture.ts), a text longer than 128 pieces: truncation equals the graph's own ClipToMaxLength.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadUseLite } from '../../../src/encoders/use-lite/load.ts';
import { packageDir } from '../../../src/encoders/use-lite/files.ts';
import { assertNear, pooledOf } from '../helpers.ts';
import { TfjsReference } from './reference.ts';

const enc = await loadUseLite();
const reference = await TfjsReference.load(packageDir());
const D = 512;

/** Real-token states [len, D] of row b of a [B, T, D] buffer. */
const rowStates = (data: Float32Array, T: number, b: number, len: number) =>
  data.subarray(b * T * D, (b * T + len) * D);

test('token states and sentence vectors equal the TF.js graph (max abs diff 1e-4 / 1e-5)', async () => {
  // Kept short: TF.js's CPU backend needs about 50 ms per token.
  const texts = ['The film was a delight.', 'café naïve — 東京 😀!', 'not good :('];
  const f = await enc.extract(texts, { bucket: false });
  const ids = texts.map((t) => enc.tokenizer.encodeIds(t));
  assert.deepEqual(
    [...f.lengths],
    ids.map((r) => r.length),
  );
  const ref = await reference.run(ids);
  const T = f.tokens!.shape[1]!;
  ids.forEach((row, b) => {
    const ours = rowStates(f.tokens!.data as Float32Array, T, b, row.length);
    assertNear(ours, rowStates(ref.tokens, ref.T, b, row.length), 1e-4, `token states of ${JSON.stringify(texts[b])}`);
    assertNear(
      pooledOf(f, b),
      ref.sentence.subarray(b * D, (b + 1) * D),
      1e-5,
      `sentence vector of ${JSON.stringify(texts[b])}`,
    );
  });
  assert.ok(f.unknown >= 1, 'the CJK and emoji characters are unknown pieces');
});

test('a text longer than 128 pieces: truncated like the graph clips it; states at positions 0…127 match', async () => {
  const fx = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'long-text.json'), 'utf8')) as {
    text: string;
    ids: number[];
    T: number;
    positions: number[];
    states: number[][];
    sentence: number[];
  };
  assert.deepEqual(enc.tokenizer.encodeIds(fx.text), fx.ids);
  assert.ok(fx.ids.length > 128 && fx.T === 128);
  const f = await enc.extract([fx.text]);
  assert.equal(f.truncated, 1);
  assert.deepEqual(f.tokens!.shape, [1, 128, D]);
  fx.positions.forEach((p, k) => {
    const ours = (f.tokens!.data as Float32Array).subarray(p * D, (p + 1) * D);
    // Residual-stream values reach ~60 here; float32 matmuls (ORT) vs float64-accumulated ones (TF.js CPU).
    const scaled = Array.from(ours, (v, d) => (v - fx.states[k]![d]!) / Math.max(1, Math.abs(fx.states[k]![d]!)));
    assertNear(scaled, new Array<number>(D).fill(0), 1e-4, `token state at position ${p} (relative)`);
  });
  assertNear(pooledOf(f, 0), fx.sentence, 1e-5, 'sentence vector');
});
