// CRF NLL: gold-path score by hand, log-partition against brute-force enumeration of all L^T paths (L=3, T=4,
// padded batch), reductions, padding invariance, stability with large scores, finite-difference gradients
// w.r.t. emissions and all three transition parameters, and shape errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Graph, type Value } from '../../../src/engine/graph.ts';
import { crfGoldScore, crfLogPartition, crfNll, type CrfReduction } from '../../../src/engine/losses/crf.ts';
import { bruteForceCrf, crfPathScore } from '../../../src/engine/losses/viterbi.ts';
import { Rng } from '../../../src/engine/rng.ts';
import { float32, type HostTensor, int64 } from '../../../src/engine/tensor.ts';
import { gradcheck, randn } from '../../helpers/gradcheck.ts';
import { assertClose, evaluate } from './helpers.ts';

const B = 3;
const T = 4;
const L = 3;
const lengths = [4, 2, 1];

function maskOf(lens: number[], steps: number): HostTensor {
  return float32(
    [lens.length, steps],
    lens.flatMap((n) => Array.from({ length: steps }, (_, t) => (t < n ? 1 : 0))),
  );
}

function problem(seed: number, scale = 1) {
  const rng = new Rng(seed);
  const tagList = Array.from({ length: B * T }, () => Math.floor(rng.next() * L));
  return {
    e: randn(rng, [B, T, L], scale),
    tags: int64([B, T], tagList),
    tagList,
    mask: maskOf(lengths, T),
    start: randn(rng, [L], 0.5),
    end: randn(rng, [L], 0.5),
    trans: randn(rng, [L, L], 0.5),
  };
}
type Problem = ReturnType<typeof problem>;

const feeds = (p: Problem) => [
  { name: 'e', value: p.e },
  { name: 'tags', value: p.tags, check: false },
  { name: 'mask', value: p.mask, check: false },
  { name: 'start', value: p.start },
  { name: 'end', value: p.end },
  { name: 'trans', value: p.trans },
];
const host = (p: Problem) => ({
  start: p.start.data as Float32Array,
  end: p.end.data as Float32Array,
  transitions: p.trans.data as Float32Array,
});
type Fn = (e: Value, tags: Value, mask: Value, start: Value, end: Value, trans: Value) => Value | Value[];
const run = (p: Problem, f: Fn) => evaluate(feeds(p), f as (...xs: Value[]) => Value[]);

test('gold-path score computed by hand (with and without padding)', async () => {
  const p = {
    e: float32([2, 3, 2], [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6]),
    tags: int64([2, 3], [0, 1, 1, 0, 1, 1]),
    mask: maskOf([3, 2], 3),
    start: float32([2], [0.1, 0.2]),
    end: float32([2], [0.3, 0.4]),
    trans: float32([2, 2], [0.5, 0.6, 0.7, 0.8]),
  } as Problem;
  const [gold] = await run(p, (e, tags, mask, start, end, trans) =>
    crfGoldScore({ start, end, transitions: trans }, e, tags, mask),
  );
  // row 0: start[0] + e0[0] + trans[0,1] + e1[1] + trans[1,1] + e2[1] + end[1] = .1+1+.6+4+.8+6+.4
  // row 1 (length 2): start[0] + e0[0] + trans[0,1] + e1[1] + end[1] = .1+1+.6+4+.4
  assertClose(gold!, [12.9, 6.1], 1e-6, 'gold score');
});

test('log Z equals brute-force enumeration of all L^T paths; gold score equals the host path score', async () => {
  const p = problem(1);
  const [logZ, gold] = await run(p, (e, tags, mask, start, end, trans) => {
    const prm = { start, end, transitions: trans };
    return [crfLogPartition(prm, e, mask), crfGoldScore(prm, e, tags, mask)];
  });
  for (let b = 0; b < B; b++) {
    const brute = bruteForceCrf(p.e.data as Float32Array, [B, T, L], b, lengths[b]!, host(p));
    const path = p.tagList.slice(b * T, b * T + lengths[b]!);
    assertClose([logZ![b]!], [brute.logZ], 1e-5, `logZ[${b}]`);
    assertClose([gold![b]!], [crfPathScore(p.e.data as Float32Array, [B, T, L], b, path, host(p))], 1e-5, `gold[${b}]`);
  }
});

test('reductions: mean (default), sum, token_mean, none', async () => {
  const p = problem(2);
  const nll = lengths.map((n, b) => {
    const brute = bruteForceCrf(p.e.data as Float32Array, [B, T, L], b, n, host(p));
    return (
      brute.logZ - crfPathScore(p.e.data as Float32Array, [B, T, L], b, p.tagList.slice(b * T, b * T + n), host(p))
    );
  });
  const sum = nll.reduce((a, c) => a + c, 0);
  const want: Record<CrfReduction, number[]> = { none: nll, sum: [sum], mean: [sum / B], token_mean: [sum / 7] };
  for (const r of Object.keys(want) as CrfReduction[]) {
    const [out] = await run(p, (e, tags, mask, start, end, trans) =>
      crfNll({ start, end, transitions: trans }, e, tags, mask, r),
    );
    assertClose(out!, want[r], 1e-5, r);
    assert.ok(
      out!.every((v) => v > 0),
      'NLL is positive',
    );
  }
});

test('padding positions (emissions and tags) do not change the loss', async () => {
  const p = problem(3);
  const f: Fn = (e, tags, mask, start, end, trans) => crfNll({ start, end, transitions: trans }, e, tags, mask, 'none');
  const [before] = await run(p, f);
  const e = p.e.data as Float32Array;
  const tags = p.tags.data as BigInt64Array;
  lengths.forEach((n, b) => {
    for (let t = n; t < T; t++) {
      tags[b * T + t] = t % 2 ? -100n : BigInt((t + b) % L); // any value, even out of range
      for (let j = 0; j < L; j++) e[(b * T + t) * L + j] = 1e3 * (j + 1);
    }
  });
  const [after] = await run(p, f);
  assertClose(after!, before!, 1e-6, 'nll');
});

test('stable with large scores (|emissions| ~ 50)', async () => {
  const p = problem(4, 50);
  const [logZ] = await run(p, (e, _t, mask, start, end, trans) =>
    crfLogPartition({ start, end, transitions: trans }, e, mask),
  );
  for (let b = 0; b < B; b++) {
    const brute = bruteForceCrf(p.e.data as Float32Array, [B, T, L], b, lengths[b]!, host(p));
    assert.ok(Number.isFinite(logZ![b]!));
    assertClose([logZ![b]!], [brute.logZ], 1e-5, `logZ[${b}]`);
  }
});

test('gradcheck: emissions, start, end, transitions on a padded batch (mean and sum)', async () => {
  const p = problem(5);
  for (const r of ['mean', 'sum'] as const) {
    await gradcheck(feeds(p), (e, tags, mask, start, end, trans) =>
      crfNll({ start, end, transitions: trans }, e, tags, mask, r),
    );
  }
  // log Z alone (its gradient is the marginals) and a symbolic batch axis
  const batched = new Set(['e', 'tags', 'mask']);
  const sym = feeds(p).map((i) => (batched.has(i.name) ? { ...i, shape: ['B', ...i.value.shape.slice(1)] } : i));
  await gradcheck(sym, (e, _t, mask, start, end, trans) =>
    crfLogPartition({ start, end, transitions: trans }, e, mask),
  );
});

test('gradcheck: T = 1 (no transitions used) and large scores', async () => {
  const rng = new Rng(6);
  const one = {
    ...problem(6),
    e: randn(rng, [2, 1, L]),
    tags: int64([2, 1], [2, 0]),
    mask: float32([2, 1], [1, 1]),
  };
  await gradcheck(feeds(one), (e, tags, mask, start, end, trans) =>
    crfNll({ start, end, transitions: trans }, e, tags, mask),
  );
  const big = problem(7, 20);
  await gradcheck(
    feeds(big),
    (e, tags, mask, start, end, trans) => crfNll({ start, end, transitions: trans }, e, tags, mask),
    { atol: 5e-3 },
  );
});

test('errors: dynamic T, wrong tag shape, wrong parameter shape', () => {
  const g = new Graph();
  const prm = {
    start: g.input('s', 'float32', [3]),
    end: g.input('en', 'float32', [3]),
    transitions: g.input('tr', 'float32', [3, 3]),
  };
  const mask = g.input('m', 'float32', ['B', 'T']);
  assert.throws(
    () => crfNll(prm, g.input('e', 'float32', ['B', 'T', 3]), g.input('y', 'int64', ['B', 'T']), mask),
    /must be static/,
  );
  const e = g.input('e2', 'float32', ['B', 5, 3]);
  const m5 = g.input('m5', 'float32', ['B', 5]);
  assert.throws(() => crfNll(prm, e, g.input('y2', 'int64', ['B', 4]), m5), /crf tags/);
  const bad = { ...prm, transitions: g.input('tr2', 'float32', [3, 4]) };
  assert.throws(() => crfNll(bad, e, g.input('y3', 'int64', ['B', 5]), m5), /crf transitions/);
});
