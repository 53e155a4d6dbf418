// LSTM: torch.nn.LSTM(input_size, hidden_size, num_layers, bias, batch_first=True, dropout, bidirectional) with
// its parameter names, unrolled over a static sequence length T (the caller compiles one graph per length
// bucket; see lstm-unroll.ts for the recurrence and the padding rules). Used by the BiLSTM(-CRF) tagger
// (Huang et al. 2015; Lample et al. 2016).
//
//   x [B, T, I] float32, mask [B, T] float32 1/0 (optional; padding only at the end of each row)
//   → output [B, T, D·H] ([forward; reverse] per step, 0 on padded steps),
//     hN, cN [L·D, B, H] (final states in PyTorch's order: l0, l0_reverse, l1, …)
// Results equal PyTorch run on each row unpadded (pack_padded_sequence). Rows of length 0 give zeros.
//
// Parameters per layer l (suffix `_reverse` for the backward direction), gate rows ordered i, f, g, o:
//   weight_ih_l{l} [4H, I_l], weight_hh_l{l} [4H, H], bias_ih_l{l} [4H], bias_hh_l{l} [4H]; I_l = I or D·H.
// Per layer, one MatMul computes x·W_ihᵀ + b for every step and both directions ([B, T, D·4H]); then the
// recurrence is unrolled. Dropout (training only) applies to the output of every layer but the last.
import type { Value } from '../engine/graph.ts';
import type { Param } from '../engine/param.ts';
import type { BuildContext } from '../engine/program.ts';
import type { Rng } from '../engine/rng.ts';
import * as op from '../engine/ops/index.ts';
import { dimsCompatible } from '../engine/shape.ts';
import { UsageError } from '../errors.ts';
import { dropout } from './dropout.ts';
import { Module } from './module.ts';
import { paddingBias, stepSlicer, unrollDirection } from './lstm-unroll.ts';

export interface LstmOptions {
  /** Stacked layers (default 1). */
  numLayers?: number;
  bidirectional?: boolean;
  /** Dropout probability on each layer's output except the last, in training (default 0). */
  dropout?: number;
  /** Include bias_ih / bias_hh (default true). */
  bias?: boolean;
}

export interface LstmOutput {
  output: Value; // [B, T, D·H]
  hN: Value; // [L·D, B, H]
  cN: Value; // [L·D, B, H]
}

interface DirectionParams {
  wih: Param; // [4H, I_l]
  whh: Param; // [4H, H]
  bih: Param | null; // [4H]
  bhh: Param | null; // [4H]
}

export class LSTM extends Module {
  readonly numLayers: number;
  readonly directions: number;
  readonly dropoutP: number;
  /** layers[l][d], d = 0 forward, 1 reverse. */
  readonly layers: DirectionParams[][] = [];

  constructor(
    name: string,
    readonly inputSize: number,
    readonly hiddenSize: number,
    rng: Rng,
    opts: LstmOptions = {},
  ) {
    super(name);
    this.numLayers = opts.numLayers ?? 1;
    this.directions = opts.bidirectional ? 2 : 1;
    this.dropoutP = opts.dropout ?? 0;
    const H = hiddenSize;
    if (!Number.isInteger(this.numLayers) || this.numLayers < 1)
      throw new UsageError(`${name}: numLayers must be an integer ≥ 1, got ${this.numLayers}`);
    if (!Number.isInteger(H) || H < 1 || !Number.isInteger(inputSize) || inputSize < 1) {
      throw new UsageError(`${name}: inputSize and hiddenSize must be integers ≥ 1, got ${inputSize}, ${H}`);
    }
    if (!(this.dropoutP >= 0 && this.dropoutP < 1))
      throw new UsageError(`${name}: dropout must be in [0, 1), got ${this.dropoutP}`);
    // PyTorch's default: every weight and bias ~ U(−1/√H, 1/√H)
    const k = 1 / Math.sqrt(H);
    const init = (n: number) => rng.fillUniform(new Float32Array(n), -k, k);
    for (let l = 0; l < this.numLayers; l++) {
      const inL = l === 0 ? inputSize : this.directions * H;
      const dirs: DirectionParams[] = [];
      for (let d = 0; d < this.directions; d++) {
        const sfx = `l${l}${d === 1 ? '_reverse' : ''}`;
        dirs.push({
          wih: this.addParam(`weight_ih_${sfx}`, [4 * H, inL], init(4 * H * inL)),
          whh: this.addParam(`weight_hh_${sfx}`, [4 * H, H], init(4 * H * H)),
          bih: opts.bias === false ? null : this.addParam(`bias_ih_${sfx}`, [4 * H], init(4 * H), { noDecay: true }),
          bhh: opts.bias === false ? null : this.addParam(`bias_hh_${sfx}`, [4 * H], init(4 * H), { noDecay: true }),
        });
      }
      this.layers.push(dirs);
    }
  }

  /** x [B, T, I] with static T; mask [B, T] float32 1/0 or omitted (all steps real). */
  forward(ctx: BuildContext, x: Value, mask?: Value): LstmOutput {
    const g = ctx.g;
    return g.scope(this.name, () => {
      const T = this.checkInputs(x, mask);
      const H = this.hiddenSize;
      const D = this.directions;
      const mask3 = mask ? op.unsqueeze(mask, [2]) : null; // [B, T, 1]
      const padBias = mask3 ? paddingBias(mask3, D, H) : null; // [B, T, D·4H], shared by every layer
      // one-hot at each row's last real step (m_t − m_{t+1}), to pick the forward direction's final h
      const isLast =
        mask3 && T > 1
          ? op.sub(mask3, op.concat([op.slice(mask3, 1, 1, T), op.mul(op.slice(mask3, 1, 0, 1), 0)], 1))
          : mask3;
      let input = x;
      const hN: Value[] = [];
      const cN: Value[] = [];
      for (let l = 0; l < this.numLayers; l++) {
        const dirs = this.layers[l]!;
        g.scope(`${this.name}.l${l}`, () => {
          const wihs = dirs.map((p) => ctx.param(p.wih)); // [4H, I_l] each
          const wih = op.concat(wihs, 0); // [D·4H, I_l]
          let xw = op.matmul(input, op.transpose(wih, [1, 0])); // [B, T, D·4H]
          if (dirs[0]!.bih) {
            const biases = dirs.map((p) => op.add(ctx.param(p.bih!), ctx.param(p.bhh!))); // [4H] each
            xw = op.add(xw, op.concat(biases, 0)); // + [D·4H]
          }
          if (padBias) xw = op.add(xw, padBias);
          const steps = stepSlicer(op.reshape(xw, [0, T * D * 4 * H]), T, D, H); // from [B, T·D·4H]
          const res = dirs.map((p, d) => unrollDirection(steps, ctx.param(p.whh), H, T, d));
          // per step [fwd_t, rev_t], all steps side by side → [B, T·D·H] → [B, T, D·H]
          const hs = res[0]!.hs.flatMap((h, t) => (D === 2 ? [h, res[1]!.hs[t]!] : [h]));
          const seq = op.reshape(op.concat(hs, 1), [0, T, D * H]);
          const out = mask3 ? op.mul(seq, mask3) : seq; // 0 on padded steps
          res.forEach((r, d) => {
            let h = r.h; // [B, H]
            if (d === 0 && isLast) {
              const fwd = D === 2 ? op.slice(seq, 2, 0, H) : seq; // [B, T, H]
              h = op.reduceSum(op.mul(fwd, isLast), [1]); // h at the last real step
            }
            hN.push(op.unsqueeze(h, [0])); // [1, B, H]
            cN.push(op.unsqueeze(r.c, [0])); // held past the end (forward) / after token 0 (reverse)
          });
          input = l < this.numLayers - 1 ? dropout(ctx, out, this.dropoutP) : out;
        });
      }
      return { output: input, hN: op.concat(hN, 0), cN: op.concat(cN, 0) };
    });
  }

  /** Static T after checking x [B, T, I] and mask [B, T]. */
  private checkInputs(x: Value, mask?: Value): number {
    const g = x.graph;
    const ins = mask ? [x, mask] : [x];
    if (x.rank !== 3 || x.dtype !== 'float32') throw g.error('LSTM', 'x must be float32 [B, T, I] (batch_first)', ins);
    const [B, T, I] = x.shape;
    if (typeof T !== 'number') {
      throw g.error(
        'LSTM',
        `sequence length must be static (the recurrence is unrolled; compile one graph per length bucket), got '${T}'`,
        ins,
      );
    }
    if (T < 1) throw g.error('LSTM', `sequence length must be ≥ 1, got ${T}`, ins);
    if (I !== this.inputSize)
      throw g.error('LSTM', `x has ${String(I)} features, the layer expects ${this.inputSize}`, ins);
    if (mask) {
      if (mask.dtype !== 'float32') throw g.error('LSTM', `mask must be float32 1/0, got ${mask.dtype}`, ins);
      if (mask.rank !== 2 || !dimsCompatible(mask.shape[0]!, B!) || mask.shape[1] !== T) {
        throw g.error('LSTM', `mask must be [B, T] = [${String(B)}, ${T}]`, ins);
      }
    }
    return T;
  }
}
