// Gradient of a 1-D, stride-1, group-1 convolution written as large matrix products. ONNX Runtime's
// ConvTranspose and the batch/channel-swapped Conv used by the generic rule run 5–10× slower than the forward
// Conv on TextCNN shapes ([32, 768, 128], k ≤ 5); these GEMM formulations cost about what the forward does.
//   x [B, C, T], w [O, C, k], dy [B, O, To], pads (p0, p1), dilation d; Tp = T + p0 + p1 = To + (k−1)·d
//   dw[:, :, j] = dy₂ᵀ · xs_j             dy₂ = dy as [B·To, O], xs_j = padded x rows j·d … j·d+To as [B·To, C]
//   dxp = Σ_j shift_{j·d}( dyᵀ · w_j )     one GEMM dyᵀ [B, To, O] @ [O, k·C], then k shifted slices summed
//   dx = dxp without the padding rows, as [B, C, T]
import type { Value } from '../graph.ts';
import { add } from '../ops/elementwise.ts';
import { gemm, matmul } from '../ops/linalg.ts';
import { concat, pad, reshape, slice, transpose, unsqueeze } from '../ops/shape-ops.ts';

export interface Conv1dGeometry {
  kernel: number;
  dilation: number;
  padBegin: number;
  padEnd: number;
}

/** Slice [start, size − fromEnd) on `axis`, valid for symbolic sizes (negative end counts from the end). */
function sliceInner(x: Value, axis: number, start: number, fromEnd: number): Value {
  const n = x.shape[axis]!;
  if (typeof n === 'number') return slice(x, axis, start, n - fromEnd);
  return slice(x, axis, start, fromEnd === 0 ? Number.MAX_SAFE_INTEGER : -fromEnd);
}

export function conv1dGradients(x: Value, w: Value, dy: Value, geo: Conv1dGeometry): { dx: Value; dw: Value } {
  const { kernel: k, dilation: d, padBegin: p0, padEnd: p1 } = geo;
  const C = w.shape[1] as number;
  const O = w.shape[0] as number;
  const span = (k - 1) * d;

  const xt = transpose(x, [0, 2, 1]); // [B, T, C]
  const xp = p0 + p1 > 0 ? pad(xt, [0, p0, 0, 0, p1, 0]) : xt; // [B, Tp, C]
  const dyt = transpose(dy, [0, 2, 1]); // [B, To, O]
  const dy2 = reshape(dyt, [-1, O]); // [B·To, O]

  // dw: one [O, B·To] × [B·To, C] product per kernel tap.
  const taps: Value[] = [];
  for (let j = 0; j < k; j++) {
    const xs = reshape(sliceInner(xp, 1, j * d, span - j * d), [-1, C]); // [B·To, C]
    taps.push(unsqueeze(gemm(dy2, xs, null, { transA: true }), [2])); // [O, C, 1]
  }
  const dw = concat(taps, 2); // [O, C, k]

  // dx: z = dyᵀ @ [w_0 | … | w_{k−1}] → [B, To, k·C]; tap j lands at time offset j·d of the padded input.
  const wAll = reshape(transpose(w, [0, 2, 1]), [O, k * C]); // [O, k·C], column block j = w[:, :, j]
  const z = matmul(dyt, wAll); // [B, To, k·C]
  let dxp: Value | null = null;
  for (let j = 0; j < k; j++) {
    const zj = slice(z, 2, j * C, (j + 1) * C); // [B, To, C]
    const shifted = pad(zj, [0, j * d, 0, 0, span - j * d, 0]); // [B, Tp, C]
    dxp = dxp ? add(dxp, shifted) : shifted;
  }
  const dxt = sliceInner(dxp!, 1, p0, p1); // [B, T, C]
  return { dx: transpose(dxt, [0, 2, 1]), dw }; // [B, C, T], [O, C, k]
}
