// Dynamic int8 quantization of an inference graph, done by the project (no Python tooling):
// every MatMul whose B operand is a constant weight — W [K, N] itself or Transpose(W [N, K]) as nn.Linear emits —
// becomes ONNX Runtime's com.microsoft DynamicQuantizeMatMul:
//   Y [..., N] = dequant(quant_u8(A [..., K]) @ Bq [K, N]) + bias,  Bq int8 symmetric per column (zero point 0),
//   scale[n] = max_k |B[k, n]| / qmax; A is quantized per call (uint8, asymmetric) inside the kernel.
// A following Add of a constant [N] bias is folded into the node. The fp32 weight (and its Transpose) are dropped.
// qmax = 127, or 63 ("reduce range") on x86 CPUs without VNNI, whose u8×s8 kernel (VPMADDUBSW) saturates int16
// pair sums when weights use the full int8 range (see ONNX Runtime's quantization docs).
import { readFileSync } from 'node:fs';
import type { Graph, GraphNode, Value } from '../engine/graph.ts';
import { tensor, type HostTensor } from '../engine/tensor.ts';

export interface QuantizeOptions {
  /** Use 7-bit weights. Default: true on x86 without VNNI (see header), else false. */
  reduceRange?: boolean;
  /** Leave smaller weights in fp32. Default 256 elements. */
  minElements?: number;
}

/** True on x86-64 Linux CPUs lacking AVX-VNNI / AVX512-VNNI. BERTCNN_INT8_REDUCE_RANGE=0|1 overrides. */
export function defaultReduceRange(): boolean {
  const env = process.env.BERTCNN_INT8_REDUCE_RANGE;
  if (env === '0' || env === '1') return env === '1';
  if (process.arch !== 'x64') return false;
  try {
    return !/\b(avx512_vnni|avx_vnni|avx_vnni_int8)\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return true; // unknown x86: the safe choice
  }
}

/** Symmetric per-column int8 of B [K, N] (row-major), read through `at(k, n)`. */
export function quantizeColumns(K: number, N: number, at: (k: number, n: number) => number, qmax: number): { q: Int8Array; scale: Float32Array } {
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

/** Rewrites `g` in place; returns the number of MatMuls quantized. */
export function quantizeWeightMatMuls(g: Graph, opts: QuantizeOptions = {}): number {
  const qmax = (opts.reduceRange ?? defaultReduceRange()) ? 63 : 127;
  const minElements = opts.minElements ?? 256;
  const consumers = new Map<Value, GraphNode[]>();
  for (const n of g.nodes) for (const v of n.inputs) if (v) consumers.set(v, [...(consumers.get(v) ?? []), n]);
  const constant = (v: Value | null | undefined): HostTensor | undefined =>
    v && !v.producer && v.dtype === 'float32' ? g.initializers.get(v.name) : undefined;
  const replaced = new Map<GraphNode, GraphNode | null>(); // null = removed
  const dropped: Value[] = [];

  for (const node of g.nodes) {
    if (node.op !== 'MatMul') continue;
    const [a, b] = node.inputs as [Value, Value];
    const tr = b.producer?.op === 'Transpose' ? b.producer : null;
    const perm = tr?.attrs.perm;
    const transposed = tr !== null && perm?.kind === 'ints' && perm.value.join() === '1,0';
    const w = transposed ? constant(tr.inputs[0]) : tr ? undefined : constant(b);
    if (!w || w.shape.length !== 2 || w.data.length < minElements) continue;
    const data = w.data as Float32Array;
    const [K, N] = transposed ? [w.shape[1]!, w.shape[0]!] : [w.shape[0]!, w.shape[1]!];
    const at = transposed ? (k: number, n: number) => data[n * K + k]! : (k: number, n: number) => data[k * N + n]!;
    const { q, scale } = quantizeColumns(K, N, at, qmax);

    let out = node.outputs[0]!;
    let bias: Value | null = null;
    const users = consumers.get(out) ?? [];
    const add = users.length === 1 && users[0]!.op === 'Add' ? users[0]! : null;
    if (add) {
      const other = add.inputs[0] === out ? add.inputs[1]! : add.inputs[0]!;
      const bt = constant(other);
      if (bt && bt.shape.length === 1 && bt.shape[0] === N && add.outputs[0]!.shape.length === out.shape.length) {
        bias = other;
        out = add.outputs[0]!;
        replaced.set(add, null);
      }
    }
    const hint = tr ? tr.inputs[0]!.name : b.name;
    const qB = g.constant(tensor('int8', [K, N], q), `${hint}_int8`);
    const qScale = g.constant(tensor('float32', [N], scale), `${hint}_scale`);
    replaced.set(node, {
      op: 'DynamicQuantizeMatMul', domain: 'com.microsoft', name: node.name, scope: node.scope,
      inputs: [a, qB, qScale, null, bias], outputs: [out], attrs: {},
    });
    if (tr && (consumers.get(b) ?? []).length === 1) {
      replaced.set(tr, null);
      dropped.push(tr.inputs[0]!);
    } else if (!tr) dropped.push(b);
  }

  const kept = g.nodes.flatMap((n) => {
    const r = replaced.get(n);
    return r === undefined ? [n] : r === null ? [] : [r];
  });
  g.nodes.splice(0, g.nodes.length, ...kept);
  const stillUsed = new Set(kept.flatMap((n) => n.inputs.filter((v): v is Value => v !== null)));
  for (const v of dropped) if (!stillUsed.has(v)) g.initializers.delete(v.name);
  return [...replaced.values()].filter((r) => r !== null).length;
}
