// Single-label metrics: accuracy, confusion matrix, per-class and averaged P/R/F1 against values worked out by
// hand (and scikit-learn's documented example), zero-division behaviour, and input checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy, argmaxRows, classificationScores, confusionMatrix } from '../../src/metrics/classification.ts';
import { UsageError } from '../../src/errors.ts';

const close = (a: number, b: number, msg?: string) => assert.ok(Math.abs(a - b) < 1e-12, `${msg ?? ''} ${a} vs ${b}`);

test('accuracy and confusion matrix (row = true, column = predicted)', () => {
  const yTrue = [0, 1, 2, 2, 2];
  const yPred = [0, 0, 2, 2, 1];
  assert.equal(accuracy(yTrue, yPred), 0.6);
  assert.deepEqual(confusionMatrix(yTrue, yPred, 3), [
    [1, 0, 0],
    [1, 0, 0],
    [0, 1, 2],
  ]);
  assert.equal(accuracy([], []), 0);
});

test("scikit-learn's classification_report example: per-class, macro, weighted, micro = accuracy", () => {
  // sklearn docs: y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1]
  const s = classificationScores([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], 3);
  const expect = [
    [0.5, 1, 2 / 3, 1],
    [0, 0, 0, 1],
    [1, 2 / 3, 0.8, 3],
  ];
  s.perClass.forEach((p, c) => {
    close(p.precision, expect[c]![0]!, `P${c}`);
    close(p.recall, expect[c]![1]!, `R${c}`);
    close(p.f1, expect[c]![2]!, `F${c}`);
    assert.equal(p.support, expect[c]![3]);
  });
  close(s.macro.precision, 0.5);
  close(s.macro.recall, (1 + 0 + 2 / 3) / 3);
  close(s.macro.f1, (2 / 3 + 0 + 0.8) / 3);
  close(s.weighted.precision, (0.5 + 0 + 3) / 5);
  close(s.weighted.recall, 0.6);
  close(s.weighted.f1, (2 / 3 + 0 + 2.4) / 5);
  for (const k of ['precision', 'recall', 'f1'] as const) close(s.micro[k], 0.6, `micro ${k}`);
  assert.equal(s.macro.support, 5);
});

test('zero division gives 0, never NaN: unpredicted, absent and never-seen classes', () => {
  // class 1 is never predicted (precision 0/0), class 2 never occurs (recall 0/0) but is predicted once,
  // class 3 neither occurs nor is predicted (all 0/0).
  const s = classificationScores([0, 0, 1], [0, 2, 0], 4);
  const flat = s.perClass.flatMap((p) => [p.precision, p.recall, p.f1]);
  assert.ok(flat.every(Number.isFinite));
  assert.deepEqual(s.perClass[1], { precision: 0, recall: 0, f1: 0, support: 1 });
  assert.deepEqual(s.perClass[2], { precision: 0, recall: 0, f1: 0, support: 0 });
  assert.deepEqual(s.perClass[3], { precision: 0, recall: 0, f1: 0, support: 0 });
  close(s.perClass[0]!.precision, 0.5);
  close(s.perClass[0]!.recall, 0.5);
  // All four classes count in the macro average (scikit-learn with labels=range(4)).
  close(s.macro.f1, 0.5 / 4);
  const empty = classificationScores([], [], 2);
  assert.deepEqual(empty.micro, { precision: 0, recall: 0, f1: 0, support: 0 });
  assert.equal(empty.accuracy, 0);
});

test('bad inputs are usage errors that name the position', () => {
  assert.throws(() => accuracy([0, 1], [0]), /differ in length: 2 vs 1/);
  assert.throws(
    () => confusionMatrix([0, 3], [0, 1], 3),
    (e: unknown) => e instanceof UsageError && /yTrue\[1\] = 3/.test(e.message),
  );
  assert.throws(() => confusionMatrix([0, 1], [0, 0.5], 3), /yPred\[1\] = 0.5/);
  assert.throws(() => classificationScores([0], [0], 0), /positive integer/);
});

test('argmaxRows picks the first maximum', () => {
  assert.deepEqual(argmaxRows([[0.1, 0.7, 0.2], [2, 2, 1], new Float32Array([-1, -3])]), [1, 0, 0]);
});
