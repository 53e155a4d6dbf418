// Sentence classification as a task: how labels become targets, which loss trains the logits, how logits become
// probabilities and decisions, and which metrics judge them.
//   binary      one logit per text, sigmoid, BCE; the positive class is labels[1]; threshold 0.5 (or tuned)
//   multiclass  C logits, softmax, cross-entropy
//   multilabel  L logits, per-label sigmoid, BCE; per-label thresholds (0.5, or tuned on dev)
// Class weights: explicit, or 'balanced' (n / (C · count_c), scikit-learn's rule; multilabel: pos_weight =
// negatives / positives per label).
import { UsageError } from '../../errors.ts';
import type { Value } from '../../engine/graph.ts';
import type { InputSpec } from '../../engine/session.ts';
import type { HostTensor } from '../../engine/tensor.ts';
import * as op from '../../engine/ops/index.ts';
import { bceWithLogits, crossEntropy } from '../../engine/losses/index.ts';
import type { LabelMap } from '../../data/labels.ts';

export type TaskKind = 'binary' | 'multiclass' | 'multilabel';

export interface ClassificationTask {
  kind: TaskKind;
  labels: string[];
  /** Per class (binary/multiclass) or per-label pos_weight (multilabel). */
  classWeights?: number[];
  /** Decision thresholds: binary [1], multilabel [L]. */
  thresholds?: number[];
}

export function taskFromLabels(map: LabelMap, kind?: TaskKind): ClassificationTask {
  const inferred: TaskKind = map.multiLabel ? 'multilabel' : map.labels.length === 2 ? 'binary' : 'multiclass';
  const k = kind ?? inferred;
  if (k === 'binary' && map.labels.length !== 2) {
    throw new UsageError(
      `task binary needs exactly 2 labels, the training data has ${map.labels.length}: ${map.labels.join(', ')}`,
    );
  }
  if (k !== 'multilabel' && map.multiLabel)
    throw new UsageError(`task ${k} cannot train on multi-label data (records with "labels")`);
  if (map.labels.length < 2 && k !== 'multilabel')
    throw new UsageError(
      `classification needs ≥ 2 labels, the training data has ${map.labels.length}: ${map.labels.join(', ')}`,
    );
  return { kind: k, labels: map.labels };
}

/** Number of logits the head must produce. */
export function outputSize(t: ClassificationTask): number {
  return t.kind === 'binary' ? 1 : t.labels.length;
}

/** The Program input that carries targets. */
export function targetSpec(t: ClassificationTask): InputSpec {
  if (t.kind === 'multiclass') return { name: 'targets', dtype: 'int64', shape: ['B'] };
  if (t.kind === 'binary') return { name: 'targets', dtype: 'float32', shape: ['B'] };
  return { name: 'targets', dtype: 'float32', shape: ['B', t.labels.length] };
}

/** Targets for a batch: class indices (binary/multiclass) or index lists (multilabel). */
export function targetTensor(t: ClassificationTask, y: readonly (number | number[])[]): HostTensor {
  const B = y.length;
  if (t.kind === 'multiclass')
    return { dtype: 'int64', shape: [B], data: BigInt64Array.from(y as number[], (v) => BigInt(v)) };
  if (t.kind === 'binary') return { dtype: 'float32', shape: [B], data: Float32Array.from(y as number[]) };
  const L = t.labels.length;
  const data = new Float32Array(B * L);
  (y as number[][]).forEach((ls, b) => ls.forEach((l) => (data[b * L + l] = 1)));
  return { dtype: 'float32', shape: [B, L], data };
}

/** Scalar training loss for logits [B, outputSize] and the targets input. */
export function taskLoss(t: ClassificationTask, logits: Value, targets: Value): Value {
  const w = t.classWeights;
  if (t.kind === 'multiclass') return crossEntropy(logits, targets, w ? { classWeights: w } : {});
  if (t.kind === 'multilabel') return bceWithLogits(logits, targets, w ? { posWeight: w } : {});
  const x = op.squeeze(logits, [1]); // [B]
  if (!w) return bceWithLogits(x, targets);
  const perExample = op.add(op.mul(targets, w[1]! - w[0]!), w[0]!); // w0 + (w1 − w0)·y, [B]
  return bceWithLogits(x, targets, { weights: perExample });
}

/** 'balanced' class weights from encoded training labels. */
export function balancedWeights(t: ClassificationTask, y: readonly (number | number[])[]): number[] {
  const C = t.labels.length;
  const counts = new Array<number>(C).fill(0);
  if (t.kind === 'multilabel') {
    for (const ls of y as number[][]) for (const l of ls) counts[l]!++;
    return counts.map((pos) => (pos === 0 ? 1 : (y.length - pos) / pos));
  }
  for (const c of y as number[]) counts[c]!++;
  return counts.map((n) => (n === 0 ? 0 : y.length / (C * n)));
}

/** Probabilities per class/label, [B, C] row-major (binary: [1 − p, p]). */
export function probabilities(t: ClassificationTask, logits: Float32Array, batch: number): Float32Array {
  const C = t.labels.length;
  const out = new Float32Array(batch * C);
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  for (let b = 0; b < batch; b++) {
    if (t.kind === 'binary') {
      const p = sigmoid(logits[b]!);
      out[2 * b] = 1 - p;
      out[2 * b + 1] = p;
    } else if (t.kind === 'multilabel') {
      for (let c = 0; c < C; c++) out[b * C + c] = sigmoid(logits[b * C + c]!);
    } else {
      let m = -Infinity;
      for (let c = 0; c < C; c++) m = Math.max(m, logits[b * C + c]!);
      let z = 0;
      for (let c = 0; c < C; c++) z += Math.exp(logits[b * C + c]! - m);
      for (let c = 0; c < C; c++) out[b * C + c] = Math.exp(logits[b * C + c]! - m) / z;
    }
  }
  return out;
}

/** Decisions from probabilities: a class index per row, or label index lists (multilabel). */
export function decide(t: ClassificationTask, probs: Float32Array, batch: number): number[] | number[][] {
  const C = t.labels.length;
  if (t.kind === 'multilabel') {
    const th = t.thresholds ?? new Array<number>(C).fill(0.5);
    return Array.from({ length: batch }, (_, b) => th.flatMap((h, c) => (probs[b * C + c]! >= h ? [c] : [])));
  }
  if (t.kind === 'binary') {
    const h = t.thresholds?.[0] ?? 0.5;
    return Array.from({ length: batch }, (_, b) => (probs[2 * b + 1]! >= h ? 1 : 0));
  }
  return Array.from({ length: batch }, (_, b) => {
    let best = 0;
    for (let c = 1; c < C; c++) if (probs[b * C + c]! > probs[b * C + best]!) best = c;
    return best;
  });
}

/** The rule of `--threshold` everywhere: binary and multi-label runs only, in (0, 1). Returns the task to use. */
export function withThreshold(task: ClassificationTask, threshold: number | undefined): ClassificationTask {
  if (threshold === undefined) return task;
  if (!(threshold > 0 && threshold < 1)) throw new UsageError(`--threshold must be in (0, 1), got ${threshold}`);
  if (task.kind === 'multiclass')
    throw new UsageError('--threshold applies to binary and multi-label runs; this run is multi-class (argmax)');
  return { ...task, thresholds: task.kind === 'binary' ? [threshold] : task.labels.map(() => threshold) };
}
