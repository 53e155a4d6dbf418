// A stack of hidden Dense layers — Keras' `Dense(units, activation) → Dropout(rate)` repeated, as the seeds put
// between a CNN's global pooling and its output layer (e.g. GlobalMaxPool → Dense(128, relu) → Dropout(0.5)):
//   x [B, D] → per layer i: Linear(D_i → U_i) [B, U_i] → activation → dropout(rate) → … → [B, U_last]
// With no units the stack is the identity (no parameters, no random draws), so a head built without hidden
// layers is exactly the head it was before this module existed. Parameter names {name}.{i}.weight [U_i, D_i] and
// {name}.{i}.bias [U_i] (PyTorch's Linear layout and default initialisation, as every other layer here).
import type { BuildContext } from '../engine/program.ts';
import type { Value } from '../engine/graph.ts';
import type { Rng } from '../engine/rng.ts';
import * as op from '../engine/ops/index.ts';
import { dropout } from './dropout.ts';
import { Linear } from './linear.ts';
import { Module } from './module.ts';

export const DENSE_ACTIVATIONS = ['relu', 'tanh', 'gelu', 'linear'] as const;
export type DenseActivation = (typeof DENSE_ACTIVATIONS)[number];

export interface DenseStackOptions {
  /** Width of each hidden layer, in order (default none: the identity). */
  units?: readonly number[];
  /** Non-linearity after every hidden layer (default 'relu'; 'linear' = none, as Keras' activation=None). */
  activation?: DenseActivation;
  /** Dropout rate after every hidden layer (training only; default 0). */
  dropout?: number;
}

/** The activation of a Dense layer. */
export function denseActivation(x: Value, kind: DenseActivation): Value {
  if (kind === 'relu') return op.relu(x);
  if (kind === 'tanh') return op.tanh(x);
  if (kind === 'gelu') return op.gelu(x);
  return x;
}

export class DenseStack extends Module {
  readonly layers: Linear[];
  readonly activation: DenseActivation;
  readonly dropoutRate: number;
  /** Width of the output: the last layer's units, or the input width when there are no layers. */
  readonly outFeatures: number;

  constructor(name: string, inFeatures: number, opts: DenseStackOptions, rng: Rng) {
    super(name);
    this.activation = opts.activation ?? 'relu';
    this.dropoutRate = opts.dropout ?? 0;
    let width = inFeatures;
    this.layers = (opts.units ?? []).map((u, i) => {
      if (!Number.isInteger(u) || u < 1) throw new Error(`${this.path(i)}: units must be an integer ≥ 1, got ${u}`);
      const layer = this.addChild(new Linear(this.path(i), width, u, rng));
      width = u;
      return layer;
    });
    this.outFeatures = width;
  }

  /** x [B, D] → [B, U_last] (x itself when the stack is empty). */
  forward(ctx: BuildContext, x: Value): Value {
    if (this.layers.length === 0) return x;
    return ctx.g.scope(this.name, () => {
      let h = x;
      for (const layer of this.layers) {
        h = dropout(ctx, denseActivation(layer.forward(ctx, h), this.activation), this.dropoutRate); // [B, U_i]
      }
      return h;
    });
  }
}
