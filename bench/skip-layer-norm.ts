// `npx tsx bench/skip-layer-norm.ts [--b 32] [--t 128] [--h 384] [--reps 20] [--rounds 3] [--threads 2]`: why the
// frozen encoder's residual LayerNorms are not com.microsoft SkipLayerNormalization (src/encoders/fused.ts).
// LayerNorm(x + bias + residual) over [B, T, H] two ways, each a Program compiled as the frozen encoder's are
// (dynamic B and T, ONNX Runtime's full graph optimisation), taking turns each round:
//   skip: one SkipLayerNormalization node on [B, T, H]
//   rows: Add, Add and LayerNormalization on the rows flattened to [B·T, H] (what fused.ts emits; on 3-D inputs
//         ONNX Runtime would fuse them back into SkipLayerNormalization)
// Prints per round the median ms of each and skip / rows, and the largest difference of their outputs.
import { layerNorm, skipLayerNorm } from '../src/engine/ops/index.ts';
import { add } from '../src/engine/ops/index.ts';
import { reshape, reshapeTo, shapeOf } from '../src/engine/ops/shape-ops.ts';
import { Program } from '../src/engine/program.ts';
import { Rng } from '../src/engine/rng.ts';
import { float32 } from '../src/engine/tensor.ts';
import type { Value } from '../src/engine/graph.ts';
import { emit, median, round, timeSteps } from './common.ts';

const argv = process.argv.slice(2);
const opt = (f: string, d: number) => (argv.includes(f) ? Number(argv[argv.indexOf(f) + 1]) : d);
const [B, T, H] = [opt('--b', 32), opt('--t', 128), opt('--h', 384)];
const reps = opt('--reps', 20);
const threads = opt('--threads', 2);

type Build = (x: Value, residual: Value, gamma: Value, beta: Value, bias: Value) => Value;
const cases: [string, Build][] = [
  ['skip', (x, r, g, b, bias) => skipLayerNorm(x, r, g, b, bias, 1e-12)],
  [
    'rows',
    (x, r, g, b, bias) => {
      const sum = add(reshape(add(x, bias), [-1, H]), reshape(r, [-1, H])); // [B·T, H]
      return reshapeTo(layerNorm(sum, g, b, 1e-12), shapeOf(r), r.shape);
    },
  ],
];
const programs = await Promise.all(
  cases.map(([label, build]) =>
    Program.compile({
      label,
      training: false,
      threads,
      inputs: [
        { name: 'x', dtype: 'float32', shape: ['B', 'T', H] },
        { name: 'residual', dtype: 'float32', shape: ['B', 'T', H] },
        { name: 'gamma', dtype: 'float32', shape: [H] },
        { name: 'beta', dtype: 'float32', shape: [H] },
        { name: 'bias', dtype: 'float32', shape: [H] },
      ],
      build: (_ctx, i) => ({ outputs: { y: build(i.x!, i.residual!, i.gamma!, i.beta!, i.bias!) } }),
    }),
  ),
);
const rng = new Rng(1);
const rand = (shape: number[]) =>
  float32(
    shape,
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
  );
const feeds = { x: rand([B, T, H]), residual: rand([B, T, H]), gamma: rand([H]), beta: rand([H]), bias: rand([H]) };
const outs = await Promise.all(programs.map((p) => p.run(feeds)));
let maxDiff = 0;
const [ys, yr] = outs.map((o) => o.outputs.y!.data as Float32Array);
for (let i = 0; i < ys!.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ys![i]! - yr![i]!));
for (let r = 1; r <= opt('--rounds', 3); r++) {
  const ms: Record<string, number> = {};
  for (let i = 0; i < cases.length; i++)
    ms[cases[i]![0]] = round(median(await timeSteps(() => programs[i]!.run(feeds), 1, reps)));
  emit({
    name: 'residual_layer_norm',
    round: r,
    shape: [B, T, H],
    threads,
    skip_ms: ms.skip,
    rows_ms: ms.rows,
    skip_over_rows: round(ms.skip! / ms.rows!),
    max_abs_diff: maxDiff,
  });
}
for (const p of programs) await p.release();
