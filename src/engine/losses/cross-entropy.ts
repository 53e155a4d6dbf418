// Multi-class cross-entropy from logits, with class weights, ignore-index and label smoothing — the semantics of
// torch.nn.functional.cross_entropy(logits, labels, weight, ignore_index, reduction='mean', label_smoothing).
//
//   logp = log_softmax(logits) over the class axis (the LAST axis here)
//   v_i  = [y_i ≠ ignoreIndex]            w_c = classWeights[c] (1 when absent)
//   loss = Σ_i v_i · [ (1−ε)·w_{y_i}·(−logp_{i,y_i}) + (ε/C)·Σ_c w_c·(−logp_{i,c}) ]  /  Σ_i v_i · w_{y_i}
//
// (torch's weighted mean; ε = labelSmoothing). When the denominator is 0 (every row ignored) the loss is 0, not
// NaN as in torch. Ignored rows have their label replaced by 0 before any gather, so an ignore index such as
// −100 never indexes out of range, and they receive zero gradient.
//
// Shapes: logits [N, C] with labels int64 [N] (sequence classification), or logits [N, T, C] with labels
// [N, T] (token classification; padding labelled ignoreIndex) — any rank works: labels = logits.shape[:-1].
// Output: float32 scalar. Note the class axis is last; torch wants [N, C, T] for the token case, i.e.
// F.cross_entropy(logits.transpose(1, 2), labels) equals crossEntropy(logits, labels).
// Binary classification is the C = 2 case (or bceWithLogits on one logit).
import { GraphError } from '../../errors.ts';
import type { Value } from '../graph.ts';
import * as op from '../ops/index.ts';
import { asVector, checkShape, safeDiv } from './common.ts';

export interface CrossEntropyOptions {
  /** Per-class weights, [C] (torch's `weight`). */
  classWeights?: Value | number[];
  /** Label value whose rows contribute nothing (torch's default −100). */
  ignoreIndex?: number;
  /** ε in [0, 1): target = (1−ε)·one_hot + ε/C (torch's `label_smoothing`). Default 0. */
  labelSmoothing?: number;
}

export function crossEntropy(logits: Value, labels: Value, opts: CrossEntropyOptions = {}): Value {
  const g = logits.graph;
  const inputs = [logits, labels];
  if (logits.dtype !== 'float32') throw g.error('crossEntropy', `logits must be float32, got ${logits.dtype}`, inputs);
  if (logits.rank < 2) throw g.error('crossEntropy', 'logits must be [N, C] or [N, T, C]', inputs);
  if (labels.dtype !== 'int64' && labels.dtype !== 'int32') {
    throw g.error('crossEntropy', `labels must be int64, got ${labels.dtype}`, inputs);
  }
  checkShape(logits, 'crossEntropy labels', labels, logits.shape.slice(0, -1));
  const eps = opts.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps < 1)) throw new GraphError(`crossEntropy: labelSmoothing must be in [0, 1), got ${eps}`);
  const classes = logits.shape[logits.rank - 1]!;
  const ignoreIndex = opts.ignoreIndex ?? -100;

  return g.scope('cross_entropy', () => {
    const y = op.cast(labels, 'int64'); // [N, (T)]
    const valid = op.not(op.equal(y, ignoreIndex)); // bool [N, (T)]
    const safeY = op.where(valid, y, 0); // ignored rows point at class 0
    const validF = op.cast(valid, 'float32');
    const logp = op.logSoftmax(logits, -1); // [N, (T), C]
    const picked = op.squeeze(op.gatherElements(logp, op.unsqueeze(safeY, [-1]), -1), [-1]); // [N, (T)]
    const allAxes = [...Array(labels.rank).keys()];

    let rowWeight = validF; // v_i · w_{y_i}
    let weights: Value | null = null;
    if (opts.classWeights !== undefined) {
      weights = asVector(logits, opts.classWeights, 'classWeights', classes);
      rowWeight = op.mul(op.gather(weights, safeY, 0), validF);
    }
    let num = op.reduceSum(op.mul(op.neg(picked), rowWeight), allAxes); // Σ v·w_y·(−logp_y)
    if (eps > 0) {
      if (typeof classes !== 'number')
        throw g.error('crossEntropy', 'labelSmoothing needs a static class count', inputs);
      const perClass = weights ? op.mul(logp, weights) : logp; // [N, (T), C]
      const smooth = op.mul(op.neg(op.reduceSum(perClass, [logits.rank - 1])), validF); // [N, (T)]
      num = op.add(op.mul(num, 1 - eps), op.mul(op.reduceSum(smooth, allAxes), eps / classes));
    }
    const den = op.reduceSum(rowWeight, allAxes);
    return safeDiv(num, den);
  });
}
