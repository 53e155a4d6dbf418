// The contract every classification head meets, so the trainer can wire any head without knowing it.
//   headInput 'tokens': forward(ctx, features [B, T, H] float32, mask [B, T] float32 (1 = real token)) → [B, C]
//   headInput 'pooled': forward(ctx, pooled [B, H] float32)                                          → [B, C]
//   headInput 'ids':    forward(ctx, ids [B, T] int64, mask [B, T] float32)  (no encoder at all)     → [B, C]
// Masks are prefixes (real tokens first). For token heads the same sentence padded to any T ≥ minLength gives
// the same logits. `regularization(ctx)` is an extra loss term (e.g. Keras-style L2) or null.
import type { BuildContext } from '../engine/program.ts';
import type { Value } from '../engine/graph.ts';
import type { Module } from '../nn/module.ts';
import * as op from '../engine/ops/index.ts';

export type HeadInput = 'tokens' | 'pooled' | 'ids';

export interface HeadApi {
  /** Logits [B, C]; see the module comment for the input contract. */
  forward(ctx: BuildContext, input: Value, mask?: Value): Value;
  /** Smallest padded length T the head accepts (1 for pooled heads). */
  readonly minLength: number;
  /** Extra loss term to add to the task loss, or null. */
  regularization(ctx: BuildContext): Value | null;
}

export type Head = Module & HeadApi;

/** The mask a token head needs, as float32 [B, T] (a mask given as int64/bool is cast). */
export function requireMask(ctx: BuildContext, who: string, input: Value, mask: Value | undefined): Value {
  if (!mask) throw ctx.g.error(who, 'a mask [B, T] is required for token inputs', [input]);
  if (mask.rank !== 2) throw ctx.g.error(who, 'mask must be [B, T]', [input, mask]);
  return mask.dtype === 'float32' ? mask : op.cast(mask, 'float32');
}
