// The initial [V, D] table of a word vocabulary from a loaded source (source.ts), one rule for every model with a
// word embedding (the kim2014 preset, the taggers over word ids, cnn-alone over WordPiece ids):
//   words [V] (id → word; row padId stays 0) → matrix [V, D] row-major
//   random   U[−a, a] every row (a = `randomBound`, D = `randomDim`)
//   vectors  the word's vector (exact, else lower-cased); a word without one gets U[−a, a] with a matched to the
//            variance of the copied rows (Kim 2014), or — oov 'unk' — one such random row shared by all of them
//            (`std`: copied rows rescaled to that entry std first, src/encoders/static/embedding-init.ts)
//   bert     a word that is one WordPiece token (exact, else lower-cased) gets that row of the matrix, any other
//            word its OOV policy's row: unk → [UNK], pieces-mean → mean of its pieces' rows (bert-init.ts)
// `unkId`: a row standing for words outside the vocabulary (the taggers' <unk>): BERT's [UNK] row, else random.
import { Rng } from '../../engine/rng.ts';
import { UsageError } from '../../errors.ts';
import { initWordsFromBert, bertPieceTable } from '../../encoders/static/bert-init.ts';
import { initFromVectors, uniformInit } from '../../encoders/static/embedding-init.ts';
import type { OovPolicy } from './spec.ts';
import type { VectorSource } from './source.ts';

export interface WordTable {
  /** [V, D] row-major. */
  matrix: Float32Array;
  dim: number;
  /** What happened, for logs and run folders: pretrained / random rows, the U[−a, a] bound, OOV policy. */
  info: Record<string, number | string | boolean>;
  /** Factor the static vectors were multiplied by (1 when not rescaled). */
  scale: number;
  /** The model must add a character CNN (policy char-cnn). */
  charCnn: boolean;
}

export interface WordTableOptions {
  /** Row kept at zero (default 0). */
  padId?: number;
  /** Row for words outside the vocabulary (BERT: the [UNK] row); none by default. */
  unkId?: number;
  /** Random source: dimension and bound (default 300 and 0.25, Kim's CNN-rand). */
  randomDim?: number;
  randomBound?: number;
  /** Static vectors: rescale the copied rows to this entry std (Kim's preset); default as they are. */
  std?: number;
  /** Static vectors: how words without a vector are initialised (default: each its own random row). */
  oov?: OovPolicy;
}

/** True when `word` gets a real pretrained row (so dev/test words may join a vocabulary, Kim's rule). */
export function hasPretrained(source: VectorSource, word: string): boolean {
  if (source.kind === 'vectors') return source.vectors.lookup(word) !== null;
  if (source.kind === 'bert') {
    const t = source.bert.tokenizer;
    return (
      source.oov === 'pieces-mean' || t.tokenToId(word) !== undefined || t.tokenToId(word.toLowerCase()) !== undefined
    );
  }
  return false;
}

export function wordTable(
  words: readonly string[],
  source: VectorSource,
  rng: Rng,
  o: WordTableOptions = {},
): WordTable {
  if (words.length === 0) throw new UsageError('cannot initialise an embedding for an empty vocabulary');
  const padId = o.padId ?? 0;
  if (source.kind === 'random') {
    const r = uniformInit(words.length, o.randomDim ?? 300, rng, { a: o.randomBound ?? 0.25, padId });
    return { matrix: r.matrix, dim: r.dim, info: { random_rows: r.random, a: r.a }, scale: 1, charCnn: false };
  }
  if (source.kind === 'vectors') {
    if (o.oov === 'pieces-mean') throw new UsageError('OOV policy pieces-mean needs a BERT matrix (WordPieces)');
    const r = initFromVectors(words, source.vectors, rng, o.std !== undefined ? { std: o.std, padId } : { padId });
    const D = r.dim;
    let shared = false;
    if (o.oov === 'unk' || o.oov === 'char-cnn') {
      // every word without a vector (and <unk>) gets the same random row: the first such word's
      let first = -1;
      words.forEach((w, i) => {
        if (i === padId || (source.vectors.lookup(w) !== null && i !== o.unkId)) return;
        if (first < 0) first = i;
        else r.matrix.copyWithin(i * D, first * D, (first + 1) * D);
      });
      shared = true;
    }
    const info = {
      pretrained_rows: r.found,
      via_lower_case: r.foundLower,
      random_rows: r.random,
      a: Number(r.a.toFixed(4)),
      scale: Number(r.scale.toFixed(4)),
      ...(shared ? { oov_policy: o.oov!, shared_oov_row: true } : {}),
    };
    return { matrix: r.matrix, dim: D, info, scale: r.scale, charCnn: o.oov === 'char-cnn' };
  }
  if (source.level === 'wordpiece')
    return {
      matrix: bertPieceTable(source.bert),
      dim: source.bert.dim,
      info: { bert_rows: source.bert.vocabSize, level: 'wordpiece' },
      scale: 1,
      charCnn: false,
    };
  const r = initWordsFromBert(words, source.bert, source.oov, { padId });
  if (o.unkId !== undefined && o.unkId !== padId) {
    const H = r.dim;
    const unk = source.bert.tokenizer.specialIds.unk;
    r.matrix.set(source.bert.matrix.subarray(unk * H, (unk + 1) * H), o.unkId * H);
  }
  const info = { in_bert_vocab: r.inVocab, oov: r.oov, oov_policy: r.policy, level: 'word' };
  return { matrix: r.matrix, dim: r.dim, info, scale: 1, charCnn: r.charCnn };
}

/** A table over a WordPiece vocabulary (cnn-alone reads WordPiece ids): tokens [V] (id → token). BERT: the matrix
 *  itself (same vocabulary size required); vectors: each token's vector, a continuation piece `##x` that of `x`,
 *  the others random as in wordTable; random: U[−a, a]. */
export function pieceTable(
  tokens: readonly string[],
  source: VectorSource,
  seed: number,
  o: Pick<WordTableOptions, 'randomDim' | 'randomBound' | 'oov'> = {},
): WordTable {
  const rng = new Rng(seed * 31 + 7);
  if (source.kind === 'bert') {
    if (source.bert.vocabSize !== tokens.length)
      throw new UsageError(
        `the BERT matrix of ${source.bert.dir} has ${source.bert.vocabSize} rows but the encoder's tokenizer ${tokens.length} tokens: use the same model for --encoder and bert-matrix:`,
      );
    const m = Float32Array.from(source.bert.matrix);
    return {
      matrix: m,
      dim: source.bert.dim,
      info: { bert_rows: source.bert.vocabSize, level: 'wordpiece' },
      scale: 1,
      charCnn: false,
    };
  }
  const words = tokens.map((t) => (t.startsWith('##') && t.length > 2 ? t.slice(2) : t));
  return wordTable(words, source, rng, { padId: -1, ...o });
}
