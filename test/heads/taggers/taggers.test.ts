// Tagger heads (src/heads/taggers): output shapes [B, T, L] and parameter names for every kind ± CRF, option
// validation, padding invariance (the same sentences padded to T = 8 and T = 16 with loud padding give the same
// emissions on real tokens, eval and train mode), the CNN tagger against a reference computed by hand in plain
// TypeScript (same-padded conv, ReLU, linear; padding zeroed before the conv), and finite differences through the
// masked CNN tagger.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Value } from '../../../src/engine/graph.ts';
import type { Param } from '../../../src/engine/param.ts';
import { type BuildContext, Program } from '../../../src/engine/program.ts';
import { Rng } from '../../../src/engine/rng.ts';
import { float32 } from '../../../src/engine/tensor.ts';
import { UsageError } from '../../../src/errors.ts';
import { makeTagger, parseTaggerOptions, TAGGER_KINDS, type TaggerHead } from '../../../src/heads/taggers/index.ts';
import type { TaggerCnn } from '../../../src/heads/taggers/tagger-cnn.ts';
import { assertClose } from '../../helpers/fixtures.ts';
import { gradcheck } from '../../helpers/gradcheck.ts';

const D = 6;
const L = 5;
const LENGTHS = [7, 3, 1];

function batch(T: number) {
  const B = LENGTHS.length;
  const x = new Float32Array(B * T * D);
  const mask = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const real = t < LENGTHS[b]!;
      mask[b * T + t] = real ? 1 : 0;
      for (let d = 0; d < D; d++)
        x[(b * T + t) * D + d] = real ? Math.sin(b * 13 + t * 1.3 + d * 0.7) : 500 * Math.cos(t + d);
    }
  }
  return { features: float32([B, T, D], x), mask: float32([B, T], mask) };
}

async function emissions(head: TaggerHead, T: number, training = false): Promise<Float32Array> {
  const program = await Program.compile({
    label: 'tagger test',
    training,
    inputs: [
      { name: 'features', dtype: 'float32', shape: ['B', head.staticLength ? T : 'T', D] },
      { name: 'mask', dtype: 'float32', shape: ['B', head.staticLength ? T : 'T'] },
    ],
    build: (ctx, x) => ({ outputs: { e: head.forward(ctx, x.features!, x.mask!) } }),
  });
  const r = await program.run(batch(T));
  await program.release();
  assert.deepEqual(r.outputs.e!.shape, [LENGTHS.length, T, L]);
  return r.outputs.e!.data as Float32Array;
}

/** Emission rows of the real tokens only. */
const real = (e: Float32Array, T: number) =>
  LENGTHS.flatMap((n, b) => Array.from(e.subarray(b * T * L, (b * T + n) * L)));

const small = { 'tagger-linear': {}, 'tagger-cnn': { filters: 8 }, 'tagger-bilstm': { hidden: 4 } } as const;

test('every tagger ± CRF: shape [B, T, L], parameter names, padding invariance (eval and train)', async () => {
  for (const kind of TAGGER_KINDS) {
    for (const crf of [false, true]) {
      const head = makeTagger(kind, { ...small[kind], inputDim: D, numTags: L, crf, dropout: 0 }, new Rng(3));
      const names = head.parameters().map((p) => p.name);
      const first = {
        'tagger-linear': 'classifier.weight',
        'tagger-cnn': 'convs.0.weight',
        'tagger-bilstm': 'lstm.weight_ih_l0',
      }[kind];
      assert.ok(names.includes(first), `${kind}: ${names.join(', ')}`);
      assert.equal(names.includes('crf.transitions'), crf);
      assert.equal(head.crf !== null, crf);
      if (crf) assert.deepEqual(head.crf!.transitions.shape, [L, L]);
      for (const training of [false, true]) {
        const a = real(await emissions(head, 8, training), 8);
        const b = real(await emissions(head, 16, training), 16);
        assertClose(a, b, 1e-5, `${kind}${crf ? '+crf' : ''} padding invariance (training ${training})`);
        assert.ok(a.every(Number.isFinite));
      }
    }
  }
});

test('options: defaults, validation, unknown keys', () => {
  const cnn = parseTaggerOptions('tagger-cnn', { inputDim: 4, numTags: 3 });
  assert.deepEqual([cnn.kernelSizes, cnn.filters, cnn.dropout, cnn.crf], [[3, 3], 128, 0.3, false]);
  assert.equal(parseTaggerOptions('tagger-bilstm', { inputDim: 4, numTags: 3 }).hidden, 128);
  assert.throws(
    () => parseTaggerOptions('tagger-cnn', { inputDim: 4, numTags: 3, filterz: 3 }),
    /tagger-cnn: invalid options.*filterz/,
  );
  assert.throws(() => parseTaggerOptions('tagger-linear', { inputDim: 4, numTags: 3, dropout: 1 }), /dropout/);
  assert.throws(() => makeTagger('tagger-gru', { inputDim: 4, numTags: 3 }, new Rng(1)), UsageError);
});

test('CNN tagger = a reference computed by hand (same padding, masked input, ReLU, linear)', async () => {
  const head = makeTagger(
    'tagger-cnn',
    { inputDim: D, numTags: L, filters: 4, kernelSizes: [3], dropout: 0 },
    new Rng(9),
  ) as TaggerCnn;
  const T = 8;
  const { features, mask } = batch(T);
  const x = features.data as Float32Array;
  const w = head.convs[0]!.weight.data; // [F, D, 3]
  const cb = head.convs[0]!.bias!.data;
  const fw = head.fc.weight.data; // [L, F]
  const fb = head.fc.bias!.data;
  const F = 4;
  const expected: number[] = [];
  LENGTHS.forEach((n, b) => {
    const at = (t: number, d: number) => (t >= 0 && t < n ? x[(b * T + t) * D + d]! : 0); // padding is zero
    for (let t = 0; t < n; t++) {
      const h = Array.from({ length: F }, (_, f) => {
        let s = cb[f]!;
        for (let d = 0; d < D; d++) for (let k = 0; k < 3; k++) s += w[(f * D + d) * 3 + k]! * at(t + k - 1, d);
        return Math.max(0, s);
      });
      for (let l = 0; l < L; l++) expected.push(fb[l]! + h.reduce((s, v, f) => s + v * fw[l * F + f]!, 0));
    }
  });
  assert.deepEqual(mask.shape, [3, T]);
  assertClose(real(await emissions(head, T), T), expected, 1e-5, 'tagger-cnn vs hand reference');
});

/** A BuildContext over an existing graph whose parameters are constants (for gradcheck w.r.t. inputs only). */
function constantCtx(like: Value): BuildContext {
  const g = like.graph;
  const seen = new Map<Param, Value>();
  return {
    g,
    training: false,
    param(p) {
      if (!seen.has(p)) seen.set(p, g.constant({ dtype: 'float32', shape: [...p.shape], data: p.data }, p.name));
      return seen.get(p)!;
    },
    update() {},
    seed: () => 1,
  };
}

test('masked CNN tagger: finite-difference gradients w.r.t. the features', async () => {
  const head = makeTagger(
    'tagger-cnn',
    { inputDim: 3, numTags: 2, filters: 3, kernelSizes: [3, 2], activation: 'tanh', dropout: 0 },
    new Rng(4),
  );
  const rng = new Rng(8);
  const x = float32(
    [2, 4, 3],
    Array.from({ length: 24 }, () => rng.normal()),
  );
  const m = float32([2, 4], [1, 1, 1, 1, 1, 1, 0, 0]);
  await gradcheck(
    [
      { name: 'x', value: x, shape: ['B', 'T', 3] },
      { name: 'm', value: m, shape: ['B', 'T'], check: false },
    ],
    (xv, mv) => head.forward(constantCtx(xv), xv, mv),
  );
});
