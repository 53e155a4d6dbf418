// `npx tsx bench/ort-profile.ts <profile.json> [--skip N] [--runs N] [--top K]`: ONNX Runtime's per-op profile (written by any
// session when BERTCNN_PROFILE=prefix is set, one file per session) as per-op-type and per-category tables, in ms
// per run, for comparison with PyTorch's (bench/peer/profile_finetune.py uses the same category names).
// The first --skip runs (default 1: first-run allocation and pre-packing) are left out; --runs N keeps only the N
// runs after them (e.g. one shape class of several timed in turn). Times are ORT's per-node
// kernel wall times on the calling thread ("<node>_kernel_time" events), so per-op rows add up to the run's time
// inside kernels; "outside kernels" is model_run minus that sum (executor overhead, input/output binding).
// Prints JSON lines: {name: "ort_op"}, {name: "ort_category"}, {name: "ort_runs"}.
import { readFileSync } from 'node:fs';

interface Event {
  cat: string;
  name: string;
  ts: number;
  dur: number;
  args?: { op_name?: string };
}

// First match wins; the names match bench/peer/profile_finetune.py's categories.
const CATEGORIES: [string, RegExp][] = [
  ['matmul/conv', /^(MatMul|Gemm|FusedMatMul|Conv|ConvTranspose|FusedGemm|FusedConv)$/],
  ['int8 matmul', /^(MatMulInteger|MatMulIntegerToFloat|DynamicQuantizeMatMul|DynamicQuantizeLinear|QGemm)$/],
  ['attention (fused)', /Attention$/],
  ['softmax', /^Softmax/],
  ['layernorm', /LayerNormalization/],
  ['gelu', /^(Gelu|FastGelu|BiasGelu|Erf)$/],
  ['dropout', /^(Dropout|RandomUniform|RandomUniformLike|Bernoulli|BitmaskDropout)$/],
  [
    'copy/layout',
    /^(Transpose|Reshape|Concat|Slice|Squeeze|Unsqueeze|Expand|Identity|Cast|Pad|Split|Shape|Flatten|Tile|Size)$/,
  ],
  ['embedding/gather', /^(Gather|GatherElements|GatherND|ScatterElements|ScatterND|EmbedLayerNormalization)$/],
  ['reduce', /^(Reduce|ArgMax|ArgMin|ReduceSum)/],
  [
    'elementwise',
    /^(Add|Mul|Div|Sub|Where|Relu|Sqrt|Exp|Neg|Pow|Equal|Less|Greater|Not|And|Or|Max|Min|Tanh|Reciprocal|Abs|Sign|LessOrEqual|GreaterOrEqual|Sum|Clip)$/,
  ],
];

export function category(op: string): string {
  for (const [name, rx] of CATEGORIES) if (rx.test(op)) return name;
  return 'other';
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

function main(argv: string[]): void {
  const file = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  if (!file) throw new Error('usage: npx tsx bench/ort-profile.ts <profile.json> [--skip N] [--runs N] [--top K]');
  const opt = (f: string, d: number) => (argv.includes(f) ? Number(argv[argv.indexOf(f) + 1]) : d);
  const skip = opt('--skip', 1);
  const top = opt('--top', 25);
  const events = JSON.parse(readFileSync(file, 'utf8')) as Event[];
  const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').sort((a, b) => a.ts - b.ts);
  const kept = runs.slice(skip, skip + opt('--runs', runs.length));
  if (!kept.length) throw new Error(`${file}: ${runs.length} model_run events, none left after --skip ${skip}`);
  const inKept = (ts: number) => kept.some((r) => ts >= r.ts && ts <= r.ts + r.dur);
  const byOp = new Map<string, { us: number; calls: number }>();
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || !inKept(e.ts)) continue;
    const op = e.args?.op_name ?? '?';
    const row = byOp.get(op) ?? { us: 0, calls: 0 };
    row.us += e.dur;
    row.calls++;
    byOp.set(op, row);
  }
  const n = kept.length;
  const kernels = [...byOp.values()].reduce((s, r) => s + r.us, 0);
  const runUs = kept.reduce((s, r) => s + r.dur, 0);
  const rows = [...byOp.entries()].sort((a, b) => b[1].us - a[1].us);
  for (const [op, r] of rows.slice(0, top)) {
    const line = { name: 'ort_op', op, category: category(op), ms_per_run: r2(r.us / 1000 / n) };
    console.log(JSON.stringify({ ...line, share: r3(r.us / kernels), calls_per_run: r.calls / n }));
  }
  const cats = new Map<string, number>();
  for (const [op, r] of rows) cats.set(category(op), (cats.get(category(op)) ?? 0) + r.us);
  for (const [c, us] of [...cats.entries()].sort((a, b) => b[1] - a[1]))
    console.log(
      JSON.stringify({ name: 'ort_category', category: c, ms_per_run: r2(us / 1000 / n), share: r3(us / kernels) }),
    );
  console.log(
    JSON.stringify({
      name: 'ort_runs',
      file,
      runs: runs.length,
      profiled_runs: n,
      model_run_ms_per_run: r2(runUs / 1000 / n),
      kernels_ms_per_run: r2(kernels / 1000 / n),
      outside_kernels_ms_per_run: r2((runUs - kernels) / 1000 / n),
      nodes_per_run: rows.reduce((s, [, r]) => s + r.calls, 0) / n,
    }),
  );
}

main(process.argv.slice(2));
