// The browser's decisions and result rows match the Node side: decisions() equals tasks/classification/task.ts
// decide() for binary / multi-class / multi-label with and without thresholds (ties included), predictions() has
// predict's shape ({ label } or { labels }, probabilities keyed by label), a threshold override behaves like
// predict --threshold, and int64Feeds lays rows out as int64 [B, T] for the graph's inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.ts';
import { decide, type ClassificationTask } from '../../src/tasks/classification/task.ts';
import { decisions, predictions } from '../../src/web/decide.ts';
import { int64Feeds } from '../../src/web/feeds.ts';

function randomProbs(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return Math.round((s / 2 ** 31) * 8) / 8; // coarse values: ties and exact-threshold hits happen
  });
}

const tasks: ClassificationTask[] = [
  { kind: 'binary', labels: ['neg', 'pos'] },
  { kind: 'binary', labels: ['neg', 'pos'], thresholds: [0.75] },
  { kind: 'multiclass', labels: ['a', 'b', 'c', 'd'] },
  { kind: 'multilabel', labels: ['x', 'y', 'z'] },
  { kind: 'multilabel', labels: ['x', 'y', 'z'], thresholds: [0.25, 0.5, 0.875] },
];

test('decisions() equals tasks/classification decide() for every task kind and threshold', () => {
  for (const [k, t] of tasks.entries()) {
    const N = 40;
    const probs = randomProbs(N * t.labels.length, k + 1);
    const manifest = { task: t.kind, labels: t.labels, thresholds: t.thresholds };
    assert.deepEqual(decisions(manifest, probs), decide(t, probs, N), `${t.kind} ${JSON.stringify(t.thresholds)}`);
  }
});

test("predictions(): predict's line shape, threshold override as predict --threshold", () => {
  const probs = Float32Array.from([0.3, 0.7, 0.9, 0.1]);
  const bin = { task: 'binary' as const, labels: ['neg', 'pos'] };
  assert.deepEqual(predictions(bin, ['good', 'bad'], probs), [
    { text: 'good', label: 'pos', probabilities: { neg: probs[0], pos: probs[1] } },
    { text: 'bad', label: 'neg', probabilities: { neg: probs[2], pos: probs[3] } },
  ]);
  assert.equal((predictions(bin, ['good', 'bad'], probs, 0.8)[0] as { label: string }).label, 'neg');
  const ml = { task: 'multilabel' as const, labels: ['x', 'y'], thresholds: [0.5, 0.5] };
  assert.deepEqual(
    predictions(ml, ['t1', 't2'], probs).map((r) => ('labels' in r ? r.labels : null)),
    [['y'], ['x']],
  );
  const mc = { task: 'multiclass' as const, labels: ['a', 'b'] };
  assert.throws(() => predictions(mc, ['t'], probs.subarray(0, 2), 0.5), UsageError);
  assert.throws(() => predictions(bin, ['t'], probs.subarray(0, 2), 1), /threshold must be in \(0, 1\)/);
});

test('int64Feeds: every graph input as int64 [B, T], in the order the graph asks', () => {
  const enc = {
    inputIds: [Int32Array.from([101, 7, 102]), Int32Array.from([101, 102, 0])],
    attentionMask: [Int32Array.from([1, 1, 1]), Int32Array.from([1, 1, 0])],
    tokenTypeIds: [new Int32Array(3), new Int32Array(3)],
  };
  const f = int64Feeds(enc, ['input_ids', 'attention_mask']);
  assert.deepEqual(Object.keys(f), ['input_ids', 'attention_mask']);
  assert.deepEqual(f.input_ids!.dims, [2, 3]);
  assert.deepEqual([...f.input_ids!.data], [101n, 7n, 102n, 101n, 102n, 0n]);
  assert.deepEqual([...f.attention_mask!.data], [1n, 1n, 1n, 1n, 1n, 0n]);
  assert.deepEqual([...int64Feeds(enc, ['token_type_ids']).token_type_ids!.data], [0n, 0n, 0n, 0n, 0n, 0n]);
  assert.throws(() => int64Feeds(enc, ['pixel_values']), /asks for input 'pixel_values'/);
});
