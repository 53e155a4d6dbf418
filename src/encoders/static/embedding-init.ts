// Embedding-layer initialisation from static vectors, Kim (2014)'s recipe: a word-level vocabulary built from
// the training data gets its pretrained vector where one exists (exact word, else lower-cased); every other word
// gets U[−a, a] with a = √(3·Var) chosen so its variance equals that of the pretrained entries (Var(U[−a, a]) =
// a²/3; Kim's a = 0.25 for 300-d word2vec, whose entries have variance ≈ 0.02). Var is measured over the
// pretrained rows actually copied (all of the source's rows when none is). The padding row stays zero.
// Optional `std`: the copied rows are first multiplied by one constant so their entries have that standard
// deviation (cosines and relative norms unchanged), and the random rows then get a = √3·std. Kim's recipe
// (Adadelta ε 1e-6, fixed conv init, U[−0.25, 0.25] for CNN-rand) runs at word2vec's entry std ≈ 0.144
// (= 0.25/√3); GloVe-style vectors are ≈ 3× larger, which changes training (see the kim2014 preset).
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
  /** Factor the pretrained rows were multiplied by (1 without `std`). */
  scale: number;
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
  /** Rescale the pretrained rows to this entry standard deviation (then a = √3·std unless `a` is given). */
  std?: number;
}

/** Kim's CNN-static / non-static table: pretrained rows where available, U[−a, a] elsewhere. */
export function initFromVectors(
  words: readonly string[],
  vectors: StaticVectors,
  rng: Rng,
  opts: InitOptions = {},
): VectorInit {
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
  let scale = 1;
  if (opts.std !== undefined) {
    if (!(opts.std > 0 && Number.isFinite(opts.std)))
      throw new UsageError(`std must be a positive number, got ${opts.std}`);
    const { variance } = vectors.stats(used.length > 0 ? used : undefined);
    if (!(variance > 0)) throw new UsageError('cannot rescale vectors whose entries have zero variance');
    scale = opts.std / Math.sqrt(variance);
    for (let i = 0; i < words.length; i++) {
      if (i === padId) continue;
      const row = matrix.subarray(i * D, (i + 1) * D);
      for (let j = 0; j < D; j++) row[j] = row[j]! * scale;
    }
  }
  const a = opts.a ?? (opts.std !== undefined ? Math.sqrt(3) * opts.std : varianceMatchedBound(vectors, used));
  for (const i of missing) rng.fillUniform(matrix.subarray(i * D, (i + 1) * D), -a, a);
  return { matrix, dim: D, found: used.length, foundLower, random: missing.length, a, scale };
}

/** Kim's CNN-rand table: every row U[−a, a] (a = 0.25 in his code), the padding row zero. */
export function uniformInit(vocabSize: number, dim: number, rng: Rng, opts: InitOptions = {}): VectorInit {
  const a = opts.a ?? 0.25;
  const padId = opts.padId ?? 0;
  const matrix = rng.fillUniform(new Float32Array(vocabSize * dim), -a, a);
  if (padId >= 0 && padId < vocabSize) matrix.fill(0, padId * dim, (padId + 1) * dim);
  return { matrix, dim, found: 0, foundLower: 0, random: vocabSize - (padId >= 0 ? 1 : 0), a, scale: 1 };
}
