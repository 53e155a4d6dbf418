// Kim's TextCNN computed as "unfold + one GEMM per filter size" instead of three Conv1d nodes — the same
// function as heads/textcnn.ts on Kim's padded layout (see vocab.ts), ≈ 2× faster to train on ONNX Runtime's
// CPU kernels (the Conv weight gradient there is k GEMMs + a ReduceSum per filter size; here it is one GEMM).
//   x [B, T, D] (zero at every padding position), windowMask [B, T] (1 over Kim's padded sentence span)
//   U_k = [x[t], x[t+1], …, x[t+k−1]] for t < T' = T − h + 1, h = the largest window    [B, T', k·D]
//         (one Gather of x along T with the window index [T', k], index[t][j] = t + j: no tap copies)
//   filter size k: pooled_k = max_t ReLU(U_k[:, t] · W_kᵀ + b_k)                              [B, F]
//                 computed as ReLU(max_t (U_k · W_kᵀ) + b_k) — the same value and subgradient (ReLU is monotonic
//                 and b_k is constant over t), with the bias add and ReLU on [B, F] instead of [B, T', F].
// No window is masked: a window past a row's span (it ends in the batch padding) starts inside the span's h
// trailing zeros or later, so it is all-zero and equals ReLU(b_k) — the value of the span's own all-zero window
// at the first trailing zero, which comes earlier and so also wins ArgMax ties. The max and its gradient are
// those of the span's windows alone. Precondition (Kim's layout guarantees it): x is zero after each row's
// last word, and every span ends with ≥ h zero positions. windowMask is kept for the Module contract.
//   pooled [B, F·n] → dropout → fc → logits [B, C].
// Parameters: convs.{i}.weight [F, k·D] (tap-major: column j·D + d is tap j, input d), convs.{i}.bias [F],
// fc.weight [C, F·n], fc.bias [C] — fc.weight rows take Kim's max-norm.
import type { BuildContext } from '../../engine/program.ts';
import type { Value } from '../../engine/graph.ts';
import { addDim } from '../../engine/shape.ts';
import { int64 } from '../../engine/tensor.ts';
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
    this.convs = this.kernelSizes.map((k, i) =>
      this.addChild(new Linear(this.path(`convs.${i}`), k * o.inputDim, F, rng)),
    );
    this.fc = this.addChild(new Linear(this.path('fc'), F * this.kernelSizes.length, o.numClasses, rng));
  }

  /** The padded length must hold at least one window of the largest size. */
  get minLength(): number {
    return Math.max(...this.kernelSizes);
  }

  /** x [B, T, D] (zeros at padding), windowMask [B, T] (see the header: not needed) → logits [B, C]. */
  forward(ctx: BuildContext, x: Value, _windowMask: Value): Value {
    return ctx.g.scope(this.name, () => {
      const h = this.minLength;
      const g = ctx.g;
      const D = this.inputDim;
      const Tp = addDim(x.shape[1]!, 1 - h); // T'
      const B = x.shape[0]!;
      const scalar = (v: number) => g.constant(int64([], [v]), 'int');
      const nWindows = op.sub(op.gather(op.shapeOf(x), scalar(1), 0), scalar(h - 1)); // int64 [] = T'
      const starts = g.node('Range', [scalar(0), nWindows, scalar(1)], [{ dtype: 'int64', shape: [Tp] }])[0]!; // [T']
      const outShape = op.concat(
        [op.slice(op.shapeOf(x), 0, 0, 1), op.unsqueeze(nWindows, [0]), op.constInts(x, [-1])],
        0,
      ); // [B, T', −1]
      const pooled = this.convs.map((conv, i) => {
        const k = this.kernelSizes[i]!;
        const index = op.add(
          op.unsqueeze(starts, [1]),
          g.constant(
            int64(
              [1, k],
              Array.from({ length: k }, (_, j) => j),
            ),
            'taps',
          ),
        ); // [T', k]
        const uk = op.reshapeTo(op.gather(x, index, 1), outShape, [B, Tp, k * D]); // [B, T', k, D] → [B, T', k·D]
        const z = op.matmul(uk, op.transpose(ctx.param(conv.weight), [1, 0])); // [B, T', F]
        const m = op.reduceMax(z, [1]); // [B, F]
        return op.relu(conv.bias ? op.add(m, ctx.param(conv.bias)) : m); // [B, F]
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
