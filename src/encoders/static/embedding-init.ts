// Embedding-layer initialisation from static vectors, Kim (2014)'s recipe: a word-level vocabulary built from
// the training data gets its pretrained vector where one exists (exact word, else lower-cased); every other word
// gets U[−a, a] with a = √(3·Var) chosen so its variance equals that of the pretrained entries (Var(U[−a, a]) =
// a²/3; Kim's a = 0.25 for 300-d word2vec, whose entries have variance ≈ 0.02). Var is measured over the
// pretrained rows actually copied (all of the source's rows when none is). The padding row stays zero.
//   words [V] (id → word; ids[padId] ignored) → matrix [V, D] row-major
import { UsageError } from '../../errors.ts';
import type { Rng } from '../../engine/rng.ts';
import type { StaticVectors } from './vectors.ts';

export interface VectorInit {
  /** [V, D] row-major. */
  matrix: Float32Array;
  dim: number;
  /** Words that got a pretrained vector (exact or lower-cased), and of those via the lower-case fallback. */
  found: number;
  foundLower: number;
  /** Words that got U[−a, a]. */
  random: number;
  /** The bound used for the random rows. */
  a: number;
}

/** a such that U[−a, a] has the variance of the given pretrained rows: √(3·Var). */
export function varianceMatchedBound(vectors: StaticVectors, rows?: readonly number[]): number {
  const { variance } = vectors.stats(rows && rows.length > 0 ? rows : undefined);
  return Math.sqrt(3 * variance);
}

export interface InitOptions {
  /** Row kept at zero (Kim's padding index 0); -1 for none. Default 0. */
  padId?: number;
  /** Fixed bound instead of the variance-matched one (Kim hard-coded 0.25). */
  a?: number;
}

/** Kim's CNN-static / non-static table: pretrained rows where available, U[−a, a] elsewhere. */
export function initFromVectors(words: readonly string[], vectors: StaticVectors, rng: Rng, opts: InitOptions = {}): VectorInit {
  if (words.length === 0) throw new UsageError('cannot initialise an embedding for an empty vocabulary');
  const padId = opts.padId ?? 0;
  const D = vectors.dim;
  const matrix = new Float32Array(words.length * D);
  const used: number[] = [];
  const missing: number[] = [];
  let foundLower = 0;
  words.forEach((w, i) => {
    if (i === padId) return;
    const hit = vectors.lookup(w);
    if (!hit) return void missing.push(i);
    matrix.set(vectors.row(hit.id), i * D);
    used.push(hit.id);
    if (hit.match === 'lower') foundLower++;
  });
  const a = opts.a ?? varianceMatchedBound(vectors, used);
  for (const i of missing) rng.fillUniform(matrix.subarray(i * D, (i + 1) * D), -a, a);
  return { matrix, dim: D, found: used.length, foundLower, random: missing.length, a };
}

/** Kim's CNN-rand table: every row U[−a, a] (a = 0.25 in his code), the padding row zero. */
export function uniformInit(vocabSize: number, dim: number, rng: Rng, opts: InitOptions = {}): VectorInit {
  const a = opts.a ?? 0.25;
  const padId = opts.padId ?? 0;
  const matrix = rng.fillUniform(new Float32Array(vocabSize * dim), -a, a);
  if (padId >= 0 && padId < vocabSize) matrix.fill(0, padId * dim, (padId + 1) * dim);
  return { matrix, dim, found: 0, foundLower: 0, random: vocabSize - (padId >= 0 ? 1 : 0), a };
}
