// Linear-chain CRF negative log-likelihood with the forward algorithm, as pytorch-crf (kmkurn/pytorch-crf,
// `CRF(num_tags, batch_first=True)`, `-crf(emissions, tags, mask, reduction)`) defines it. Lafferty et al. 2001;
// the BiLSTM-CRF tagger of Lample et al. 2016.
//
// Parameters: start [L], end [L], transitions [L, L] (transitions[i, j] = score of tag i → tag j).
// Inputs: emissions [B, T, L] float32, tags int64 [B, T], mask [B, T] float32 1/0 (mask[:, 0] = 1; padding
// only at the end of each row; tags at padded steps are ignored, whatever their value). T and L must be static:
// the time loop is unrolled, one graph per length bucket.
//
//   score(y) = start[y_0] + e_0[y_0] + Σ_{t≥1} m_t·(trans[y_{t−1}, y_t] + e_t[y_t]) + end[y_last]
//   α_0      = start + e_0                                                     [B, L]
//   α_t[j]   = m_t · logsumexp_i(α_{t−1}[i] + trans[i, j] + e_t[j]) + (1 − m_t) · α_{t−1}[j]
//   log Z    = logsumexp_j(α_{T−1}[j] + end[j])                                [B]
//   nll_b    = log Z_b − score_b(gold)
//
// reduction 'mean' (default): mean over the batch of nll_b (pytorch-crf's forward with reduction='mean',
// negated); 'sum': Σ_b nll_b (its default reduction); 'token_mean': Σ_b nll_b / Σ mask; 'none': nll [B].
import type { Value } from '../graph.ts';
import * as op from '../ops/index.ts';
import { checkShape, logSumExp } from './common.ts';

export interface CrfParams {
  start: Value; // [L]
  end: Value; // [L]
  transitions: Value; // [L, L], from i (row) to j (column)
}

export type CrfReduction = 'mean' | 'sum' | 'token_mean' | 'none';

/** Static T and L of emissions [B, T, L], after checking every other input against them. */
function dims(p: CrfParams, emissions: Value, mask: Value, tags?: Value): { T: number; L: number } {
  const g = emissions.graph;
  const all = [emissions, tags ?? null, mask, p.start, p.end, p.transitions];
  if (emissions.rank !== 3 || emissions.dtype !== 'float32')
    throw g.error('crf', 'emissions must be float32 [B, T, L]', all);
  const [B, T, L] = emissions.shape as [number | string, number | string, number | string];
  if (typeof T !== 'number') {
    throw g.error(
      'crf',
      `sequence length must be static (the forward recursion is unrolled per length bucket), got '${T}'`,
      all,
    );
  }
  if (typeof L !== 'number') throw g.error('crf', `number of tags must be static, got '${L}'`, all);
  if (tags && tags.dtype !== 'int64' && tags.dtype !== 'int32')
    throw g.error('crf', `tags must be int64, got ${tags.dtype}`, all);
  if (mask.dtype !== 'float32') throw g.error('crf', `mask must be float32 1/0, got ${mask.dtype}`, all);
  if (tags) checkShape(emissions, 'crf tags', tags, [B, T]);
  checkShape(emissions, 'crf mask', mask, [B, T]);
  checkShape(emissions, 'crf start', p.start, [L]);
  checkShape(emissions, 'crf end', p.end, [L]);
  checkShape(emissions, 'crf transitions', p.transitions, [L, L]);
  return { T, L };
}

/** Score of the tagged path per sentence: [B]. */
export function crfGoldScore(p: CrfParams, emissions: Value, tags: Value, mask: Value): Value {
  const { T, L } = dims(p, emissions, mask, tags);
  return emissions.graph.scope('crf_gold', () => {
    // padded steps may carry any label (e.g. −100, as for cross-entropy): point them at tag 0 before gathering
    const y = op.where(op.greater(mask, 0), op.cast(tags, 'int64'), 0); // [B, T]
    // emissions of the gold tags, masked: Σ_t m_t · e_t[y_t] (m_0 = 1)
    const e = op.squeeze(op.gatherElements(emissions, op.unsqueeze(y, [2]), 2), [2]); // [B, T]
    let score = op.reduceSum(op.mul(e, mask), [1]); // [B]
    const y0 = op.squeeze(op.slice(y, 1, 0, 1), [1]); // [B]
    score = op.add(score, op.gather(p.start, y0, 0));
    if (T > 1) {
      // trans[y_{t−1}, y_t] through the flattened [L·L] matrix, index y_{t−1}·L + y_t
      const prev = op.slice(y, 1, 0, T - 1); // [B, T−1]
      const next = op.slice(y, 1, 1, T);
      const flat = op.reshape(p.transitions, [L * L]);
      const tr = op.gather(flat, op.add(op.mul(prev, L), next), 0); // [B, T−1]
      score = op.add(score, op.reduceSum(op.mul(tr, op.slice(mask, 1, 1, T)), [1]));
    }
    // end[y_last]: the last on-step is where m_t − m_{t+1} = 1 (with m_T = 0)
    const mNext = T > 1 ? op.concat([op.slice(mask, 1, 1, T), op.mul(op.slice(mask, 1, 0, 1), 0)], 1) : op.mul(mask, 0);
    const isLast = op.sub(mask, mNext); // [B, T], one-hot
    const endOfTag = op.gather(p.end, y, 0); // [B, T]
    return op.add(score, op.reduceSum(op.mul(endOfTag, isLast), [1]));
  });
}

/**
 * log Z per sentence by the forward algorithm, unrolled over the static T: [B]. α is kept as a row [B, 1, L]
 * so each step needs only a slice of the emissions, one transpose and a keepdims logsumexp (few backward nodes).
 */
export function crfLogPartition(p: CrfParams, emissions: Value, mask: Value): Value {
  const { T } = dims(p, emissions, mask);
  return emissions.graph.scope('crf_forward', () => {
    const emit = (t: number) => op.slice(emissions, 1, t, t + 1); // [B, 1, L]
    const mask3 = op.unsqueeze(mask, [2]); // [B, T, 1]
    let alpha = op.add(p.start, emit(0)); // [B, 1, L]
    for (let t = 1; t < T; t++) {
      // α as a column [B, L, 1] + trans [L, L] + e_t [B, 1, L] → [B, L(from), L(to)]
      const scores = op.add(op.add(op.transpose(alpha, [0, 2, 1]), p.transitions), emit(t));
      const next = logSumExp(scores, 1, true); // [B, 1, L]
      const m = op.slice(mask3, 1, t, t + 1); // [B, 1, 1]
      alpha = op.add(alpha, op.mul(m, op.sub(next, alpha))); // m ? next : α
    }
    return logSumExp(op.squeeze(op.add(alpha, p.end), [1]), 1); // [B]
  });
}

/** The CRF loss: reduced negative log-likelihood of the gold tags (scalar, or [B] with 'none'). */
export function crfNll(
  p: CrfParams,
  emissions: Value,
  tags: Value,
  mask: Value,
  reduction: CrfReduction = 'mean',
): Value {
  const g = emissions.graph;
  return g.scope('crf', () => {
    const nll = op.sub(crfLogPartition(p, emissions, mask), crfGoldScore(p, emissions, tags, mask)); // [B]
    switch (reduction) {
      case 'none':
        return nll;
      case 'sum':
        return op.reduceSum(nll, [0]);
      case 'mean':
        return op.reduceMean(nll, [0]);
      case 'token_mean':
        return op.div(op.reduceSum(nll, [0]), op.reduceSum(mask, [0, 1]));
    }
  });
}
