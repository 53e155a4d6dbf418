// Conv1d and Conv2d, channels first as in PyTorch.
//   Conv1d: x [B, C, T] → y [B, O, T'] with weight [O, C, k];  Conv2d: x [B, C, H, W] → [B, O, H', W'].
// padding: a number (both sides), explicit per-side pads, or 'same' (stride 1; extra pad at the end).
import type { BuildContext } from '../engine/program.ts';
import type { Param } from '../engine/param.ts';
import type { Value } from '../engine/graph.ts';
import type { Rng } from '../engine/rng.ts';
import * as op from '../engine/ops/index.ts';
import { fanInUniform } from './init.ts';
import { Module, type ParamOptions } from './module.ts';

export interface ConvLayerOptions extends ParamOptions {
  stride?: number | number[];
  dilation?: number | number[];
  padding?: number | number[] | 'same';
  bias?: boolean;
}

class ConvNd extends Module {
  readonly weight: Param;
  readonly bias: Param | null;
  private readonly conv: op.ConvOptions;

  constructor(
    name: string,
    inChannels: number,
    outChannels: number,
    kernel: number[],
    rng: Rng,
    opts: ConvLayerOptions,
  ) {
    super(name);
    const fanIn = inChannels * kernel.reduce((a, b) => a * b, 1);
    const shape = [outChannels, inChannels, ...kernel];
    this.weight = this.addParam('weight', shape, fanInUniform(rng, fanIn * outChannels, fanIn), opts);
    this.bias =
      opts.bias === false
        ? null
        : this.addParam('bias', [outChannels], fanInUniform(rng, outChannels, fanIn), { ...opts, noDecay: true });
    const n = kernel.length;
    const each = (v: number | number[] | undefined, d: number) =>
      v === undefined ? kernel.map(() => d) : typeof v === 'number' ? kernel.map(() => v) : v;
    const padding = opts.padding;
    this.conv = {
      strides: each(opts.stride, 1),
      dilations: each(opts.dilation, 1),
      pads:
        padding === 'same'
          ? 'same'
          : typeof padding === 'number' || padding === undefined
            ? new Array(2 * n).fill(padding ?? 0)
            : padding,
    };
  }

  forward(ctx: BuildContext, x: Value): Value {
    return ctx.g.scope(this.name, () =>
      op.conv(x, ctx.param(this.weight), this.bias ? ctx.param(this.bias) : null, this.conv),
    );
  }
}

export class Conv1d extends ConvNd {
  constructor(
    name: string,
    inChannels: number,
    outChannels: number,
    kernel: number,
    rng: Rng,
    opts: ConvLayerOptions = {},
  ) {
    super(name, inChannels, outChannels, [kernel], rng, opts);
  }
}

export class Conv2d extends ConvNd {
  constructor(
    name: string,
    inChannels: number,
    outChannels: number,
    kernel: [number, number],
    rng: Rng,
    opts: ConvLayerOptions = {},
  ) {
    super(name, inChannels, outChannels, kernel, rng, opts);
  }
}
