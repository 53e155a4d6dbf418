// Host-side decoding for the linear-chain CRF of crf.ts (pytorch-crf's `CRF.decode`, Viterbi 1967): the
// highest-scoring tag sequence of each sentence, of its true length, and that path's score. Plain TypeScript in
// float64 over the Float32Array outputs of a session: decoding is O(T·L²) per sentence and never needs a graph.
// Ties go to the lowest tag index. Also exact brute-force enumeration of all L^n paths (tests and debugging).
//
// Shapes: emissions [B, T, L] row-major; lengths [B] (1 ≤ length ≤ T; padding at the end); start [L], end [L],
// transitions [L, L] row-major, transitions[i·L + j] = score of tag i → tag j.
import { UsageError } from '../../errors.ts';

export interface CrfHostParams {
  start: ArrayLike<number>; // [L]
  end: ArrayLike<number>; // [L]
  transitions: ArrayLike<number>; // [L·L]
}

export interface Decoded {
  /** Best tag sequence per sentence, tags[b].length = lengths[b]. */
  tags: number[][];
  /** Score of that sequence (the unnormalised log-potential, as in crf.ts's score(y)). */
  scores: number[];
}

/** Sentence lengths from a [B, T] 1/0 mask, checking that padding only comes at the end. */
export function lengthsFromMask(mask: ArrayLike<number>, batch: number, steps: number): number[] {
  const out: number[] = [];
  for (let b = 0; b < batch; b++) {
    let n = 0;
    while (n < steps && mask[b * steps + n]! > 0) n++;
    for (let t = n; t < steps; t++) {
      if (mask[b * steps + t]! > 0)
        throw new UsageError(`crf mask row ${b}: on-step at t=${t} after padding at t=${n}`);
    }
    out.push(n);
  }
  return out;
}

function check(
  emissions: ArrayLike<number>,
  shape: readonly number[],
  lengths: ArrayLike<number>,
  p: CrfHostParams,
): void {
  const [B, T, L] = shape as [number, number, number];
  if (shape.length !== 3 || emissions.length !== B * T * L) {
    throw new UsageError(`viterbi: emissions hold ${emissions.length} values, shape [${shape}] needs ${B * T * L}`);
  }
  if (lengths.length !== B) throw new UsageError(`viterbi: ${lengths.length} lengths for a batch of ${B}`);
  if (p.start.length !== L || p.end.length !== L || p.transitions.length !== L * L) {
    throw new UsageError(`viterbi: start/end must have ${L} values and transitions ${L * L}`);
  }
  for (let b = 0; b < B; b++) {
    const n = lengths[b]!;
    if (!Number.isInteger(n) || n < 1 || n > T)
      throw new UsageError(`viterbi: length ${n} of sentence ${b} is not in [1, ${T}]`);
  }
}

/** Viterbi decoding of a batch. */
export function viterbiDecode(
  emissions: ArrayLike<number>,
  shape: readonly [number, number, number],
  lengths: ArrayLike<number>,
  p: CrfHostParams,
): Decoded {
  check(emissions, shape, lengths, p);
  const [B, T, L] = shape;
  const tags: number[][] = [];
  const scores: number[] = [];
  for (let b = 0; b < B; b++) {
    const n = lengths[b]!;
    const e = (t: number, j: number) => emissions[(b * T + t) * L + j]!;
    let score = Float64Array.from({ length: L }, (_, j) => p.start[j]! + e(0, j));
    const back: Int32Array[] = [];
    for (let t = 1; t < n; t++) {
      const next = new Float64Array(L);
      const ptr = new Int32Array(L);
      for (let j = 0; j < L; j++) {
        let best = -Infinity;
        let arg = 0;
        for (let i = 0; i < L; i++) {
          const s = score[i]! + p.transitions[i * L + j]!;
          if (s > best) [best, arg] = [s, i];
        }
        next[j] = best + e(t, j);
        ptr[j] = arg;
      }
      score = next;
      back.push(ptr);
    }
    let last = 0;
    for (let j = 0; j < L; j++) if (score[j]! + p.end[j]! > score[last]! + p.end[last]!) last = j;
    scores.push(score[last]! + p.end[last]!);
    const path = [last];
    for (let t = back.length - 1; t >= 0; t--) path.push(back[t]![path[path.length - 1]!]!);
    tags.push(path.reverse());
  }
  return { tags, scores };
}

/** score(y) of one tag path for sentence b (its length is path.length). */
export function crfPathScore(
  emissions: ArrayLike<number>,
  shape: readonly [number, number, number],
  b: number,
  path: readonly number[],
  p: CrfHostParams,
): number {
  const [, T, L] = shape;
  let s = p.start[path[0]!]! + p.end[path[path.length - 1]!]!;
  path.forEach((y, t) => {
    s += emissions[(b * T + t) * L + y]!;
    if (t > 0) s += p.transitions[path[t - 1]! * L + y]!;
  });
  return s;
}

/** Exhaustive search over all L^n paths of sentence b: best path, its score, and log Z (logsumexp of all). */
export function bruteForceCrf(
  emissions: ArrayLike<number>,
  shape: readonly [number, number, number],
  b: number,
  length: number,
  p: CrfHostParams,
): { best: number[]; bestScore: number; logZ: number } {
  const L = shape[2];
  const all: number[] = [];
  let best: number[] = [];
  let bestScore = -Infinity;
  const path = new Array<number>(length).fill(0);
  for (let k = 0; k < L ** length; k++) {
    for (let t = 0, r = k; t < length; t++, r = Math.floor(r / L)) path[length - 1 - t] = r % L; // lexicographic
    const s = crfPathScore(emissions, shape, b, path, p);
    all.push(s);
    if (s > bestScore) [bestScore, best] = [s, path.slice()];
  }
  const m = Math.max(...all);
  return { best, bestScore, logZ: m + Math.log(all.reduce((acc, s) => acc + Math.exp(s - m), 0)) };
}
