// An embedding table kept on the host, of which each batch's graph sees only the rows it uses:
//   table [V, D] (host) → rows Param [U, D] (the batch's distinct ids, slot 0 = padding row, zero) →
//   graph: gather(rows, localIds [B, T]) → [B, T, D]
// So the training graph's embedding gradient is [U, D] (U ≤ batch words + 1), not [V, D], and a trainable
// table is updated by a lazy, exact Adadelta over the rows the batch used: a row absent from k steps had a zero
// gradient in each, under which Adadelta leaves the row unchanged and decays both accumulators by ρ — so those
// k steps are applied at once as a factor ρᵏ when the row is next used. Identical to dense Adadelta
// (torch.optim.Adadelta, lr 1, no weight decay) over the whole table, at the cost of the rows used.
// With capacity ≥ V the table is 'identity': the Param `weight` [V, D] IS the table, ids are global, load() does
// nothing — an ordinary embedding that any optimizer (the project trainer's) updates densely.
import type { BuildContext } from '../../engine/program.ts';
import type { Value } from '../../engine/graph.ts';
import * as op from '../../engine/ops/index.ts';
import { Module } from '../../nn/module.ts';
import type { Param } from '../../engine/param.ts';

export class RowTable extends Module {
  /** [V, D] row-major, the table itself. */
  readonly table: Float32Array;
  private readonly sq: Float32Array | null;
  private readonly acc: Float32Array | null;
  /** Step at which each row's accumulators were last brought up to date. */
  private readonly last: Int32Array | null;
  readonly rows: Param;
  /** Global ids of the rows currently in `rows` (slot i holds ids[i]); slot 0 is padding. */
  private used = 0;
  private ids: Int32Array;
  readonly identity: boolean;

  constructor(
    name: string,
    readonly vocabSize: number,
    readonly dim: number,
    init: Float32Array,
    readonly trainable: boolean,
    /** U: rows one batch may use, padding included. */
    readonly capacity: number,
  ) {
    super(name);
    if (init.length !== vocabSize * dim)
      throw new Error(`${name}: ${init.length} initial values, expected ${vocabSize} × ${dim}`);
    this.table = init;
    this.identity = capacity >= vocabSize;
    const sparse = trainable && !this.identity;
    this.rows = this.identity
      ? this.addParam('weight', [vocabSize, dim], init, { trainable })
      : this.addParam('rows', [capacity, dim], new Float32Array(capacity * dim), { trainable, noDecay: true });
    this.sq = sparse ? new Float32Array(init.length) : null;
    this.acc = sparse ? new Float32Array(init.length) : null;
    this.last = sparse ? new Int32Array(vocabSize) : null;
    this.ids = new Int32Array(this.identity ? 0 : capacity);
  }

  /** Loads the rows of `globalIds` (distinct, padding excluded) into slots 1…n of the rows Param. */
  load(globalIds: readonly number[]): void {
    if (this.identity) return;
    if (globalIds.length + 1 > this.capacity)
      throw new Error(`${this.name}: a batch uses ${globalIds.length + 1} rows, capacity ${this.capacity}`);
    const D = this.dim;
    const rows = this.rows.data;
    rows.fill(0, 0, D);
    globalIds.forEach((g, i) => {
      rows.set(this.table.subarray(g * D, (g + 1) * D), (i + 1) * D);
      this.ids[i + 1] = g;
    });
    this.used = globalIds.length + 1;
  }

  /** x[B, T, D] for local ids [B, T]. */
  forward(ctx: BuildContext, localIds: Value): Value {
    return ctx.g.scope(this.name, () => op.gather(ctx.param(this.rows), localIds, 0));
  }

  /** Adadelta on the loaded rows given the gradient of the rows Param; `step` counts from 1. */
  adadelta(grad: Float32Array, step: number, rho: number, eps: number): void {
    if (!this.sq || !this.acc || !this.last) return;
    const D = this.dim;
    const c = 1 - rho;
    for (let slot = 1; slot < this.used; slot++) {
      const g0 = this.ids[slot]!;
      const gap = step - 1 - this.last[g0]!;
      const decay = gap > 0 ? rho ** gap : 1;
      this.last[g0] = step;
      const base = g0 * D;
      for (let j = 0; j < D; j++) {
        const g = grad[slot * D + j]!;
        const s = decay * this.sq[base + j]! * rho + c * g * g;
        const a = decay * this.acc[base + j]!;
        const d = Math.sqrt((a + eps) / (s + eps)) * g;
        this.sq[base + j] = s;
        this.acc[base + j] = rho * a + c * d * d;
        this.table[base + j] = this.table[base + j]! - d;
      }
    }
  }
}
