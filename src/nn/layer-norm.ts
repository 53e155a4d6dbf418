// LayerNorm over the last axis: x [..., H] → [..., H]. Parameters `weight` (γ) and `bias` (β), HF names.
// Inference graphs normalise x as rows [N, H] between two Reshapes (views). Why: ONNX Runtime's optimizer fuses an
// Add of two 3-D tensors that feeds a LayerNormalization (a transformer's residual sum) into com.microsoft
// SkipLayerNormalization, whose CPU kernel (ONNX Runtime 1.30) is no faster than Add + LayerNormalization and often
// slower (0.9–2.3× their time per call, `npx tsx bench/skip-layer-norm.ts`); without it the MiniLM encoder ran
// 2–22% faster at 32 × 128 (docs/benchmarks.md). A Reshape between the Add and the norm keeps them apart. Training
// graphs keep the plain op: there the sum also feeds the backward pass, so nothing is fused.
import type { BuildContext } from '../engine/program.ts';
import type { Param } from '../engine/param.ts';
import type { Value } from '../engine/graph.ts';
import * as op from '../engine/ops/index.ts';
import { ones, zeros } from './init.ts';
import { Module, type ParamOptions } from './module.ts';

export class LayerNorm extends Module {
  readonly weight: Param;
  readonly bias: Param;

  constructor(
    name: string,
    readonly dim: number,
    readonly eps = 1e-12,
    opts: ParamOptions = {},
  ) {
    super(name);
    this.weight = this.addParam('weight', [dim], ones(dim), { ...opts, noDecay: true });
    this.bias = this.addParam('bias', [dim], zeros(dim), { ...opts, noDecay: true });
  }

  forward(ctx: BuildContext, x: Value): Value {
    return ctx.g.scope(this.name, () => {
      const norm = (v: Value) => op.layerNorm(v, ctx.param(this.weight), ctx.param(this.bias), this.eps);
      if (ctx.training || x.rank <= 2) return norm(x);
      const rows = op.reshape(x, [-1, this.dim]); // [N, H]
      return op.reshapeTo(norm(rows), op.shapeOf(x), x.shape); // [..., H]
    });
  }
}
