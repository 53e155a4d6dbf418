// The tagging loss (src/tasks/ner/loss.ts): gathering emissions at first sub-tokens (values and finite-difference
// gradients, padding included), cross-entropy over labelled words = token-level cross-entropy with ignore-index on
// every other sub-token (the Hugging Face formulation), and the CRF variant = CRF NLL of the compacted words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crfNll, crossEntropy } from '../../../src/engine/losses/index.ts';
import { Rng } from '../../../src/engine/rng.ts';
import { float32, int64 } from '../../../src/engine/tensor.ts';
import { gatherWords, taggingLoss } from '../../../src/tasks/ner/loss.ts';
import { IGNORE_INDEX } from '../../../src/tasks/ner/targets.ts';
import { gradcheck, randn } from '../../helpers/gradcheck.ts';
import { assertClose, evaluate } from '../../engine/losses/helpers.ts';

const [B, T, L] = [2, 5, 3];
// row 0: words at tokens 1, 2, 4 (token 3 is a second piece); row 1: words at tokens 1, 3 (then padding)
const WORD_INDEX = [1, 2, 4, 0, 0, 1, 3, 0, 0, 0];
const WORD_MASK = [1, 1, 1, 0, 0, 1, 1, 0, 0, 0];
const TARGETS = [2, 0, 1, -100, -100, 1, 1, -100, -100, -100];

function problem(seed: number) {
  const rng = new Rng(seed);
  return {
    e: randn(rng, [B, T, L], 1.5),
    index: int64([B, T], WORD_INDEX),
    mask: float32([B, T], WORD_MASK),
    targets: int64([B, T], TARGETS),
    start: randn(rng, [L], 0.5),
    end: randn(rng, [L], 0.5),
    trans: randn(rng, [L, L], 0.5),
  };
}

test('gatherWords picks the first sub-token rows', async () => {
  const p = problem(1);
  const [words] = await evaluate(
    [
      { name: 'e', value: p.e },
      { name: 'i', value: p.index },
    ],
    (e, i) => gatherWords(e, i),
  );
  const em = p.e.data as Float32Array;
  const expected = WORD_INDEX.flatMap((t, k) =>
    Array.from(em.subarray((Math.floor(k / T) * T + t) * L, (Math.floor(k / T) * T + t + 1) * L)),
  );
  assertClose(words!, expected, 1e-6, 'gathered');
});

test('gatherWords and both losses: finite-difference gradients', async () => {
  const p = problem(2);
  const ins = [
    { name: 'e', value: p.e, shape: ['B', 'T', L] },
    { name: 'i', value: p.index, shape: ['B', 'T'], check: false },
  ];
  await gradcheck(ins, (e, i) => gatherWords(e, i));
  const extra = [
    { name: 'm', value: p.mask, shape: ['B', 'T'], check: false },
    { name: 'y', value: p.targets, shape: ['B', 'T'], check: false },
  ];
  await gradcheck([...ins, ...extra], (e, i, m, y) => taggingLoss(e, i, m, y, null));
  const crf = [
    { name: 'start', value: p.start },
    { name: 'end', value: p.end },
    { name: 'trans', value: p.trans },
  ];
  // the CRF's forward recursion is unrolled: static T
  const fixed = [...ins, ...extra].map(({ shape: _s, ...rest }) => rest);
  await gradcheck([...fixed, ...crf], (e, i, m, y, start, end, transitions) =>
    taggingLoss(e, i, m, y, { start, end, transitions }),
  );
});

test('softmax loss = token-level cross-entropy with ignore-index on non-first sub-tokens', async () => {
  const p = problem(3);
  const tokenLabels = new Array<number>(B * T).fill(IGNORE_INDEX);
  WORD_INDEX.forEach((t, k) => {
    if (WORD_MASK[k]) tokenLabels[Math.floor(k / T) * T + t] = TARGETS[k]!;
  });
  const feeds = [
    { name: 'e', value: p.e },
    { name: 'i', value: p.index },
    { name: 'm', value: p.mask },
    { name: 'y', value: p.targets },
    { name: 'tok', value: int64([B, T], tokenLabels) },
  ];
  const [ours, reference] = await evaluate(feeds, (e, i, m, y, tok) => [
    taggingLoss(e, i, m, y, null),
    crossEntropy(e, tok),
  ]);
  assertClose(ours!, reference!, 1e-6, 'loss');
});

test('CRF loss = CRF NLL of the compacted word emissions', async () => {
  const p = problem(4);
  const em = p.e.data as Float32Array;
  const compact = new Float32Array(B * T * L);
  WORD_INDEX.forEach((t, k) =>
    compact.set(em.subarray((Math.floor(k / T) * T + t) * L, (Math.floor(k / T) * T + t + 1) * L), k * L),
  );
  const feeds = [
    { name: 'e', value: p.e },
    { name: 'i', value: p.index },
    { name: 'm', value: p.mask },
    { name: 'y', value: p.targets },
    { name: 'c', value: float32([B, T, L], compact) },
    { name: 'start', value: p.start },
    { name: 'end', value: p.end },
    { name: 'trans', value: p.trans },
  ];
  const [ours, reference] = await evaluate(feeds, (e, i, m, y, c, start, end, transitions) => [
    taggingLoss(e, i, m, y, { start, end, transitions }),
    crfNll({ start, end, transitions }, c, y, m, 'mean'),
  ]);
  assertClose(ours!, reference!, 1e-6, 'crf loss');
  assert.ok(Number.isFinite(ours![0]!) && ours![0]! > 0);
});
