// Gradients of Conv and MaxPool.
//   Conv:  dx = ConvTranspose(dy, w) with the forward strides/pads/dilations (output_padding fixes the length
//          when stride > 1); dw = a convolution of x with dy, batch and channels swapped (strides and
//          dilations trade places), cropped to the kernel; db = Σ dy over batch and space.
//   MaxPool: dy is scattered back to the flat positions recorded in the pool's Indices output.
import { attr, type Value } from '../graph.ts';
import { convTranspose, type ResolvedConv } from '../ops/conv.ts';
import { reduceSum } from '../ops/reduce.ts';
import { constantOfShape, reshape, reshapeTo, shapeOf, sizeOf, slice, transpose } from '../ops/shape-ops.ts';
import { scatterElements } from '../ops/indexing.ts';
import { unknownDim } from '../shape.ts';
import { conv1dGradients } from './conv1d-matmul.ts';
import { defineGrad, gradError } from './registry.ts';

function resolved(attrs: Record<string, { value: unknown }>): ResolvedConv {
  return {
    strides: attrs.strides!.value as number[],
    dilations: attrs.dilations!.value as number[],
    pads: attrs.pads!.value as number[],
    group: attrs.group!.value as number,
  };
}

defineGrad('Conv', ({ node, x, y, dy, wants }) => {
  const input = x(0); // [N, C, *S]
  const w = x(1); // [O, C, *K]
  const g = dy[0]!; // [N, O, *So]
  const r = resolved(node.attrs as never);
  const kernel = w.shape.slice(2) as number[];
  const k = kernel.length;
  if (r.group !== 1) throw gradError(node, 'gradient for group > 1 is not supported');
  if (k === 1 && r.strides[0] === 1) {
    // 1-D stride-1 (TextCNN and friends): the GEMM form is several times faster than ConvTranspose here.
    const geo = { kernel: kernel[0]!, dilation: r.dilations[0]!, padBegin: r.pads[0]!, padEnd: r.pads[1]! };
    const { dx, dw } = conv1dGradients(input, w, g, geo, { dx: wants(0), dw: wants(1) });
    return node.inputs[2] ? [dx, dw, wants(2) ? reduceSum(g, [0, 2]) : null] : [dx, dw];
  }

  // dx: ConvTranspose; with stride > 1 the input length is ambiguous, so output_padding pins it.
  const outPad = kernel.map((kk, i) => {
    if (r.strides[i] === 1) return 0;
    const len = input.shape[2 + i];
    const lo = y(0).shape[2 + i];
    if (typeof len !== 'number' || typeof lo !== 'number') {
      throw gradError(node, `gradient with stride > 1 needs static spatial sizes`);
    }
    return len + r.pads[i]! + r.pads[k + i]! - ((lo - 1) * r.strides[i]! + (kk - 1) * r.dilations[i]! + 1);
  });
  const dx = wants(0)
    ? convTranspose(g, w, r, input.shape.slice(2), outPad.some((p) => p !== 0) ? outPad : undefined)
    : null;
  if (!wants(1))
    return node.inputs[2]
      ? [dx, null, wants(2) ? reduceSum(g, [0, ...Array.from({ length: k }, (_, i) => i + 2)]) : null]
      : [dx, null];

  // dw: treat C as the batch and N as the channels: conv(xᵀ [C, N, *S], dyᵀ [O, N, *So]) → [C, O, *K'].
  const perm = [1, 0, ...Array.from({ length: k }, (_, i) => i + 2)];
  const xt = transpose(input, perm);
  const gt = transpose(g, perm);
  const attrs = {
    strides: attr.ints(r.dilations),
    dilations: attr.ints(r.strides),
    pads: attr.ints(r.pads),
    group: attr.int(1),
  };
  const full = input.graph.node(
    'Conv',
    [xt, gt],
    [{ dtype: 'float32', shape: [input.shape[1]!, w.shape[0]!, ...kernel.map(() => unknownDim())] }],
    attrs,
  )[0]!;
  let cropped = full;
  kernel.forEach((kk, i) => {
    cropped = slice(cropped, 2 + i, 0, kk);
  });
  const dw = transpose(cropped, perm); // [O, C, *K]

  const grads: (Value | null)[] = [dx, dw];
  if (node.inputs[2]) grads.push(wants(2) ? reduceSum(g, [0, ...Array.from({ length: k }, (_, i) => i + 2)]) : null);
  return grads;
});

defineGrad('MaxPool', ({ x, y, dy }) => {
  const input = x(0);
  const flatZeros = constantOfShape(reshape(sizeOf(input), [1]), [unknownDim()], 0);
  const idx = reshape(y(1), [-1]);
  const upd = reshape(dy[0]!, [-1]);
  const flat = scatterElements(flatZeros, idx, upd, 0, 'add');
  return [reshapeTo(flat, shapeOf(input), input.shape)];
});
