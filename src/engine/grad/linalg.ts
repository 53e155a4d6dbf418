// Gradients of MatMul and Gemm.
import { mul } from '../ops/elementwise.ts';
import { gemm, matmul } from '../ops/linalg.ts';
import { reshape, transpose } from '../ops/shape-ops.ts';
import type { Value } from '../graph.ts';
import { defineGrad, sumToShape } from './registry.ts';

function swapLast(v: Value): Value {
  const perm = [...Array(v.rank).keys()];
  [perm[v.rank - 1], perm[v.rank - 2]] = [perm[v.rank - 2]!, perm[v.rank - 1]!];
  return transpose(v, perm);
}

defineGrad('MatMul', ({ x, dy, wants }) => {
  const a = x(0); // [..., M, K]
  const b = x(1); // [..., K, N]
  const g = dy[0]!; // [..., M, N]
  const da = wants(0) ? sumToShape(matmul(g, swapLast(b)), a) : null;
  if (!wants(1)) return [da, null];
  let db: Value;
  const k = a.shape[a.rank - 1]!;
  const n = b.shape[1]!;
  if (b.rank === 2 && a.rank > 2 && typeof k === 'number' && typeof n === 'number') {
    // The common x [B, T, K] @ W [K, N] case: one GEMM over the flattened batch instead of B small ones.
    db = gemm(reshape(a, [-1, k]), reshape(g, [-1, n]), null, { transA: true }); // [K, N]
  } else {
    db = sumToShape(matmul(swapLast(a), g), b);
  }
  return [da, db];
});

defineGrad('Gemm', ({ node, x, dy, wants }) => {
  const transA = node.attrs.transA?.value === 1;
  const transB = node.attrs.transB?.value === 1;
  const alpha = (node.attrs.alpha?.value as number | undefined) ?? 1;
  const beta = (node.attrs.beta?.value as number | undefined) ?? 1;
  const a = x(0);
  const b = x(1);
  const g = dy[0]!; // [M, N]
  const da = !wants(0)
    ? null
    : transA
      ? gemm(b, g, null, { transA: transB, transB: true, alpha }) // Aᵀ' = B' dYᵀ
      : gemm(g, b, null, { transB: !transB, alpha }); // dY B'ᵀ
  const db = !wants(1)
    ? null
    : transB
      ? gemm(g, a, null, { transA: true, transB: transA, alpha }) // dYᵀ A'
      : gemm(a, g, null, { transA: !transA, alpha }); // A'ᵀ dY
  const grads: (Value | null)[] = [da, db];
  if (node.inputs[2]) grads.push(wants(2) ? sumToShape(beta === 1 ? g : mul(g, beta), x(2)) : null);
  return grads;
});
