// int8 lookup tables for `export --int8`. The MatMul quantizer (./quantize.ts) leaves embedding tables in fp32,
// and in a model over token ids the table is most of the file: a CNN over WordPiece ids with a 30,522 × 300 table is
// 36 MB, 29 of them the table. Here every Gather whose data is a large constant fp32 table [V, D] (axis 0) becomes
//   rows = Gather(Tq int8 [V, D], ids)            [..., D]
//   s    = Gather(scale [V, 1], ids)              [..., 1]
//   y    = Cast(rows, float32) · s                [..., D]
// with symmetric per-row scales scale[v] = max_d |T[v, d]| / 127 — a row's error is at most half its own step, so a
// rare word's small vector keeps its precision next to a frequent word's large one. 4× smaller; per-row cosine
// ≥ 0.9999 on real tables. The fp32 table is dropped.
// Conv kernels [O, C, k…] (which the MatMul quantizer does not touch either) are stored int8 the same way, one scale
// per output channel, and turned back into fp32 by a DequantizeLinear on the constant: ONNX Runtime folds it when
// the session loads, so the file is 4× smaller and the convolution runs in fp32 as before.
import { attr, type Graph, type GraphNode, type Value } from '../engine/graph.ts';
import { tensor } from '../engine/tensor.ts';

/** Tables smaller than this stay fp32 (their bytes do not matter; their precision might). */
export const MIN_TABLE_ELEMENTS = 65_536;

/** Per-row symmetric int8 quantization of a row-major [V, D] table. */
export function quantizeRows(table: Float32Array, V: number, D: number): { q: Int8Array; scale: Float32Array } {
  const q = new Int8Array(V * D);
  const scale = new Float32Array(V);
  for (let v = 0; v < V; v++) {
    let max = 0;
    for (let d = 0; d < D; d++) max = Math.max(max, Math.abs(table[v * D + d]!));
    const s = max > 0 ? max / 127 : 1;
    scale[v] = s;
    for (let d = 0; d < D; d++) q[v * D + d] = Math.max(-127, Math.min(127, Math.round(table[v * D + d]! / s)));
  }
  return { q, scale };
}

/** Rewrites `g` in place; returns the number of tables quantized. */
export function quantizeGatherTables(g: Graph, minElements = MIN_TABLE_ELEMENTS): number {
  const replaced = new Map<GraphNode, GraphNode[]>();
  const dropped: string[] = [];
  const readers = readerCounts(g);
  for (const node of g.nodes.slice()) {
    if (node.op !== 'Gather' || node.domain !== '') continue;
    const [data, ids] = node.inputs as [Value, Value];
    const axisAttr = node.attrs.axis;
    const axis = axisAttr?.kind === 'int' ? axisAttr.value : 0;
    const t = !data.producer && data.dtype === 'float32' ? g.initializers.get(data.name) : undefined;
    if (!t || t.shape.length !== 2 || axis !== 0) continue;
    const [V, D] = t.shape as [number, number];
    if (V * D < minElements || readers.get(data) !== 1) continue; // a table read elsewhere too stays as it is
    const { q, scale } = quantizeRows(t.data as Float32Array, V, D);
    const out = node.outputs[0]!;
    const made = g.scope(node.scope, () => {
      const tq = g.constant(tensor('int8', [V, D], q), `${data.name}_int8`);
      const ts = g.constant(tensor('float32', [V, 1], scale), `${data.name}_row_scale`);
      const rows = g.node('Gather', [tq, ids], [{ dtype: 'int8', shape: out.shape }], { axis: attr.int(0) })[0]!;
      const s = g.node('Gather', [ts, ids], [{ dtype: 'float32', shape: [...out.shape.slice(0, -1), 1] }], {
        axis: attr.int(0),
      })[0]!;
      const f = g.node('Cast', [rows], [{ dtype: 'float32', shape: out.shape }], { to: attr.int(1) })[0]!; // → float32
      const mul: GraphNode = {
        op: 'Mul',
        domain: '',
        name: node.name,
        scope: node.scope,
        inputs: [f, s],
        outputs: [out],
        attrs: {},
      };
      return [rows.producer!, s.producer!, f.producer!, mul];
    });
    replaced.set(node, made);
    dropped.push(data.name);
  }
  return applyReplacements(g, replaced, dropped);
}

/** Conv weights ≥ minElements stored int8 + per-output-channel scales behind a DequantizeLinear; returns how many. */
export function storeConvWeightsInt8(g: Graph, minElements = MIN_TABLE_ELEMENTS / 4): number {
  const readers = readerCounts(g);
  const replaced = new Map<GraphNode, GraphNode[]>();
  const dropped: string[] = [];
  for (const node of g.nodes.slice()) {
    if (node.op !== 'Conv' || node.domain !== '') continue;
    const w = node.inputs[1]!;
    const t = !w.producer && w.dtype === 'float32' ? g.initializers.get(w.name) : undefined;
    if (!t || t.data.length < minElements || readers.get(w) !== 1) continue;
    const O = t.shape[0]!;
    const { q, scale } = quantizeRows(t.data as Float32Array, O, t.data.length / O); // a "row" = one output channel
    const made = g.scope(node.scope, () => {
      const wq = g.constant(tensor('int8', [...t.shape], q), `${w.name}_int8`);
      const ws = g.constant(tensor('float32', [O], scale), `${w.name}_scale`);
      const deq = g.node('DequantizeLinear', [wq, ws], [{ dtype: 'float32', shape: w.shape }], {
        axis: attr.int(0),
      })[0]!;
      const conv: GraphNode = { ...node, inputs: [node.inputs[0]!, deq, ...node.inputs.slice(2)] };
      return [deq.producer!, conv];
    });
    replaced.set(node, made);
    dropped.push(w.name);
  }
  return applyReplacements(g, replaced, dropped);
}

/** How many node inputs read each value (a constant read by one node only may be rewritten for it). */
function readerCounts(g: Graph): Map<Value, number> {
  const readers = new Map<Value, number>();
  for (const n of g.nodes) for (const v of n.inputs) if (v) readers.set(v, (readers.get(v) ?? 0) + 1);
  return readers;
}

/** Puts each replaced node's new nodes in its place (they were appended at the end when made) and drops the fp32
 *  constants they no longer read; returns how many nodes were replaced. */
function applyReplacements(g: Graph, replaced: Map<GraphNode, GraphNode[]>, dropped: string[]): number {
  if (replaced.size === 0) return 0;
  const created = new Set([...replaced.values()].flat());
  g.nodes.splice(0, g.nodes.length, ...g.nodes.filter((n) => !created.has(n)).flatMap((n) => replaced.get(n) ?? [n]));
  for (const name of dropped) g.initializers.delete(name);
  return replaced.size;
}
