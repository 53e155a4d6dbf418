// Convolution and max pooling over N-D signals in channels-first layout, x [N, C, *spatial].
// Conv weight [O, C/group, *kernel]. Padding is explicit (begin/end per axis) or 'same' (stride 1).
import { attr, type Value } from '../graph.ts';
import { convOutDim, type Dim, dimsCompatible } from '../shape.ts';

export interface ConvOptions {
  strides?: number[];
  dilations?: number[];
  /** ONNX order: [b1, b2, …, e1, e2, …]; or 'same' (output length = input length; stride must be 1). */
  pads?: number[] | 'same';
  group?: number;
}

export interface ResolvedConv {
  strides: number[];
  dilations: number[];
  pads: number[];
  group: number;
}

/** Fills defaults and turns 'same' into explicit pads (extra pad goes at the end, as PyTorch does). */
export function resolveConv(kernel: number[], opts: ConvOptions): ResolvedConv {
  const k = kernel.length;
  const strides = opts.strides ?? kernel.map(() => 1);
  const dilations = opts.dilations ?? kernel.map(() => 1);
  let pads: number[];
  if (opts.pads === 'same') {
    if (strides.some((s) => s !== 1)) throw new Error("pads 'same' needs stride 1");
    const total = kernel.map((kk, i) => dilations[i]! * (kk - 1));
    pads = [...total.map((t) => Math.floor(t / 2)), ...total.map((t) => t - Math.floor(t / 2))];
  } else {
    pads = opts.pads ?? new Array(2 * k).fill(0);
  }
  return { strides, dilations, pads, group: opts.group ?? 1 };
}

function spatialOut(x: Value, kernel: number[], r: ResolvedConv): Dim[] {
  const k = kernel.length;
  return kernel.map((kk, i) =>
    convOutDim(x.shape[2 + i]!, kk, r.strides[i]!, r.pads[i]!, r.pads[k + i]!, r.dilations[i]!),
  );
}

function convAttrs(r: ResolvedConv) {
  return {
    strides: attr.ints(r.strides),
    dilations: attr.ints(r.dilations),
    pads: attr.ints(r.pads),
    group: attr.int(r.group),
  };
}

/** y [N, O, *out] = conv(x [N, C, *in], w [O, C/group, *kernel]) + b [O]. */
export function conv(x: Value, w: Value, b: Value | null, opts: ConvOptions = {}): Value {
  const g = x.graph;
  if (w.rank !== x.rank || x.rank < 3)
    throw g.error('Conv', 'x and w must both be [N, C, *spatial] / [O, C, *k]', [x, w, b]);
  const kernel = w.shape.slice(2).map((d) => {
    if (typeof d !== 'number') throw g.error('Conv', 'kernel size must be static', [x, w]);
    return d;
  });
  let r: ResolvedConv;
  try {
    r = resolveConv(kernel, opts);
  } catch (e) {
    throw g.error('Conv', (e as Error).message, [x, w]);
  }
  const cin = x.shape[1]!;
  const cw = w.shape[1]!;
  const expectCw = typeof cin === 'number' ? cin / r.group : cin;
  if (!dimsCompatible(expectCw, cw))
    throw g.error('Conv', `weight expects ${cw} input channels, x has ${cin}`, [x, w, b]);
  if (r.group < 1 || (typeof cin === 'number' && cin % r.group !== 0)) {
    throw g.error('Conv', `group ${r.group} does not divide the ${cin} input channels`, [x, w, b]);
  }
  if (b && (b.rank !== 1 || !dimsCompatible(b.shape[0]!, w.shape[0]!))) {
    throw g.error('Conv', `bias must be [${w.shape[0]}] (one per output channel)`, [x, w, b]);
  }
  const shape = [x.shape[0]!, w.shape[0]!, ...spatialOut(x, kernel, r)];
  const out = shape.slice(2);
  if (out.some((d) => typeof d === 'number' && d < 1)) throw g.error('Conv', 'input shorter than the kernel', [x, w]);
  const inputs = b ? [x, w, b] : [x, w];
  const attrs = { ...convAttrs(r), kernel_shape: attr.ints(kernel) };
  return g.node('Conv', inputs, [{ dtype: x.dtype, shape }], attrs)[0]!;
}

/** The adjoint of conv: dy [N, O, *out] with w [O, C, *k] → [N, C, *in'] (used by Conv's gradient). */
export function convTranspose(dy: Value, w: Value, r: ResolvedConv, outShape: Dim[], outputPadding?: number[]): Value {
  const kernel = w.shape.slice(2) as number[];
  const attrs = {
    ...convAttrs(r),
    kernel_shape: attr.ints(kernel),
    ...(outputPadding ? { output_padding: attr.ints(outputPadding) } : {}),
  };
  const shape = [dy.shape[0]!, w.shape[1]!, ...outShape];
  return dy.graph.node('ConvTranspose', [dy, w], [{ dtype: dy.dtype, shape }], attrs)[0]!;
}

export interface PoolOptions {
  strides?: number[];
  pads?: number[];
  /** PyTorch's ceil_mode. */
  ceil?: boolean;
}

/** Max pooling; returns [y, indices]. Indices (flat, int64) feed the gradient. */
export function maxPool(x: Value, kernel: number[], opts: PoolOptions = {}): [Value, Value] {
  const g = x.graph;
  if (x.rank !== kernel.length + 2) throw g.error('MaxPool', `kernel [${kernel}] does not fit x`, [x]);
  const strides = opts.strides ?? kernel;
  const pads = opts.pads ?? new Array(2 * kernel.length).fill(0);
  const k = kernel.length;
  const spatial = kernel.map((kk, i) => {
    const d = x.shape[2 + i]!;
    if (typeof d === 'number' && opts.ceil) return Math.ceil((d + pads[i]! + pads[k + i]! - kk) / strides[i]!) + 1;
    return convOutDim(d, kk, strides[i]!, pads[i]!, pads[k + i]!, 1);
  });
  const shape = [x.shape[0]!, x.shape[1]!, ...spatial];
  const attrs = {
    kernel_shape: attr.ints(kernel),
    strides: attr.ints(strides),
    pads: attr.ints(pads),
    ceil_mode: attr.int(opts.ceil ? 1 : 0),
  };
  const [y, idx] = g.node(
    'MaxPool',
    [x],
    [
      { dtype: x.dtype, shape },
      { dtype: 'int64', shape },
    ],
    attrs,
  );
  return [y!, idx!];
}
