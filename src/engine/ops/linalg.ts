// Matrix products. matmul follows numpy semantics (batch dims broadcast); gemm is ONNX Gemm on 2-D inputs.
import { attr, type Value } from '../graph.ts';
import { broadcastShapes, dimsCompatible, formatShape } from '../shape.ts';

/** a [..., M, K] @ b [..., K, N] → [..., M, N]. Rank-1 operands are not supported (use reshape). */
export function matmul(a: Value, b: Value): Value {
  const g = a.graph;
  if (a.rank < 2 || b.rank < 2) throw g.error('MatMul', 'operands must have rank ≥ 2', [a, b]);
  const k1 = a.shape[a.rank - 1]!;
  const k2 = b.shape[b.rank - 2]!;
  if (!dimsCompatible(k1, k2)) {
    throw g.error('MatMul', `inner dims differ: ${formatShape(a.shape)} @ ${formatShape(b.shape)}`, [a, b]);
  }
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (!batch) throw g.error('MatMul', 'batch dims do not broadcast', [a, b]);
  const shape = [...batch, a.shape[a.rank - 2]!, b.shape[b.rank - 1]!];
  return g.node('MatMul', [a, b], [{ dtype: a.dtype, shape }])[0]!;
}

export interface GemmOptions {
  transA?: boolean;
  transB?: boolean;
  alpha?: number;
  beta?: number;
}

/** Y = alpha · A' B' + beta · C, A' = transA ? Aᵀ : A. A, B are 2-D; C broadcasts to [M, N]. */
export function gemm(a: Value, b: Value, c: Value | null, opts: GemmOptions = {}): Value {
  const g = a.graph;
  if (a.rank !== 2 || b.rank !== 2) throw g.error('Gemm', 'A and B must be 2-D', [a, b, c]);
  const [m, ka] = opts.transA ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const [kb, n] = opts.transB ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  if (!dimsCompatible(ka, kb)) throw g.error('Gemm', `inner dims differ (${ka} vs ${kb})`, [a, b, c]);
  if (c && !broadcastShapes(c.shape, [m, n])) throw g.error('Gemm', `C does not broadcast to [${m}, ${n}]`, [a, b, c]);
  const attrs = {
    transA: attr.int(opts.transA ? 1 : 0),
    transB: attr.int(opts.transB ? 1 : 0),
    alpha: attr.float(opts.alpha ?? 1),
    beta: attr.float(opts.beta ?? 1),
  };
  const inputs = c ? [a, b, c] : [a, b];
  return g.node('Gemm', inputs, [{ dtype: a.dtype, shape: [m, n] }], attrs)[0]!;
}
