// formatPrediction: the per-text object of `bertcnn predict` (label for binary / multi-class, labels for
// multi-label), probabilities keyed by label and rounded to 6 decimals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPrediction } from '../../src/tasks/classification/prediction.ts';
import { decide } from '../../src/tasks/classification/task.ts';

test('binary and multi-class: one label', () => {
  const binary = { kind: 'binary' as const, labels: ['neg', 'pos'] };
  assert.deepEqual(formatPrediction(binary, [0.1234567, 0.8765433], 1), {
    label: 'pos',
    probabilities: { neg: 0.123457, pos: 0.876543 },
  });
  const multi = { kind: 'multiclass' as const, labels: ['a', 'b', 'c'] };
  assert.deepEqual(formatPrediction(multi, [0.2, 0.5, 0.3], 1), {
    label: 'b',
    probabilities: { a: 0.2, b: 0.5, c: 0.3 },
  });
});

test('multi-label: the labels over their thresholds (possibly none)', () => {
  const task = { kind: 'multilabel' as const, labels: ['news', 'sports', 'tech'], thresholds: [0.5, 0.5, 0.3] };
  const probs = Float32Array.from([0.9, 0.2, 0.35, 0.1, 0.1, 0.1]);
  const d = decide(task, probs, 2) as number[][];
  assert.deepEqual(formatPrediction(task, probs.subarray(0, 3), d[0]!), {
    labels: ['news', 'tech'],
    probabilities: { news: 0.9, sports: 0.2, tech: 0.35 },
  });
  assert.deepEqual(formatPrediction(task, probs.subarray(3), d[1]!).labels, []);
});
