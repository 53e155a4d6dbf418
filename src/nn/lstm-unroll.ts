// The LSTM recurrence of one layer, unrolled over a static number of steps T (one graph per length bucket).
// PyTorch nn.LSTM cell, gate rows ordered i, f, g, o (Hochreiter & Schmidhuber 1997, with forget gate):
//   z_t = xw_t + h_{t−1} W_hhᵀ                         [B, 4H]   (xw_t = x_t W_ihᵀ + b_ih + b_hh, precomputed)
//   i, f, o = σ(z) blocks 0, 1, 3;  g = tanh(z block 2)
//   c_t = f ⊙ c_{t−1} + i ⊙ g;  h_t = o ⊙ tanh(c_t)      [B, H]
//
// Padding costs no per-step node: `paddingBias` adds ±1e9 to the i and f pre-activations of padded steps, once
// for all steps, so those gates saturate to exactly 0 or 1 (σ(±1e9) is exactly 1 / 0 in float32, with zero
// derivative):
//   forward direction  i = 0, f = 1 → c_t = c_{t−1} exactly: the cell state is held past a row's end. h_t is
//                      recomputed from the held c but reaches nothing (outputs are masked, the next steps'
//                      saturated gates ignore it); the caller takes the final h at the last real step.
//   reverse direction  i = 0, f = 0 → c_t = 0 and h_t = o ⊙ tanh(0) = 0 on padded steps, so each row starts at
//                      its own last real token from a zero state (PyTorch's packed-sequence semantics).
// Gradients through padded steps are exactly 0. Per step the forward pass has 1 Slice of xw, 1 Gemm, 1 Sigmoid
// over all 4H columns (its g block is unused) + 1 Slice/Tanh for g, 3 gate Slices and 5 nodes for c and h.
import type { Value } from '../engine/graph.ts';
import * as op from '../engine/ops/index.ts';
import { tensor } from '../engine/tensor.ts';

const SATURATE = 1e9;

/**
 * Additive pre-activation bias for padded steps: (1 − mask) ⊙ pattern, [B, T, 1] → [B, T, D·4H]; pattern per
 * direction over the gate blocks (i, f, g, o): forward (−∞, +∞, 0, 0), reverse (−∞, −∞, 0, 0), ∞ = 1e9.
 */
export function paddingBias(mask3: Value, D: number, H: number): Value {
  const pattern = new Float32Array(D * 4 * H);
  for (let d = 0; d < D; d++) {
    pattern.fill(-SATURATE, d * 4 * H, d * 4 * H + H); // input gate closed
    pattern.fill(d === 0 ? SATURATE : -SATURATE, d * 4 * H + H, d * 4 * H + 2 * H); // forget gate: hold / reset
  }
  const p = mask3.graph.constant(tensor('float32', [D * 4 * H], pattern), 'lstm_padding_pattern');
  return op.mul(op.sub(1, mask3), p); // [B, T, D·4H]
}

/**
 * Per-step blocks of the input projections xw [B, T·D·4H] (step t, direction d = column block t·D + d) as a
 * function (t, d) ↦ [B, 4H]. The gradient of a Slice is a Pad back to its source's full size, so slicing all T
 * steps straight from xw would cost O(T·|xw|) in the backward pass (Pads and Adds dominated a T = 64 train step);
 * slicing chunks of C ≈ √T steps first, then steps from their chunk, costs O(√T·|xw|).
 */
export function stepSlicer(xw: Value, T: number, D: number, H: number): (t: number, d: number) => Value {
  const C = Math.ceil(Math.sqrt(T));
  const W = D * 4 * H; // columns per step
  const chunks = new Map<number, Value>();
  const chunk = (k: number): Value => {
    let v = chunks.get(k);
    if (!v) {
      v = C >= T ? xw : op.slice(xw, 1, k * C * W, Math.min((k + 1) * C, T) * W); // [B, ≤ C·W]
      chunks.set(k, v);
    }
    return v;
  };
  return (t, d) => {
    const k = Math.floor(t / C);
    const col = ((t - k * C) * D + d) * 4 * H;
    return op.slice(chunk(k), 1, col, col + 4 * H); // [B, 4H]
  };
}

/** The cell update from pre-activations z [B, 4H] and the previous cell state (null = zero state). */
function cell(z: Value, cPrev: Value | null, H: number): { h: Value; c: Value } {
  const sig = op.sigmoid(z); // [B, 4H]
  const i = op.slice(sig, 1, 0, H); // [B, H]
  const o = op.slice(sig, 1, 3 * H, 4 * H);
  const g = op.tanh(op.slice(z, 1, 2 * H, 3 * H));
  let c = op.mul(i, g); // [B, H]
  if (cPrev) c = op.add(op.mul(op.slice(sig, 1, H, 2 * H), cPrev), c);
  return { h: op.mul(o, op.tanh(c)), c };
}

export interface DirectionResult {
  /** h_t per step, in time order ([B, H] each). */
  hs: Value[];
  /** State after the last step processed: t = T − 1 (forward) or t = 0 (reverse). [B, H] */
  h: Value;
  c: Value;
}

/**
 * Runs direction d (0 = forward over t = 0 … T−1, 1 = reverse) from a zero state. xw(t, d) gives the step's
 * input projection [B, 4H] (padding bias included); whh is W_hh [4H, H].
 */
export function unrollDirection(
  xw: (t: number, d: number) => Value,
  whh: Value,
  H: number,
  T: number,
  d: number,
): DirectionResult {
  const hs = new Array<Value>(T);
  let h: Value | null = null;
  let c: Value | null = null;
  for (let k = 0; k < T; k++) {
    const t = d === 1 ? T - 1 - k : k;
    const xt = xw(t, d); // [B, 4H]
    const z = h ? op.gemm(h, whh, xt, { transB: true }) : xt; // [B, 4H]
    ({ h, c } = cell(z, c, H));
    hs[t] = h;
  }
  return { hs, h: h!, c: c! };
}
