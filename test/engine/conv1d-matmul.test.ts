// The GEMM form of the 1-D convolution gradient (used by the Conv rule for 1-D stride-1 convs) equals the
// generic ConvTranspose/Conv form, reached by writing the same convolution as a 2-D one with kernel (k, 1) on
// [B, C, T, 1] — for 'valid' and 'same' padding and dilation, with symbolic and static T.
import { test } from 'node:test';
import { Graph } from '../../src/engine/graph.ts';
import * as op from '../../src/engine/ops/index.ts';
import { gradients } from '../../src/engine/autodiff.ts';
import { conv1dGradients } from '../../src/engine/grad/conv1d-matmul.ts';
import { resolveConv } from '../../src/engine/ops/conv.ts';
import { serialize } from '../../src/engine/onnx.ts';
import { Session } from '../../src/engine/session.ts';
import { Rng } from '../../src/engine/rng.ts';
import { assertClose } from '../helpers/fixtures.ts';
import { randn } from '../helpers/gradcheck.ts';

const cases = [
  { k: 3, d: 1, pads: [0, 0] as number[] | 'same', symbolic: true },
  { k: 4, d: 1, pads: 'same' as const, symbolic: true },
  { k: 3, d: 2, pads: [1, 2], symbolic: false },
  { k: 5, d: 1, pads: [0, 0], symbolic: false },
];

for (const c of cases) {
  test(`conv1d GEMM gradient = generic gradient (k=${c.k}, d=${c.d}, pads=${JSON.stringify(c.pads)}, ${c.symbolic ? 'symbolic' : 'static'} T)`, async () => {
    const rng = new Rng(c.k * 10 + c.d);
    const [B, C, T, O] = [3, 5, 11, 4];
    const g = new Graph('conv1d-grad');
    const x = g.input('x', 'float32', [c.symbolic ? 'B' : B, C, c.symbolic ? 'T' : T]);
    const w = g.input('w', 'float32', [O, C, c.k]);
    const r = resolveConv([c.k], { dilations: [c.d], pads: c.pads === 'same' ? 'same' : c.pads });
    const y = op.conv(x, w, null, { dilations: [c.d], pads: r.pads });
    const dyIn = g.input('dy', 'float32', y.shape);
    // The same convolution in 2-D: x [B, C, T, 1], w [O, C, k, 1] → y [B, O, To, 1]; its gradient takes the
    // generic ConvTranspose path.
    const x4 = op.unsqueeze(x, [3]);
    const w4 = op.unsqueeze(w, [3]);
    const y4 = op.conv(x4, w4, null, { dilations: [c.d, 1], pads: [r.pads[0]!, 0, r.pads[1]!, 0] });
    const loss = op.reduceSum(op.mul(op.squeeze(y4, [3]), dyIn), [0, 1, 2]);
    const [gx, gw] = gradients(loss, [x, w]);
    const fast = conv1dGradients(x, w, dyIn, { kernel: c.k, dilation: c.d, padBegin: r.pads[0]!, padEnd: r.pads[1]! });
    g.output(gx!, gw!, fast.dx!, fast.dw!);
    const s = await Session.create(serialize(g), g.inputs, { threads: 1 });
    const To = T + r.pads[0]! + r.pads[1]! - c.d * (c.k - 1);
    const out = await s.run({ x: randn(rng, [B, C, T]), w: randn(rng, [O, C, c.k]), dy: randn(rng, [B, O, To]) });
    const [a, b, cc, dd] = s.outputNames.map((n) => out[n]!.data as Float32Array);
    assertClose(cc!, a!, 1e-4, 'dx');
    assertClose(dd!, b!, 1e-4, 'dw');
    await s.release();
  });
}
