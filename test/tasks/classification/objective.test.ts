// The trainer's objective (src/tasks/classification/objective.ts, trainer.ts): goldObjective feeds the gold labels
// of exactly the batch's rows, and train() without labels or an objective of its own is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goldObjective } from '../../../src/tasks/classification/objective.ts';
import { train } from '../../../src/tasks/classification/trainer.ts';
import { parseTrainOptions } from '../../../src/train/options.ts';
import type { Pipeline } from '../../../src/train/pipeline.ts';
import type { ClassificationTask } from '../../../src/tasks/classification/task.ts';

const multiclass = { kind: 'multiclass', labels: ['a', 'b', 'c'] } as ClassificationTask;
const multilabel = { kind: 'multilabel', labels: ['x', 'y'] } as ClassificationTask;

test('goldObjective: one `targets` input, fed with the labels of the batch rows in batch order', () => {
  const o = goldObjective(multiclass, [2, 0, 1, 1]);
  assert.deepEqual(
    o.inputs.map((i) => i.name),
    ['targets'],
  );
  const t = o.feeds([3, 0]).targets!;
  assert.deepEqual(t.shape, [2]);
  assert.deepEqual(Array.from(t.data as BigInt64Array), [1n, 2n]);
  const ml = goldObjective(multilabel, [[0], [0, 1], []]).feeds([1, 2]).targets!;
  assert.deepEqual(ml.shape, [2, 2]);
  assert.deepEqual(Array.from(ml.data as Float32Array), [1, 1, 0, 0]);
});

test('train: texts without labels and no objective are refused before anything is compiled', async () => {
  const noPipeline = {} as Pipeline; // never touched: the check comes first
  await assert.rejects(
    train(noPipeline, multiclass, { train: { texts: ['a', 'b'] } }, parseTrainOptions({})),
    /data\.train has no labels \(y\) and no objective was given/,
  );
});
