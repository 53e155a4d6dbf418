// Static word vectors (word2vec, GloVe, fastText, wink): ONE Float32Array matrix [V, D] row-major plus a compact
// word index (word-index.ts) — no JS object per word. Lookup falls back from the exact word to its lower-cased
// form; coverage() says which fraction of a vocabulary's types and tokens have a vector.
// VectorsBuilder is what the readers fill: rows are appended in file order, a repeated word keeps its first
// vector (later copies are counted, with their first few line numbers, in the summary).
import { DataError } from '../../errors.ts';
import { WordIndex } from './word-index.ts';

export interface VectorsSummary {
  /** File (or package) read. */
  source: string;
  format: string;
  words: number;
  dim: number;
  /** Repeated words skipped (first occurrence wins). */
  duplicates: number;
  /** Where the first few duplicates were (e.g. `line 17` or `byte 4096`), at most 10. */
  duplicateAt: string[];
  /** Rows the file header declared, when it has one. */
  declared?: number;
  /** Reading stopped early at the `limit` option. */
  truncated?: boolean;
  seconds: number;
}

export type MatchKind = 'exact' | 'lower';

export interface Coverage {
  types: number;
  typesFound: number;
  tokens: number;
  tokensFound: number;
  /** Types found only through the lower-case fallback. */
  typesFoundLower: number;
  typeRate: number;
  tokenRate: number;
}

export class StaticVectors {
  constructor(
    /** [words, dim] row-major. */
    readonly matrix: Float32Array,
    readonly index: WordIndex,
    readonly dim: number,
    readonly summary: VectorsSummary,
  ) {}

  get size(): number {
    return this.index.size;
  }

  /** Row of `word`: exact match first, then the lower-cased word; null when neither has a vector. */
  lookup(word: string): { id: number; match: MatchKind } | null {
    const id = this.index.get(word);
    if (id >= 0) return { id, match: 'exact' };
    const lower = word.toLowerCase();
    if (lower !== word) {
      const l = this.index.get(lower);
      if (l >= 0) return { id: l, match: 'lower' };
    }
    return null;
  }

  /** The vector of `word` (a view into the matrix; do not modify), with case fallback, or null. */
  vector(word: string): Float32Array | null {
    const hit = this.lookup(word);
    return hit ? this.row(hit.id) : null;
  }

  row(id: number): Float32Array {
    return this.matrix.subarray(id * this.dim, (id + 1) * this.dim);
  }

  word(id: number): string {
    return this.index.word(id);
  }

  /** Coverage of a vocabulary given as word → token count (or a list of words, each counted once). */
  coverage(vocab: ReadonlyMap<string, number> | Iterable<string>): Coverage {
    const entries: Iterable<[string, number]> =
      vocab instanceof Map ? vocab.entries() : [...(vocab as Iterable<string>)].map((w): [string, number] => [w, 1]);
    const c = { types: 0, typesFound: 0, tokens: 0, tokensFound: 0, typesFoundLower: 0 };
    for (const [w, n] of entries) {
      c.types++;
      c.tokens += n;
      const hit = this.lookup(w);
      if (!hit) continue;
      c.typesFound++;
      c.tokensFound += n;
      if (hit.match === 'lower') c.typesFoundLower++;
    }
    return { ...c, typeRate: c.types ? c.typesFound / c.types : 0, tokenRate: c.tokens ? c.tokensFound / c.tokens : 0 };
  }

  /** Mean and variance of all matrix entries (or of the given rows). */
  stats(rows?: readonly number[]): { mean: number; variance: number; count: number } {
    let s = 0;
    let s2 = 0;
    let n = 0;
    const add = (v: Float32Array) => {
      for (let i = 0; i < v.length; i++) {
        s += v[i]!;
        s2 += v[i]! * v[i]!;
      }
      n += v.length;
    };
    if (rows) for (const r of rows) add(this.row(r));
    else add(this.matrix);
    const mean = n ? s / n : 0;
    return { mean, variance: n ? Math.max(0, s2 / n - mean * mean) : 0, count: n };
  }
}

/** Accumulates rows while a reader streams a file. `where` names the file in errors. */
export class VectorsBuilder {
  readonly index = new WordIndex();
  private matrix: Float32Array;
  private dimension = 0;
  readonly summary: VectorsSummary;
  private readonly started = performance.now();
  private expected: number;

  constructor(source: string, format: string, expectedRows = 1024) {
    this.matrix = new Float32Array(0);
    this.summary = { source, format, words: 0, dim: 0, duplicates: 0, duplicateAt: [], seconds: 0 };
    this.expected = Math.max(1, expectedRows);
  }

  get dim(): number {
    return this.dimension;
  }

  get size(): number {
    return this.index.size;
  }

  setDim(dim: number, expectedRows?: number): void {
    this.dimension = dim;
    this.summary.dim = dim;
    if (expectedRows !== undefined) this.expected = Math.max(1, expectedRows);
    this.matrix = new Float32Array(this.expected * dim);
  }

  /**
   * Adds word src[start, end) with the vector in `values` (length dim). Returns false (and counts it) when the
   * word was already added; `at` says where, for the summary.
   */
  add(src: Uint8Array, start: number, end: number, values: Float32Array, at: string): boolean {
    const id = this.index.add(src, start, end);
    if (id < 0) {
      this.summary.duplicates++;
      if (this.summary.duplicateAt.length < 10) this.summary.duplicateAt.push(at);
      return false;
    }
    const D = this.dimension;
    if ((id + 1) * D > this.matrix.length) {
      const bigger = new Float32Array(Math.max((id + 1) * D, this.matrix.length * 2));
      bigger.set(this.matrix);
      this.matrix = bigger;
    }
    this.matrix.set(values, id * D);
    return true;
  }

  finish(): StaticVectors {
    const n = this.index.size;
    if (n === 0)
      throw new DataError(this.summary.source, 'no word vectors found (empty vocabulary): is this a vectors file?');
    const D = this.dimension;
    const matrix = this.matrix.length === n * D ? this.matrix : this.matrix.slice(0, n * D);
    this.matrix = new Float32Array(0);
    this.index.trim();
    this.summary.words = n;
    this.summary.seconds = (performance.now() - this.started) / 1000;
    return new StaticVectors(matrix, this.index, D, this.summary);
  }
}
