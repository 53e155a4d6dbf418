// Kim's TextCNN computed as "unfold + one GEMM per filter size" instead of three Conv1d nodes — the same
// function as heads/textcnn.ts on Kim's padded layout (see vocab.ts), ≈ 2× faster to train on ONNX Runtime's
// CPU kernels (the Conv weight gradient there is k GEMMs + a ReduceSum per filter size; here it is one GEMM).
//   x [B, T, D] (zero at every padding position), windowMask [B, T] (1 over Kim's padded sentence span)
//   U = [x[t], x[t+1], …, x[t+h−1]] for t < T' = T − h + 1, h = the largest window   [B, T', h·D]
//   filter size k: y_k = ReLU(U[:, :, :k·D] · W_kᵀ + b_k)                                [B, T', F]
//   window t of size k counts iff it ends inside the span (windowMask[t + k − 1] = 1); ReLU ≥ 0 and every span
//   holds ≥ h zeros on the right, so invalid windows are zeroed (not −∞) and the max over time is unchanged;
//   windows t ≥ T' (k < h) lie in the right padding of the longest row, i.e. all-zero windows already counted.
//   pooled [B, F·n] → dropout → fc → logits [B, C].
// Parameters: convs.{i}.weight [F, k·D] (tap-major: column j·D + d is tap j, input d), convs.{i}.bias [F],
// fc.weight [C, F·n], fc.bias [C] — fc.weight rows take Kim's max-norm.
import type { BuildContext } from '../../engine/program.ts';
import type { Value } from '../../engine/graph.ts';
import type { Rng } from '../../engine/rng.ts';
import * as op from '../../engine/ops/index.ts';
import { dropout } from '../../nn/dropout.ts';
import { Linear } from '../../nn/linear.ts';
import { Module } from '../../nn/module.ts';

export interface UnfoldTextCnnOptions {
  inputDim: number;
  numClasses: number;
  kernelSizes?: number[];
  filters?: number;
  dropout?: number;
}

export class UnfoldTextCnn extends Module {
  readonly convs: Linear[];
  readonly fc: Linear;
  readonly kernelSizes: number[];
  readonly dropoutRate: number;
  readonly inputDim: number;

  constructor(name: string, o: UnfoldTextCnnOptions, rng: Rng) {
    super(name);
    this.kernelSizes = o.kernelSizes ?? [3, 4, 5];
    this.inputDim = o.inputDim;
    this.dropoutRate = o.dropout ?? 0.5;
    const F = o.filters ?? 100;
    this.convs = this.kernelSizes.map((k, i) => this.addChild(new Linear(this.path(`convs.${i}`), k * o.inputDim, F, rng)));
    this.fc = this.addChild(new Linear(this.path('fc'), F * this.kernelSizes.length, o.numClasses, rng));
  }

  /** The padded length must hold at least one window of the largest size. */
  get minLength(): number {
    return Math.max(...this.kernelSizes);
  }

  /** x [B, T, D] (zeros at padding), windowMask [B, T] → logits [B, C]. */
  forward(ctx: BuildContext, x: Value, windowMask: Value): Value {
    return ctx.g.scope(this.name, () => {
      const h = this.minLength;
      const taps = Array.from({ length: h }, (_, j) => op.slice(x, 1, j, j - h + 1 === 0 ? Number.MAX_SAFE_INTEGER : j - h + 1)); // each [B, T', D]
      const u = op.concat(taps, 2); // [B, T', h·D]
      const pooled = this.convs.map((conv, i) => {
        const k = this.kernelSizes[i]!;
        const uk = k === h ? u : op.slice(u, 2, 0, k * this.inputDim); // [B, T', k·D]
        const y = op.relu(conv.forward(ctx, uk)); // [B, T', F]
        const valid = op.slice(windowMask, 1, k - 1, k - h === 0 ? Number.MAX_SAFE_INTEGER : k - h); // [B, T']
        return op.reduceMax(op.mul(y, op.unsqueeze(valid, [2])), [1]); // [B, F]
      });
      const z = dropout(ctx, op.concat(pooled, 1), this.dropoutRate); // [B, F·n]
      return this.fc.forward(ctx, z); // [B, C]
    });
  }

  /** Kim's initialisation (conv_net_classes.py): see KimCnn.kimInit. */
  kimInit(rng: Rng, paddedLength: number): void {
    this.convs.forEach((conv, i) => {
      const k = this.kernelSizes[i]!;
      const [F] = conv.weight.shape as [number, number];
      const fanIn = k * this.inputDim;
      const fanOut = (F * k * this.inputDim) / Math.max(1, paddedLength - k + 1);
      const bound = Math.sqrt(6 / (fanIn + fanOut));
      rng.fillUniform(conv.weight.data, -bound, bound);
      conv.bias?.data.fill(0);
    });
    this.fc.weight.data.fill(0);
    this.fc.bias?.data.fill(0);
  }
}
