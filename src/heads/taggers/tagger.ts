// The contract of token-tagging (NER) heads, so the tagging pipeline wires any of them without knowing it:
//   forward(ctx, features [B, T, D] float32, mask [B, T] float32 1/0 (1 = real sub-token, a prefix))
//     → emissions [B, T, L]: one score per tag for every sub-token
//   crf:          the head's linear-chain CRF (crf-layer.ts) when built with crf: true, else null (softmax output)
//   staticLength: forward needs a static T (the BiLSTM is unrolled): compile one Program per padded length
//   regularization(ctx): the L2 term added to the loss, or null
// Masking: emissions at real positions do not depend on padding (the same sentence padded to any T gives the same
// emissions on its tokens); emissions at padded positions are unspecified and never read by the caller.
import type { Value } from '../../engine/graph.ts';
import type { BuildContext } from '../../engine/program.ts';
import * as op from '../../engine/ops/index.ts';
import type { Module } from '../../nn/module.ts';
import type { CrfLayer } from './crf-layer.ts';

export interface TaggerApi {
  readonly numTags: number;
  readonly crf: CrfLayer | null;
  readonly staticLength: boolean;
  /** features [B, T, D], mask [B, T] → emissions [B, T, L]. */
  forward(ctx: BuildContext, features: Value, mask: Value): Value;
  /** Extra loss term (Keras-style L2, `l2` / `l2Bias` options) to add to the tagging loss, or null. */
  regularization(ctx: BuildContext): Value | null;
}

export type TaggerHead = Module & TaggerApi;

/** Checks the inputs of a tagger: features float32 [B, T, D] with D = inputDim, mask [B, T] (cast to float32). */
export function checkTaggerInputs(
  ctx: BuildContext,
  who: string,
  features: Value,
  mask: Value,
  inputDim: number,
): Value {
  const ins = [features, mask];
  if (features.rank !== 3 || features.dtype !== 'float32')
    throw ctx.g.error(who, 'features must be float32 [B, T, D]', ins);
  if (features.shape[2] !== inputDim)
    throw ctx.g.error(who, `features have ${String(features.shape[2])} channels, the head expects ${inputDim}`, ins);
  if (mask.rank !== 2) throw ctx.g.error(who, 'mask must be [B, T]', ins);
  return mask.dtype === 'float32' ? mask : ctx.g.scope(who, () => op.cast(mask, 'float32'));
}
