// Gradient of a 1-D, stride-1, group-1 convolution written as large matrix products. ONNX Runtime's
// ConvTranspose and the batch/channel-swapped Conv used by the generic rule run 5–10× slower than the forward
// Conv on TextCNN shapes ([32, 768, 128], k ≤ 5); these GEMM formulations cost about what the forward does.
//   x [B, C, T], w [O, C, k], dy [B, O, To], pads (p0, p1), dilation d; Tp = T + p0 + p1 = To + (k−1)·d
//   dw[:, :, j] = dy₂ᵀ · xs_j             dy₂ = dy as [B·To, O], xs_j = padded x rows j·d … j·d+To as [B·To, C]
//   dx = conv(dy, w flipped in time with channels swapped)   (see inputGradient)
import type { Value } from '../graph.ts';
import { add } from '../ops/elementwise.ts';
import { gemm, matmul } from '../ops/linalg.ts';
import { conv } from '../ops/conv.ts';
import { gather } from '../ops/indexing.ts';
import { concat, pad, reshape, slice, transpose, unsqueeze } from '../ops/shape-ops.ts';
import { int64 } from '../tensor.ts';

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

export function conv1dGradients(
  x: Value,
  w: Value,
  dy: Value,
  geo: Conv1dGeometry,
  want: { dx: boolean; dw: boolean } = { dx: true, dw: true },
): { dx: Value | null; dw: Value | null } {
  const { kernel: k, dilation: d, padBegin: p0, padEnd: p1 } = geo;
  const C = w.shape[1] as number;
  const O = w.shape[0] as number;
  const span = (k - 1) * d;

  const dx = want.dx ? inputGradient(dy, w, geo, C, O) : null; // [B, C, T]
  if (!want.dw) return { dx, dw: null };
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

  return { dx, dw }; // [B, C, T], [O, C, k]
}

/**
 * dx as a forward convolution of dy with the kernel flipped in time and its channel axes swapped:
 * dx[b, c, t] = Σ_o Σ_j dy[b, o, t + p0 − j·d] · w[o, c, j]. ONNX Runtime's forward Conv is its fastest
 * convolution kernel, so this costs about what the forward pass does. Needs p0, p1 ≤ (k−1)·d (always true for
 * 'valid' and 'same'); otherwise the GEMM-and-shift form below is used.
 */
function inputGradient(dy: Value, w: Value, geo: Conv1dGeometry, C: number, O: number): Value {
  const { kernel: k, dilation: d, padBegin: p0, padEnd: p1 } = geo;
  const span = (k - 1) * d;
  if (p0 <= span && p1 <= span) {
    const flipIdx = dy.graph.constant(
      int64(
        [k],
        Array.from({ length: k }, (_, j) => k - 1 - j),
      ),
      'flip',
    );
    const wFlip = transpose(gather(w, flipIdx, 2), [1, 0, 2]); // [C, O, k], taps reversed
    return conv(dy, wFlip, null, { dilations: [d], pads: [span - p0, span - p1] }); // [B, C, T]
  }
  // dxp = Σ_j shift_{j·d}(dyᵀ · w_j): one GEMM dyᵀ [B, To, O] @ [O, k·C], then k shifted slices summed.
  const dyt = transpose(dy, [0, 2, 1]); // [B, To, O]
  const wAll = reshape(transpose(w, [0, 2, 1]), [O, k * C]); // [O, k·C], column block j = w[:, :, j]
  const z = matmul(dyt, wAll); // [B, To, k·C]
  let dxp: Value | null = null;
  for (let j = 0; j < k; j++) {
    const zj = slice(z, 2, j * C, (j + 1) * C); // [B, To, C]
    const shifted = pad(zj, [0, j * d, 0, 0, span - j * d, 0]); // [B, Tp, C]
    dxp = dxp ? add(dxp, shifted) : shifted;
  }
  return transpose(sliceInner(dxp!, 1, p0, p1), [0, 2, 1]); // [B, C, T]
}
