// The attention mask of a transformer encoder in the two forms its attention kernels take, each built once per
// graph on first use and shared by every layer:
//   mask  [B, T] float32 (1 = token, 0 = padding)
//   bias  [B, 1, 1, T] float32 = (1 − mask)·float32_min, added to the scores (Hugging Face's extended mask)
//   index [B, T] int32 (1 = attend): the mask_index of the fused com.microsoft Attention / QAttention kernels,
//         which add FLOAT32_MIN (their mask_filter_value) to masked scores — the same scores as `bias`.
import type { Value } from '../engine/graph.ts';
import * as op from '../engine/ops/index.ts';

/** torch.finfo(torch.float32).min, the value Hugging Face adds to masked attention scores. */
export const FLOAT32_MIN = -3.4028234663852886e38;

/** (1 − mask)·float32_min, shaped [B, 1, 1, T]. */
export function attentionMaskBias(mask: Value): Value {
  const m = op.unsqueeze(mask, [1, 2]); // [B, 1, 1, T]
  return op.mul(op.sub(1, m), FLOAT32_MIN);
}

export class AttentionMask {
  private biasValue: Value | undefined;
  private indexValue: Value | undefined;

  /** `scope` names the nodes (e.g. the model's module path). */
  constructor(
    readonly mask: Value,
    private readonly scope = '',
  ) {}

  /** [B, 1, 1, T] additive bias for plain-op attention. */
  get bias(): Value {
    this.biasValue ??= this.mask.graph.scope(this.scope, () => attentionMaskBias(this.mask));
    return this.biasValue;
  }

  /** [B, T] int32 mask index for the fused kernels. */
  get index(): Value {
    this.indexValue ??= this.mask.graph.scope(this.scope, () => op.cast(this.mask, 'int32'));
    return this.indexValue;
  }
}
