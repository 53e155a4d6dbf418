// The LSTM recurrence of one layer, unrolled over a static number of steps T (one graph per length bucket).
// PyTorch nn.LSTM cell, gate rows ordered i, f, g, o (Hochreiter & Schmidhuber 1997, with forget gate):
//   z_t = xw_t + h_{t−1} W_hhᵀ                         [B, 4H]   (xw_t = x_t W_ihᵀ + b_ih + b_hh, precomputed)
//   i, f, o = σ(z) blocks 0, 1, 3;  g = tanh(z block 2)
//   c_t = f ⊙ c_{t−1} + i ⊙ g;  h_t = o ⊙ tanh(c_t)      [B, H]
// Padding (mask, padding only at the end of a row) follows PyTorch packed sequences:
//   forward direction:  past a row's end the state is held (h, c frozen), so the final state is the last real one;
//   reverse direction:  runs t = T−1 … 0 and the state is 0 on padded steps, so each row starts at its own last
//                       real token from a zero state.
// Node budget per step (forward pass): 1 Slice of xw, 1 Gemm, 1 Sigmoid over all 4H columns (the g block is
// unused) + 1 Slice/Tanh for g, 3 gate Slices, 5 for c/h, 2 Where with a mask — no Shape/Reshape per step.
import type { Value } from '../engine/graph.ts';
import * as op from '../engine/ops/index.ts';

export interface UnrollSpec {
  /** Input projections of all steps and directions: [B, T·D·4H]; step t, direction d is column block t·D + d. */
  xw: Value;
  /** Recurrent weights, one per direction: [4H, H]. */
  whh: Value[];
  hidden: number;
  steps: number;
  /** Per-step row masks, bool [B, 1] (true = real token); null when every step is real. */
  stepMask: ((t: number) => Value) | null;
}

export interface DirectionResult {
  /** h_t per step in time order ([B, H] each; held or zero on padded steps, see above). */
  hs: Value[];
  /** Final states [B, H]: after the last real token (forward) or after token 0 (reverse). */
  h: Value;
  c: Value;
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

/** Runs direction d (0 = forward, 1 = reverse) of a layer; D = spec.whh.length. */
export function unrollDirection(spec: UnrollSpec, d: number): DirectionResult {
  const { xw, hidden: H, steps: T, stepMask } = spec;
  const D = spec.whh.length;
  const whh = spec.whh[d]!;
  const reverse = d === 1;
  const hs: Value[] = new Array<Value>(T);
  let h: Value | null = null;
  let c: Value | null = null;
  for (let k = 0; k < T; k++) {
    const t = reverse ? T - 1 - k : k;
    const col = (t * D + d) * 4 * H;
    const xt = op.slice(xw, 1, col, col + 4 * H); // [B, 4H]
    const z = h ? op.gemm(h, whh, xt, { transB: true }) : xt; // [B, 4H]
    const next = cell(z, c, H);
    if (stepMask) {
      const m = stepMask(t); // bool [B, 1]
      // forward: hold the state past the end (0 before any real step); reverse: zero state on padded steps
      h = op.where(m, next.h, h && !reverse ? h : 0);
      c = op.where(m, next.c, c && !reverse ? c : 0);
    } else {
      h = next.h;
      c = next.c;
    }
    hs[t] = h;
  }
  return { hs, h: h!, c: c! };
}
