// What a student minimises, as a trainer plugs it in (a TrainObjective, classification/objective.ts): the extra
// Program inputs (beyond the pipeline's), the loss of a batch's logits and the feeds of a batch of transfer-set rows. The classification distillation trainer
// (trainer.ts) and the Kim (2014) trainer (presets/kim2014/train.ts) both train on distillObjective, so the loss
// (loss.ts: α · CE over the labelled rows + (1 − α) · D(student, teacher)) and its feeds exist once.
// Program inputs: `targets` [B] (α > 0; −100 / 0 for texts without a label), `labelled` [B] (α > 0 and some texts
// unlabeled) and `teacher` [B, K] (α < 1).
// A softmax student of a binary teacher (Kim's CNN always has one logit per class): the teacher's one logit z is
// log p₁/p₀, which for a 2-class softmax is z₁ − z₀, so the student's z₁ − z₀ [B, 1] is compared with it (and its
// hard term, BCE on z₁ − z₀, equals the 2-class cross-entropy).
import type { Value } from '../../engine/graph.ts';
import * as op from '../../engine/ops/index.ts';
import type { InputSpec } from '../../engine/session.ts';
import type { HostTensor } from '../../engine/tensor.ts';
import { type ClassificationTask, outputSize, targetSpec, targetTensor } from '../classification/task.ts';
import { distillLoss, type DistillLossOptions } from './loss.ts';
import type { TrainObjective } from '../classification/objective.ts';

export interface DistillObjectiveOptions {
  /** The teacher's task: the loss is computed in its terms (K = outputSize(task) logits per text). */
  task: ClassificationTask;
  /** Hard label (class index) of each training row, or null (augmented copies, unlabeled texts). */
  y: readonly (number | null)[];
  /** The teacher's logits [N, K] of every training row; null when α = 1 (no teacher term). */
  teacher: Float32Array | null;
  loss: DistillLossOptions;
  /** The student has one logit per class (softmax) while the teacher is binary: see the header. */
  softmaxStudent?: boolean;
}

/** Multi-class logits [B, 2] → the binary logit z₁ − z₀ [B, 1]. */
function binaryLogit(logits: Value): Value {
  return op.sub(op.slice(logits, 1, 1, 2), op.slice(logits, 1, 0, 1));
}

export function distillObjective(o: DistillObjectiveOptions): TrainObjective {
  const { task, y, teacher, loss } = o;
  const alpha = loss.alpha;
  const K = outputSize(task);
  const masked = alpha > 0 && y.some((v) => v === null);
  const inputs: InputSpec[] = [];
  if (alpha > 0) inputs.push(targetSpec(task));
  if (masked) inputs.push({ name: 'labelled', dtype: 'float32', shape: ['B'] });
  if (alpha < 1) {
    if (!teacher) throw new Error('distillObjective: α < 1 needs the teacher logits');
    inputs.push({ name: 'teacher', dtype: 'float32', shape: ['B', K] });
  }
  const adapt = o.softmaxStudent === true && task.kind === 'binary';
  const none = task.kind === 'multiclass' ? -100 : 0; // cross-entropy's ignore index; BCE rows masked by `labelled`
  return {
    inputs,
    loss: (logits, x) => distillLoss(task, adapt ? binaryLogit(logits) : logits, x, loss),
    feeds(idx) {
      const feeds: Record<string, HostTensor> = {};
      if (alpha > 0)
        feeds.targets = targetTensor(
          task,
          idx.map((k) => y[k] ?? none),
        );
      if (masked)
        feeds.labelled = {
          dtype: 'float32',
          shape: [idx.length],
          data: Float32Array.from(idx, (k) => (y[k] === null ? 0 : 1)),
        };
      if (alpha < 1) {
        const t = new Float32Array(idx.length * K); // [B, K]
        idx.forEach((k, b) => t.set(teacher!.subarray(k * K, (k + 1) * K), b * K));
        feeds.teacher = { dtype: 'float32', shape: [idx.length, K], data: t };
      }
      return feeds;
    },
  };
}
