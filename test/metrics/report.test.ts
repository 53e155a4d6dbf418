// classificationReport / formatReport: the structured object and the text table, checked character for
// character against scikit-learn's documented output; Python-style rounding of exact ties.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classificationReport, formatReport } from '../../src/metrics/report.ts';
import { pyFixed } from '../../src/metrics/format.ts';

test("text report equals scikit-learn's documented classification_report output", () => {
  const r = classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], ['class 0', 'class 1', 'class 2']);
  const expected = [
    '              precision    recall  f1-score   support',
    '',
    '     class 0       0.50      1.00      0.67         1',
    '     class 1       0.00      0.00      0.00         1',
    '     class 2       1.00      0.67      0.80         3',
    '',
    '    accuracy                           0.60         5',
    '   macro avg       0.50      0.56      0.49         5',
    'weighted avg       0.70      0.60      0.61         5',
    '',
  ].join('\n');
  assert.equal(formatReport(r), expected);
  assert.equal(r.kind, 'single-label');
  assert.equal(r.rows[2]!.name, 'class 2');
  assert.equal(r.accuracy, 0.6);
  assert.deepEqual(r.confusion, [
    [1, 0, 0],
    [1, 0, 0],
    [0, 1, 2],
  ]);
  assert.deepEqual(Object.keys(r.averages), ['micro avg', 'macro avg', 'weighted avg']);
  // Survives JSON (metrics.json).
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
});

test('multi-label report lists micro, macro, weighted and samples averages; long names widen the column', () => {
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
  const r = classificationReport(yTrue, yPred, ['sports', 'politics', 'a-very-long-label-name']);
  assert.equal(r.kind, 'multi-label');
  assert.equal(r.subsetAccuracy, 0.25);
  const text = formatReport(r, 3);
  const lines = text.split('\n');
  assert.equal(lines[0], `${' '.repeat(22)}  precision    recall  f1-score   support`);
  assert.equal(lines[2], `${' '.repeat(16)}sports      1.000     1.000     1.000         2`);
  assert.equal(lines[4], 'a-very-long-label-name      0.000     0.000     0.000         1');
  assert.equal(lines[6], `${' '.repeat(13)}micro avg      0.750     0.600     0.667         5`);
  assert.equal(lines[9], `${' '.repeat(11)}samples avg      0.625     0.500     0.500         5`);
  assert.ok(!text.includes('accuracy'));
  assert.throws(() => classificationReport(yTrue, yPred, ['a', 'b']), /2 label names given for 3 labels/);
});

test('pyFixed rounds exact ties to even like Python, everything else like toFixed', () => {
  // Python: format(0.125, '.2f') == '0.12', format(0.375, '.2f') == '0.38', format(2.5, '.0f') == '2'
  assert.equal(pyFixed(0.125, 2), '0.12');
  assert.equal(pyFixed(0.375, 2), '0.38');
  assert.equal(pyFixed(0.625, 2), '0.62');
  assert.equal(pyFixed(2.5, 0), '2');
  assert.equal(pyFixed(3.5, 0), '4');
  assert.equal(pyFixed(-0.125, 2), '-0.12');
  // 0.135 is stored as 0.13500000000000000888…, not a tie: rounds up in both languages.
  assert.equal(pyFixed(0.135, 2), '0.14');
  assert.equal(pyFixed(2 / 3, 2), '0.67');
  assert.equal(pyFixed(100, 2), '100.00');
});
