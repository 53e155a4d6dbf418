// A batch in Kim's padded layout (vocab.ts kimLayout), as the exported kim2014 graph takes it (export/kim-graph.ts)
// and the browser runtime builds it (web/kim-classifier.ts): per sentence [0 × left, ids…, 0 × right], rows padded
// with 0 to the longest; attention mask 1 over each padded sentence span, 0 over batch padding. Pure (browser-safe).
//   paddedRows([[5, 9]], { left: 4, right: 5 }) → inputIds [[0,0,0,0,5,9,0,0,0,0,0]], attentionMask [[1 × 11]]
import type { PaddedLayout } from './vocab.ts';

export function paddedRows(
  ids: readonly (readonly number[])[],
  layout: PaddedLayout,
): { inputIds: number[][]; attentionMask: number[][] } {
  const span = (n: number) => layout.left + n + layout.right;
  const T = Math.max(0, ...ids.map((r) => span(r.length)));
  const inputIds = ids.map((r) => {
    const row = new Array<number>(T).fill(0);
    r.forEach((id, j) => (row[layout.left + j] = id));
    return row;
  });
  const attentionMask = ids.map((r) => Array.from({ length: T }, (_, t) => (t < span(r.length) ? 1 : 0)));
  return { inputIds, attentionMask };
}
