// The distillation loss of Hinton et al. (2015) and Tang et al. (2019), "Distilling Task-Specific Knowledge from
// BERT into Simple Neural Networks": the student learns from the hard labels and from the teacher's logits,
//
//   loss = α · CE(student logits, hard labels)  +  (1 − α) · D(student logits, teacher logits)
//
//   D = 'mse'  mean over every element of (z_s − z_t)²                (Tang et al.; torch's MSELoss, mean)
//   D = 'kl'   T² · mean_b Σ_c p_t,c · (log p_t,c − log p_s,c),  p = softmax(z / T)   (Hinton; torch's
//              kl_div(log_softmax(z_s/T), softmax(z_t/T), reduction='batchmean') · T²)
//
// CE is the task's own training loss (task.ts taskLoss: cross-entropy, or BCE on one logit for binary tasks), so
// α = 1 trains exactly as `bertcnn train` does. Texts without a hard label (augmented copies, the unlabeled file)
// carry only the teacher term: multi-class targets hold −100 (cross-entropy's ignore index), binary ones a 0/1
// `labelled` mask. Binary tasks have one logit z; KL reads it as the two-class logits [0, z] (softmax = sigmoid).
// Shapes: student and teacher logits [B, K] (K = 1 binary, C multi-class); targets [B]; labelled [B].
import { UsageError } from '../../errors.ts';
import type { Value } from '../../engine/graph.ts';
import * as op from '../../engine/ops/index.ts';
import { bceWithLogits } from '../../engine/losses/index.ts';
import { type ClassificationTask, taskLoss } from '../classification/task.ts';

export const DISTANCES = ['mse', 'kl'] as const;
export type Distance = (typeof DISTANCES)[number];

export interface DistillLossOptions {
  /** Weight of the hard-label term, in [0, 1]. */
  alpha: number;
  /** KL temperature T > 0 (ignored by 'mse'). */
  temperature: number;
  distance: Distance;
}

/** Refuses settings outside their range (UsageError naming the flag). */
export function checkDistillLoss(o: DistillLossOptions, task?: ClassificationTask): void {
  if (!(o.alpha >= 0 && o.alpha <= 1)) throw new UsageError(`--alpha must be in [0, 1], got ${o.alpha}`);
  if (!(o.temperature > 0)) throw new UsageError(`--temperature must be > 0, got ${o.temperature}`);
  if (!DISTANCES.includes(o.distance))
    throw new UsageError(`--loss must be one of ${DISTANCES.join('|')}, got ${String(o.distance)}`);
  if (task?.kind === 'multilabel')
    throw new UsageError('distillation handles binary and multi-class teachers; this teacher is multi-label');
}

/** The hard-label term: the task loss over the labelled rows (`labelled` given: some rows have no label). */
export function hardLoss(task: ClassificationTask, logits: Value, targets: Value, labelled?: Value): Value {
  if (!labelled || task.kind === 'multiclass') return taskLoss(task, logits, targets); // −100 rows are ignored
  const x = op.squeeze(logits, [1]); // [B]
  const w = task.classWeights;
  const weights = w ? op.add(op.mul(targets, w[1]! - w[0]!), w[0]!) : undefined; // [B]
  return bceWithLogits(x, targets, { mask: labelled, ...(weights ? { weights } : {}) });
}

/** Binary tasks: one logit z → two-class logits [0, z]; [B, K] otherwise unchanged. */
function classLogits(task: ClassificationTask, z: Value): Value {
  return task.kind === 'binary' ? op.concat([op.mul(z, 0), z], 1) : z; // [B, 2] | [B, C]
}

/** D per row over the last axis, [..., K] → [...]: 'mse' the mean of (z_s − z_t)² over K, 'kl' T² · KL(p_t ‖ p_s)
 *  (NER students: one row per word, ner-objective.ts). */
export function rowDistance(student: Value, teacher: Value, o: DistillLossOptions): Value {
  const last = student.rank - 1;
  if (o.distance === 'mse') {
    const d = op.sub(student, teacher); // [..., K]
    return op.reduceMean(op.mul(d, d), [last]);
  }
  const T = o.temperature;
  const logPs = op.logSoftmax(op.div(student, T), -1); // [..., K]
  const logPt = op.logSoftmax(op.div(teacher, T), -1);
  return op.mul(op.reduceSum(op.mul(op.exp(logPt), op.sub(logPt, logPs)), [last]), T * T); // [...]
}

/** The teacher term D(student, teacher) over every row: the mean of rowDistance over the batch. */
export function teacherLoss(task: ClassificationTask, student: Value, teacher: Value, o: DistillLossOptions): Value {
  const [s, t] = o.distance === 'mse' ? [student, teacher] : [classLogits(task, student), classLogits(task, teacher)];
  return op.reduceMean(rowDistance(s, t, o), [0]);
}

/** α · hard + (1 − α) · teacher; the terms with weight 0 are left out of the graph. */
export function distillLoss(
  task: ClassificationTask,
  logits: Value,
  x: { targets?: Value; labelled?: Value; teacher?: Value },
  o: DistillLossOptions,
): Value {
  const hard = o.alpha > 0 ? hardLoss(task, logits, x.targets!, x.labelled) : null;
  const soft = o.alpha < 1 ? teacherLoss(task, logits, x.teacher!, o) : null;
  if (!soft) return hard!;
  if (!hard) return soft;
  return op.add(op.mul(hard, o.alpha), op.mul(soft, 1 - o.alpha));
}
