// Viterbi decoding: equals the brute-force argmax over all paths, respects lengths (padding never read),
// a hand-checkable example where transitions overrule emissions, lengthsFromMask, and input validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../../src/errors.ts';
import { bruteForceCrf, crfPathScore, lengthsFromMask, viterbiDecode } from '../../../src/engine/losses/viterbi.ts';
import { Rng } from '../../../src/engine/rng.ts';

function randomArray(rng: Rng, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => scale * rng.normal());
}

test('equals the brute-force argmax (and its score) over all L^n paths, for many random problems', () => {
  const rng = new Rng(21);
  for (let trial = 0; trial < 30; trial++) {
    const [B, T, L] = [3, 5, 3] as const;
    const lengths = [5, 1 + (trial % 5), 3];
    const emissions = randomArray(rng, B * T * L, 2);
    const p = { start: randomArray(rng, L), end: randomArray(rng, L), transitions: randomArray(rng, L * L, 1.5) };
    const out = viterbiDecode(emissions, [B, T, L], lengths, p);
    for (let b = 0; b < B; b++) {
      const brute = bruteForceCrf(emissions, [B, T, L], b, lengths[b]!, p);
      assert.deepEqual(out.tags[b], brute.best, `trial ${trial} sentence ${b}`);
      assert.ok(Math.abs(out.scores[b]! - brute.bestScore) < 1e-9, `score ${out.scores[b]} vs ${brute.bestScore}`);
      assert.ok(out.scores[b]! < brute.logZ, 'the best path score is below log Z');
    }
  }
});

test('respects lengths: output length = true length, padded steps never affect the result', () => {
  const rng = new Rng(22);
  const [B, T, L] = [2, 6, 4] as const;
  const emissions = randomArray(rng, B * T * L);
  const p = { start: randomArray(rng, L), end: randomArray(rng, L), transitions: randomArray(rng, L * L) };
  const lengths = [6, 3];
  const before = viterbiDecode(emissions, [B, T, L], lengths, p);
  assert.deepEqual(
    before.tags.map((t) => t.length),
    lengths,
  );
  for (let t = 3; t < T; t++) for (let j = 0; j < L; j++) emissions[(1 * T + t) * L + j] = 1e6 * (j === 2 ? 1 : -1);
  const after = viterbiDecode(emissions, [B, T, L], lengths, p);
  assert.deepEqual(after, before);
  // the end transition is applied after the last real step, not after T
  assert.equal(before.scores[1], crfPathScore(emissions, [B, T, L], 1, before.tags[1]!, p));
});

test('hand example: a strong transition overrules the per-step emission argmax', () => {
  // L = 2, T = 3. Emissions prefer 0,1,0 by 1 each; transitions 0→1 and 1→0 cost 5, so staying wins.
  const emissions = Float32Array.from([1, 0, 0, 1, 1, 0]);
  const p = { start: [0, 0], end: [0, 0], transitions: [0, -5, -5, 0] };
  const out = viterbiDecode(emissions, [1, 3, 2], [3], p);
  assert.deepEqual(out.tags, [[0, 0, 0]]); // score 1 + 0 + 1 = 2 beats [0,1,0]: 3 − 10 and [1,1,1]: 1
  assert.deepEqual(out.scores, [2]);
  // with free transitions the emission argmax wins
  const free = viterbiDecode(emissions, [1, 3, 2], [3], { ...p, transitions: [0, 0, 0, 0] });
  assert.deepEqual(free.tags, [[0, 1, 0]]);
  // end scores decide a one-step sentence
  assert.deepEqual(viterbiDecode(emissions, [1, 3, 2], [1], { ...p, end: [0, 2] }).tags, [[1]]);
});

test('lengthsFromMask counts the on-prefix and rejects holes', () => {
  assert.deepEqual(lengthsFromMask([1, 1, 1, 1, 0, 0, 1, 0, 0], 3, 3), [3, 1, 1]);
  assert.throws(() => lengthsFromMask([1, 0, 1], 1, 3), UsageError);
});

test('validation: bad lengths and mismatched sizes are UsageErrors', () => {
  const e = new Float32Array(2 * 3 * 2);
  const p = { start: [0, 0], end: [0, 0], transitions: [0, 0, 0, 0] };
  assert.throws(() => viterbiDecode(e, [2, 3, 2], [3, 0], p), /length 0 of sentence 1/);
  assert.throws(() => viterbiDecode(e, [2, 3, 2], [4, 1], p), /not in \[1, 3\]/);
  assert.throws(() => viterbiDecode(e, [2, 3, 2], [3], p), /1 lengths for a batch of 2/);
  assert.throws(() => viterbiDecode(e, [2, 3, 3], [3, 3], p), /emissions hold/);
  assert.throws(() => viterbiDecode(e, [2, 3, 2], [3, 3], { ...p, transitions: [0] }), /transitions/);
});
