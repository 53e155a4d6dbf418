// `npx tsx bench/gemm-shapes.ts [--m 544] [--reps 20] [--rounds 3] [--threads 2]`: ablation for the fine-tuning
// profile (docs/benchmarks.md, issue 13): the step's four FFN GEMM shapes of MiniLM-L6 (M = batch × tokens; 544 =
// 32 sentences × 17 tokens, SST-2's typical bucket) through ONNX Runtime (one Program per shape, the operator our
// autodiff emits: MatMul forward with Wᵀ, Gemm transA for weight gradients) and through torch.mm
// (bench/peer/gemm_shapes.py), taking turns each round so machine load hits both alike. Prints per round the median
// ms of each, and ours / torch.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gemm, matmul } from '../src/engine/ops/linalg.ts';
import { transpose } from '../src/engine/ops/shape-ops.ts';
import { Program } from '../src/engine/program.ts';
import { float32 } from '../src/engine/tensor.ts';
import type { Value } from '../src/engine/graph.ts';
import { emit, median, round, timeSteps, torchPython } from './common.ts';

const argv = process.argv.slice(2);
const opt = (f: string, d: number) => (argv.includes(f) ? Number(argv[argv.indexOf(f) + 1]) : d);
const M = opt('--m', 544);
const reps = opt('--reps', 20);
const threads = opt('--threads', 2);
const root = fileURLToPath(new URL('..', import.meta.url));

type Build = (a: Value, b: Value) => Value;
const cases: [string, [number, number], [number, number], Build][] = [
  ['fwd_up x[M,384]·Wᵀ[384,1536]', [M, 384], [1536, 384], (a, b) => matmul(a, transpose(b, [1, 0]))],
  ['fwd_down x[M,1536]·Wᵀ[1536,384]', [M, 1536], [384, 1536], (a, b) => matmul(a, transpose(b, [1, 0]))],
  ['dW_up dYᵀ[1536,M]·x[M,384]', [M, 1536], [M, 384], (a, b) => gemm(a, b, null, { transA: true })],
  ['dW_down dYᵀ[384,M]·x[M,1536]', [M, 384], [M, 1536], (a, b) => gemm(a, b, null, { transA: true })],
];

const rand = (n: number) => Float32Array.from({ length: n }, () => Math.random() * 2 - 1);
const programs = await Promise.all(
  cases.map(([label, sa, sb, build]) =>
    Program.compile({
      label,
      training: false,
      threads,
      inputs: [
        { name: 'a', dtype: 'float32', shape: sa },
        { name: 'b', dtype: 'float32', shape: sb },
      ],
      build: (_ctx, i) => ({ outputs: { y: build(i.a!, i.b!) } }),
    }),
  ),
);
const feeds = cases.map(([, sa, sb]) => ({ a: float32(sa, rand(sa[0] * sa[1])), b: float32(sb, rand(sb[0] * sb[1])) }));
const py = torchPython();
for (let r = 1; r <= opt('--rounds', 3); r++) {
  const ours: Record<string, number> = {};
  for (let i = 0; i < cases.length; i++)
    ours[cases[i]![0]] = round(median(await timeSteps(() => programs[i]!.run(feeds[i]!), 1, reps)));
  const args = ['bench/peer/gemm_shapes.py', '--m', String(M), '--reps', String(reps), '--threads', String(threads)];
  const peer = py ? spawnSync(py, args, { cwd: root, encoding: 'utf8' }) : null;
  const theirs = peer?.status === 0 ? (JSON.parse(peer.stdout) as Record<string, number>) : {};
  for (const [label] of cases) {
    const gflop = (2 * M * 384 * 1536) / 1e9;
    const t = theirs[label];
    emit({
      name: 'gemm_shape',
      round: r,
      case: label,
      M,
      ours_ms: ours[label],
      torch_ms: t ?? null,
      ratio: t ? round(ours[label]! / t) : null,
      ours_gflops: round(gflop / (ours[label]! / 1000)),
    });
  }
}
for (const p of programs) await p.release();
