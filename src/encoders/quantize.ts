// Dynamic int8 quantization of an inference graph, done by the project (no Python tooling):
// every MatMul whose B operand is a constant weight — W [K, N] itself, Transpose(W [N, K]) as nn.Linear emits, or a
// Concat of those along columns — becomes ONNX Runtime's com.microsoft DynamicQuantizeMatMul:
//   Y [..., N] = dequant(quant_u8(A [..., K]) @ Bq [K, N]) + bias,  Bq int8 symmetric per column (zero point 0),
//   scale[n] = max_k |B[k, n]| / qmax; A is quantized per call (uint8, asymmetric) inside the kernel.
// A following Add of a constant [N] bias is folded into the node. A fused com.microsoft Attention whose packed
// weight [D, 3H] is such a constant (fused.ts emits Concat(Wqᵀ, Wkᵀ, Wvᵀ)) becomes DynamicQuantizeLinear (the same
// per-call uint8 quantization of its input) + QAttention with the int8 weight and per-column scales.
// The fp32 weights and the nodes that only fed them are dropped.
// First token apart (splitFirstToken 'all', or 'down' for down projections only; opt-in): a MatMul on a [B, T, K]
// input runs as two DynamicQuantizeMatMuls, on A[:, :1] and A[:, 1:], concatenated on T, so position 0 gets its own
// activation scale. BERT-family models put massive activations on [CLS] (real all-MiniLM-L6-v2: the FFN output
// projection's input reaches 24.6 in one channel there, ~3.5 at a typical token), so one per-tensor uint8 scale per
// batch is ~7× coarser than the other tokens need.
// Per-token cosine to fp32 on that checkpoint: 0.9883 → 0.9928 (docs/results.md), for ~10–20% more int8 time; the
// other tokens' scale then follows the batch's ordinary tokens (and padding), so outputs depend a little more on
// which sentences share a batch.
// qmax = 127, or 63 ("reduce range") on x86 CPUs without VNNI, whose u8×s8 kernel (VPMADDUBSW) saturates int16
// pair sums when weights use the full int8 range (see ONNX Runtime's quantization docs).
import { readFileSync } from 'node:fs';
import { attr, type Graph, type GraphNode, type Value } from '../engine/graph.ts';
import { dynamicQuantizeLinear, MS_DOMAIN } from '../engine/ops/contrib.ts';
import { slice } from '../engine/ops/shape-ops.ts';
import { tensor, type HostTensor } from '../engine/tensor.ts';
import { UsageError } from '../errors.ts';

export interface QuantizeOptions {
  /** Use 7-bit weights. Default: true on x86 without VNNI (see header), else false. */
  reduceRange?: boolean;
  /** Leave smaller weights in fp32. Default 256 elements. */
  minElements?: number;
  /** Quantize position 0 of a [B, T, K] input with its own activation scale (see header): in every weight
   *  product ('all' or true), only in down projections (K > N: the FFN output, whose input carries [CLS]'s massive
   *  activations; 'down'), or nowhere ('none' or false). Default 'none'. */
  splitFirstToken?: FirstTokenSplit | boolean;
}

export type FirstTokenSplit = 'none' | 'down' | 'all';

/** The int8 scheme QuantizeOptions resolve to on this machine: what int8 features depend on besides the weights
 *  (the feature cache keys its int8 spaces by it). */
export interface Int8Scheme {
  reduceRange: boolean;
  minElements: number;
  splitFirstToken: FirstTokenSplit;
}

export function int8Scheme(opts: QuantizeOptions = {}): Int8Scheme {
  return {
    reduceRange: opts.reduceRange ?? defaultReduceRange(),
    minElements: opts.minElements ?? 256,
    splitFirstToken: firstTokenSplit(opts.splitFirstToken),
  };
}

function firstTokenSplit(v: QuantizeOptions['splitFirstToken']): FirstTokenSplit {
  if (v === undefined || v === false || v === 'none') return 'none';
  if (v === true || v === 'all') return 'all';
  if (v === 'down') return 'down';
  throw new UsageError(`quantize.splitFirstToken must be 'none', 'down', 'all' or a boolean, got ${JSON.stringify(v)}`);
}

/** True on x86-64 Linux CPUs lacking AVX-VNNI / AVX512-VNNI. BERTCNN_INT8_REDUCE_RANGE=0|1 overrides. */
export function defaultReduceRange(): boolean {
  const env = process.env.BERTCNN_INT8_REDUCE_RANGE;
  if (env === '0' || env === '1') return env === '1';
  if (process.arch !== 'x64') return false;
  lacksVnni ??= cpuLacksVnni(); // every encoder resolves its scheme: read /proc/cpuinfo once
  return lacksVnni;
}

let lacksVnni: boolean | undefined;

function cpuLacksVnni(): boolean {
  try {
    return !/\b(avx512_vnni|avx_vnni|avx_vnni_int8)\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return true; // unknown x86: the safe choice
  }
}

/** Symmetric per-column int8 of B [K, N] (row-major), read through `at(k, n)`. */
export function quantizeColumns(
  K: number,
  N: number,
  at: (k: number, n: number) => number,
  qmax: number,
): { q: Int8Array; scale: Float32Array } {
  const scale = new Float32Array(N);
  for (let k = 0; k < K; k++) {
    for (let n = 0; n < N; n++) scale[n] = Math.max(scale[n]!, Math.abs(at(k, n)));
  }
  for (let n = 0; n < N; n++) scale[n] = scale[n]! > 0 ? scale[n]! / qmax : 1;
  const q = new Int8Array(K * N);
  for (let k = 0; k < K; k++) {
    for (let n = 0; n < N; n++) q[k * N + n] = Math.max(-qmax, Math.min(qmax, Math.round(at(k, n) / scale[n]!)));
  }
  return { q, scale };
}

/** A 2-D constant weight B [K, N], read through at(k, n); `name` (its first initializer) names the int8 copy. */
interface HostWeight {
  K: number;
  N: number;
  at: (k: number, n: number) => number;
  name: string;
}

/** B's value when it is a float32 initializer [K, N], Transpose([1, 0]) of one, or a Concat of those on axis 1. */
function hostWeight(g: Graph, v: Value | null | undefined): HostWeight | undefined {
  if (!v || v.dtype !== 'float32' || v.rank !== 2) return undefined;
  const p = v.producer;
  if (!p) {
    const t = g.initializers.get(v.name);
    if (!t) return undefined;
    const [K, N] = [t.shape[0]!, t.shape[1]!];
    const d = t.data as Float32Array;
    return { K, N, at: (k, n) => d[k * N + n]!, name: v.name };
  }
  const a = p.attrs;
  if (p.op === 'Transpose' && a.perm?.kind === 'ints' && a.perm.value.join() === '1,0') {
    const w = hostWeight(g, p.inputs[0]);
    return w && { K: w.N, N: w.K, at: (k, n) => w.at(n, k), name: w.name };
  }
  if (p.op === 'Concat' && a.axis?.kind === 'int' && (a.axis.value === 1 || a.axis.value === -1)) {
    const parts = p.inputs.map((x) => hostWeight(g, x));
    if (parts.length === 0 || parts.some((w) => !w || w.K !== parts[0]!.K)) return undefined;
    const part = new Int32Array(parts.reduce((s, w) => s + w!.N, 0)); // column → part index
    const first = new Int32Array(parts.length); // first column of each part
    parts.forEach((w, i) => {
      first[i] = i === 0 ? 0 : first[i - 1]! + parts[i - 1]!.N;
      part.fill(i, first[i], first[i]! + w!.N);
    });
    return {
      K: parts[0]!.K,
      N: part.length,
      at: (k, n) => parts[part[n]!]!.at(k, n - first[part[n]!]!),
      name: parts[0]!.name,
    };
  }
  return undefined;
}

/** Rewrites `g` in place; returns the number of weight products quantized (MatMuls and Attentions). */
export function quantizeWeightMatMuls(g: Graph, opts: QuantizeOptions = {}): number {
  const scheme = int8Scheme(opts);
  const qmax = scheme.reduceRange ? 63 : 127;
  const minElements = scheme.minElements;
  const original = g.nodes.slice(); // nodes created below (DynamicQuantizeLinear) are placed by `replaced`
  const consumers = new Map<Value, GraphNode[]>();
  for (const n of original) for (const v of n.inputs) if (v) consumers.set(v, [...(consumers.get(v) ?? []), n]);
  const constant = (v: Value | null | undefined): HostTensor | undefined =>
    v && !v.producer && v.dtype === 'float32' ? g.initializers.get(v.name) : undefined;
  const replaced = new Map<GraphNode, GraphNode[]>(); // [] = removed
  const orphans: Value[] = []; // fp32 weights no longer read by the rewritten node
  const quantized = (w: HostWeight) => {
    const { q, scale } = quantizeColumns(w.K, w.N, w.at, qmax);
    return {
      q: g.constant(tensor('int8', [w.K, w.N], q), `${w.name}_int8`),
      scale: g.constant(tensor('float32', [w.N], scale), `${w.name}_scale`),
    };
  };

  for (const node of original) {
    if (node.op === 'Attention' && node.domain === MS_DOMAIN) {
      const [x, wv, b, mask] = node.inputs;
      const w = hostWeight(g, wv);
      if (!x || !b || !w || w.K * w.N < minElements) continue;
      const qw = quantized(w);
      const xq = g.scope(node.scope, () => dynamicQuantizeLinear(x)); // [B, T, D] uint8, scale, zero point
      const qAttention: GraphNode = {
        op: 'QAttention',
        domain: MS_DOMAIN,
        name: node.name,
        scope: node.scope,
        attrs: node.attrs,
        inputs: [xq.q, qw.q, b, xq.scale, qw.scale, mask ?? null, xq.zeroPoint],
        outputs: node.outputs,
      };
      replaced.set(node, [xq.q.producer!, qAttention]);
      orphans.push(wv!);
      continue;
    }
    if (node.op !== 'MatMul') continue;
    const [a, b] = node.inputs as [Value, Value];
    const w = hostWeight(g, b);
    if (!w || w.K * w.N < minElements) continue;
    let out = node.outputs[0]!;
    let bias: Value | null = null;
    const users = consumers.get(out) ?? [];
    const add = users.length === 1 && users[0]!.op === 'Add' ? users[0]! : null;
    if (add) {
      const other = add.inputs[0] === out ? add.inputs[1]! : add.inputs[0]!;
      const bt = constant(other);
      if (bt && bt.shape.length === 1 && bt.shape[0] === w.N && add.outputs[0]!.shape.length === out.shape.length) {
        bias = other;
        out = add.outputs[0]!;
        replaced.set(add, []);
      }
    }
    const qw = quantized(w);
    const T = a.rank === 3 ? a.shape[1]! : 1;
    const split = scheme.splitFirstToken === 'all' || (scheme.splitFirstToken === 'down' && w.K > w.N);
    if (split && a.rank === 3 && (typeof T !== 'number' || T > 1)) {
      replaced.set(node, splitFirstToken(g, node, a, [qw.q, qw.scale, null, bias], out));
    } else {
      replaced.set(node, [
        {
          op: 'DynamicQuantizeMatMul',
          domain: MS_DOMAIN,
          name: node.name,
          scope: node.scope,
          inputs: [a, qw.q, qw.scale, null, bias],
          outputs: [out],
          attrs: {},
        },
      ]);
    }
    orphans.push(b);
  }

  const kept = original.flatMap((n) => replaced.get(n) ?? [n]);
  dropOrphans(g, kept, orphans);
  return [...replaced.values()].filter((r) => r.length > 0).length;
}

/** DynamicQuantizeMatMul on a [B, 1, K] and a [B, T − 1, K], concatenated into `out` [B, T, N]: position 0 gets
 *  its own activation scale. `rest` = the int8 weight, its scales, no zero point, the bias. */
function splitFirstToken(g: Graph, node: GraphNode, a: Value, rest: (Value | null)[], out: Value): GraphNode[] {
  const N = out.shape[2]!;
  return g.scope(node.scope, () => {
    const parts = [slice(a, 1, 0, 1), slice(a, 1, 1)]; // [B, 1, K], [B, T − 1, K]
    const ys = parts.map(
      (p) =>
        g.node(
          'DynamicQuantizeMatMul',
          [p, ...rest],
          [{ dtype: 'float32', shape: [a.shape[0]!, p.shape[1]!, N] }],
          {},
          MS_DOMAIN,
        )[0]!,
    );
    const concat: GraphNode = {
      op: 'Concat',
      domain: '',
      name: node.name,
      scope: node.scope,
      inputs: ys,
      outputs: [out],
      attrs: { axis: attr.int(1) },
    };
    return [...parts, ...ys].map((v) => v.producer!).concat(concat);
  });
}

/** Removes the nodes and initializers that only fed the replaced fp32 weights (kept: the rewritten node list). */
function dropOrphans(g: Graph, kept: GraphNode[], orphans: Value[]): void {
  const uses = new Map<Value, number>();
  const use = (v: Value | null, d: number) => v && uses.set(v, (uses.get(v) ?? 0) + d);
  for (const n of kept) n.inputs.forEach((v) => use(v, 1));
  g.outputs.forEach((v) => use(v, 1));
  const removed = new Set<GraphNode>();
  const queue = [...orphans];
  while (queue.length > 0) {
    const v = queue.pop()!;
    if ((uses.get(v) ?? 0) > 0) continue;
    const p = v.producer;
    if (!p) g.initializers.delete(v.name);
    else if (!removed.has(p) && p.outputs.every((o) => (uses.get(o) ?? 0) === 0)) {
      removed.add(p);
      for (const x of p.inputs) {
        if (x) {
          use(x, -1);
          queue.push(x);
        }
      }
    }
  }
  g.nodes.splice(0, g.nodes.length, ...kept.filter((n) => !removed.has(n)));
}
