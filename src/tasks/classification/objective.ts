// What a classifier's training step minimises, as the trainers plug it in (trainer.ts, presets/kim2014/train.ts):
// the Program inputs beyond the pipeline's, the loss of a batch's logits, and the feeds of a batch of training rows.
// goldObjective — the task's loss on the gold labels — is the default; distillation brings its own
// (tasks/distill/objective.ts: α · hard loss + (1 − α) · distance to a teacher's logits).
import type { Value } from '../../engine/graph.ts';
import type { InputSpec } from '../../engine/session.ts';
import type { HostTensor } from '../../engine/tensor.ts';
import { type ClassificationTask, targetSpec, targetTensor, taskLoss } from './task.ts';
import type { LabelledSplit } from './evaluate.ts';

export interface TrainObjective {
  /** Program inputs besides the pipeline's. */
  inputs: InputSpec[];
  /** The scalar loss of a batch's logits [B, C]; `x` holds every Program input by name. */
  loss(logits: Value, x: Record<string, Value | undefined>): Value;
  /** Feeds of `inputs` for training rows `idx`. */
  feeds(idx: readonly number[]): Record<string, HostTensor>;
}

/** The task's loss (task.ts taskLoss) on the gold labels `y` of the training rows: input `targets`. */
export function goldObjective(task: ClassificationTask, y: LabelledSplit['y']): TrainObjective {
  return {
    inputs: [targetSpec(task)],
    loss: (logits, x) => taskLoss(task, logits, x.targets!),
    feeds: (idx) => ({
      targets: targetTensor(
        task,
        idx.map((k) => y[k]!),
      ),
    }),
  };
}
