// Linear: y = x Wᵀ + b.  x [..., in] → y [..., out].  Weight layout [out, in] as torch.nn.Linear / Hugging Face.
import type { BuildContext } from '../engine/program.ts';
import type { Param } from '../engine/param.ts';
import type { Value } from '../engine/graph.ts';
import type { Rng } from '../engine/rng.ts';
import * as op from '../engine/ops/index.ts';
import { fanInUniform } from './init.ts';
import { Module, type ParamOptions } from './module.ts';

export interface LinearOptions extends ParamOptions {
  bias?: boolean;
  /** Custom initialiser for the weight (default: PyTorch's U(±1/√in)). */
  init?: (n: number, fanIn: number) => Float32Array;
}

export class Linear extends Module {
  readonly weight: Param;
  readonly bias: Param | null;

  constructor(
    name: string,
    readonly inFeatures: number,
    readonly outFeatures: number,
    rng: Rng,
    opts: LinearOptions = {},
  ) {
    super(name);
    const init = opts.init ?? ((n, fanIn) => fanInUniform(rng, n, fanIn));
    this.weight = this.addParam('weight', [outFeatures, inFeatures], init(outFeatures * inFeatures, inFeatures), opts);
    this.bias =
      opts.bias === false
        ? null
        : this.addParam('bias', [outFeatures], fanInUniform(rng, outFeatures, inFeatures), { ...opts, noDecay: true });
  }

  forward(ctx: BuildContext, x: Value): Value {
    return ctx.g.scope(this.name, () => {
      const w = ctx.param(this.weight); // [out, in]
      const b = this.bias ? ctx.param(this.bias) : null;
      if (x.rank === 2) return op.gemm(x, w, b, { transB: true }); // [N, out]
      const y = op.matmul(x, op.transpose(w, [1, 0])); // [..., out]
      return b ? op.add(y, b) : y;
    });
  }
}
