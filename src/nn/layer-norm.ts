// LayerNorm over the last axis: x [..., H] → [..., H]. Parameters `weight` (γ) and `bias` (β), HF names.
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
    return ctx.g.scope(this.name, () => op.layerNorm(x, ctx.param(this.weight), ctx.param(this.bias), this.eps));
  }
}
