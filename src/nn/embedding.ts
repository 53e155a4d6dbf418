// Embedding: ids [B, T] (int32/int64) → vectors [B, T, H] by row lookup in weight [V, H].
// Its gradient is a scatter-add into the rows that were looked up.
import type { BuildContext } from '../engine/program.ts';
import type { Param } from '../engine/param.ts';
import type { Value } from '../engine/graph.ts';
import type { Rng } from '../engine/rng.ts';
import * as op from '../engine/ops/index.ts';
import { normal } from './init.ts';
import { Module, type ParamOptions } from './module.ts';

export class Embedding extends Module {
  readonly weight: Param;

  constructor(
    name: string,
    readonly numEmbeddings: number,
    readonly dim: number,
    rng: Rng,
    opts: ParamOptions & { std?: number; init?: Float32Array } = {},
  ) {
    super(name);
    const init = opts.init ?? normal(rng, numEmbeddings * dim, opts.std ?? 1);
    this.weight = this.addParam('weight', [numEmbeddings, dim], init, opts);
  }

  forward(ctx: BuildContext, ids: Value): Value {
    return ctx.g.scope(this.name, () => op.gather(ctx.param(this.weight), ids, 0));
  }
}
