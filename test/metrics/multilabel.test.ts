// Multi-label metrics (hand-computed example), indicator conversion, and per-label threshold tuning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { multiLabelScores, toIndicator } from '../../src/metrics/multilabel.ts';
import { applyThresholds, tuneThresholds } from '../../src/metrics/thresholds.ts';

const close = (a: number, b: number, msg?: string) => assert.ok(Math.abs(a - b) < 1e-12, `${msg ?? ''} ${a} vs ${b}`);

const yTrue = [
  [1, 0, 1],
  [0, 1, 0],
  [1, 1, 0],
  [0, 0, 0],
];
const yPred = [
  [1, 0, 0],
  [0, 1, 1],
  [1, 0, 0],
  [0, 0, 0],
];

test('multi-label micro/macro/weighted/samples F1, subset accuracy and Hamming loss (by hand)', () => {
  const s = multiLabelScores(yTrue, yPred);
  // label 0: tp 2 → 1/1/1; label 1: tp 1, fn 1 → 1, 0.5, 2/3; label 2: fp 1, fn 1 → 0/0/0
  close(s.perLabel[1]!.recall, 0.5);
  close(s.perLabel[1]!.f1, 2 / 3);
  assert.deepEqual(s.perLabel[2], { precision: 0, recall: 0, f1: 0, support: 1 });
  // micro: tp 3, fp 1, fn 2
  close(s.micro.precision, 0.75);
  close(s.micro.recall, 0.6);
  close(s.micro.f1, 2 / 3);
  close(s.macro.precision, 2 / 3);
  close(s.macro.recall, 0.5);
  close(s.macro.f1, 5 / 9);
  close(s.weighted.precision, 0.8);
  close(s.weighted.recall, 0.6);
  close(s.weighted.f1, 2 / 3);
  // samples: rows score (1, .5, 2/3), (.5, 1, 2/3), (1, .5, 2/3), and the empty row 0 (zero_division=0)
  close(s.samples.precision, 0.625);
  close(s.samples.recall, 0.5);
  close(s.samples.f1, 0.5);
  assert.equal(s.subsetAccuracy, 0.25);
  assert.equal(s.hammingLoss, 0.25);
});

test('indicator helpers and shape checks', () => {
  assert.deepEqual(
    toIndicator([[0, 2], [], [1]], 3).map((r) => [...r]),
    [
      [1, 0, 1],
      [0, 0, 0],
      [0, 1, 0],
    ],
  );
  assert.throws(() => toIndicator([[3]], 3), /labels\[0\] contains 3/);
  assert.throws(() => multiLabelScores([[1, 0]], [[1]]), /yPred\[0\] has 1 labels, expected 2/);
  assert.throws(() => multiLabelScores([[1, 2]], [[1, 0]]), /yTrue\[0\]\[1\] = 2 is not 0 or 1/);
});

test('threshold tuning maximises each label’s dev F1 (sweep values derived by hand)', () => {
  // label 0: scores .9 .8 .3 .2 .1, truth 1 1 0 1 0. Cuts keep the top 1..5: F1 = 2tp/(kept+3) =
  // .5, .8, .667, .857, .75 → best keeps the top 4, threshold midway between .2 and .1 = .15.
  // label 1: no positives → default .5. label 2: scores .9 .6 .3 .1, truth 1 0 0 1: keeping 1 or 4 both
  // give F1 2/3; the tie goes to the threshold nearer 0.5, i.e. (.9+.6)/2 = .75, not .1.
  const col0 = [0.9, 0.8, 0.3, 0.2, 0.1];
  const t0 = [1, 1, 0, 1, 0];
  const col2 = [0.9, 0.6, 0.3, 0.1, 0.05];
  const t2 = [1, 0, 0, 1, 0];
  const probs = col0.map((p, i) => [p, 0.7, col2[i]!]);
  const truth = t0.map((t, i) => [t, 0, t2[i]!]);
  const r = tuneThresholds(probs, truth);
  close(r.thresholds[0]!, 0.15);
  close(r.f1[0]!, 6 / 7);
  assert.equal(r.thresholds[1], 0.5);
  assert.equal(r.f1[1], 0);
  close(r.thresholds[2]!, 0.75);
  close(r.f1[2]!, 2 / 3);
  const pred = applyThresholds(probs, r.thresholds);
  assert.deepEqual(
    pred.map((row) => row[0]),
    [1, 1, 1, 1, 0],
  );
  // A grid restricts the candidates: .25 keeps 3 (F1 4/6), .5 keeps 2 (.8), .85 keeps 1 (.5).
  const g = tuneThresholds(probs, truth, { grid: [0.25, 0.5, 0.85] });
  assert.equal(g.thresholds[0], 0.5);
  close(g.f1[0]!, 0.8);
  assert.deepEqual([...applyThresholds([[0.4, 0.6]], 0.5)[0]!], [0, 1]);
  assert.throws(() => tuneThresholds([[NaN]], [[1]]), /not finite/);
});

test('property: the tuned threshold reproduces its F1 and no grid threshold beats it', () => {
  const f1 = (scores: number[], truth: number[], t: number) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    scores.forEach((s, i) => (s >= t ? (truth[i] ? tp++ : fp++) : truth[i] ? fn++ : 0));
    return 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  };
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 1 })), {
        minLength: 1,
        maxLength: 40,
      }),
      (rows) => {
        const scores = rows.map((r) => r[0]);
        const truth = rows.map((r) => r[1]);
        const r = tuneThresholds(
          scores.map((s) => [s]),
          truth.map((t) => [t]),
        );
        const t = r.thresholds[0]!;
        assert.ok(Math.abs(f1(scores, truth, t) - r.f1[0]!) < 1e-12);
        for (let g = 0; g <= 100; g++) assert.ok(f1(scores, truth, g / 100) <= r.f1[0]! + 1e-12);
      },
    ),
    { numRuns: 200 },
  );
});
