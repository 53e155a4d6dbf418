// The tagging loss over labelled words only. The tagger's per-sub-token emissions are gathered at each labelled
// word's first sub-token, so the other sub-tokens (and padding) never enter the loss:
//   emissions [B, T, L], word_index [B, W] → word emissions [B, W, L]   (GatherElements along T)
//   softmax taggers: cross-entropy, mean over labelled words (targets −100 on padding are ignored) — the same
//                    value as token-level cross-entropy with ignore-index on non-first sub-tokens
//   CRF taggers:     linear-chain CRF NLL over the word sequence, word_mask as its mask, mean over sentences
//                    (pytorch-crf's reduction='mean'); every sentence needs ≥ 1 labelled word (mask[:, 0] = 1)
import type { Value } from '../../engine/graph.ts';
import * as op from '../../engine/ops/index.ts';
import { crfNll, crossEntropy, type CrfParams } from '../../engine/losses/index.ts';
import { IGNORE_INDEX } from './targets.ts';

/** emissions [B, T, L] at positions word_index [B, W] (int64) → [B, W, L]. */
export function gatherWords(emissions: Value, wordIndex: Value): Value {
  const [B, , L] = emissions.shape;
  const W = wordIndex.shape[1]!;
  const idx = op.unsqueeze(wordIndex, [2]); // [B, W, 1]
  const shape = op.concat([op.slice(op.shapeOf(idx), 0, 0, 2), op.slice(op.shapeOf(emissions), 0, 2, 3)], 0); // [B, W, L]
  return op.gatherElements(emissions, op.expand(idx, shape, [B!, W, L!]), 1); // [B, W, L]
}

/** Scalar loss of word-level targets [B, W] (−100 on padding) under a softmax or CRF output. */
export function taggingLoss(
  emissions: Value,
  wordIndex: Value,
  wordMask: Value,
  targets: Value,
  crf: CrfParams | null,
): Value {
  return emissions.graph.scope('tagging_loss', () => {
    const words = gatherWords(emissions, wordIndex); // [B, W, L]
    if (crf) return crfNll(crf, words, targets, wordMask, 'mean');
    return crossEntropy(words, targets, { ignoreIndex: IGNORE_INDEX });
  });
}
