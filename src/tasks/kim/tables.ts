// Initial embedding tables for Kim's four variants, from one source of vectors:
//   rand          one trainable channel, 300-d U[−0.25, 0.25] (Kim's W2)
//   static        one frozen channel from the source
//   non-static    one trainable channel from the source
//   multichannel  a frozen and a trainable copy of the source table
// Sources: static vectors (word2vec/GloVe/fastText/wink, rescaled to Kim's entry std unless vectorScale 'raw';
// Kim's variance-matched U[−a, a] for words without a vector) or a BERT word-embedding matrix (word level with an
// OOV policy, or WordPiece level; used as is).
import { UsageError } from '../../errors.ts';
import { Rng } from '../../engine/rng.ts';
import {
  initWordsFromBert,
  bertPieceTable,
  type BertWordEmbeddings,
  type OovPolicy,
} from '../../encoders/static/bert-init.ts';
import { initFromVectors, uniformInit } from '../../encoders/static/embedding-init.ts';
import type { StaticVectors } from '../../encoders/static/vectors.ts';
import { KIM2014, type KimVariant, type VectorScale } from './paper.ts';
import type { ChannelSpec } from './model.ts';

export type VectorSource =
  | { kind: 'random' }
  | { kind: 'vectors'; vectors: StaticVectors }
  | { kind: 'bert'; bert: BertWordEmbeddings; level: 'word' | 'wordpiece'; oov: OovPolicy };

export interface Tables {
  vocabSize: number;
  dim: number;
  channels: ChannelSpec[];
  /** What happened, for the report: pretrained / random rows, the U[−a, a] bound, OOV policy. */
  info: Record<string, number | string | boolean>;
  /** Factor the pretrained static vectors were multiplied by (1 when not rescaled). */
  scale: number;
  charCnn: boolean;
}

/** True when `word` would get a real pretrained row from the source (used to admit dev/test words). */
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

export function buildTables(
  variant: KimVariant,
  source: VectorSource,
  words: readonly string[] | null,
  seed: number,
  vectorScale: VectorScale = 'kim',
): Tables {
  const rng = new Rng(seed * 31 + 7);
  let base: Float32Array;
  let dim: number;
  let info: Tables['info'];
  let charCnn = false;
  let scale = 1;
  if (variant === 'rand' || source.kind === 'random') {
    if (!words) throw new UsageError('CNN-rand needs a word vocabulary');
    const r = uniformInit(words.length, KIM2014.randDim, rng, { a: KIM2014.randBound });
    [base, dim, info] = [r.matrix, r.dim, { random_rows: r.random, a: r.a }];
  } else if (source.kind === 'vectors') {
    if (!words) throw new UsageError('static vectors need a word vocabulary');
    const r = initFromVectors(words, source.vectors, rng, vectorScale === 'kim' ? { std: KIM2014.vectorStd } : {});
    scale = r.scale;
    [base, dim, info] = [
      r.matrix,
      r.dim,
      {
        pretrained_rows: r.found,
        via_lower_case: r.foundLower,
        random_rows: r.random,
        a: Number(r.a.toFixed(4)),
        scale: Number(r.scale.toFixed(4)),
      },
    ];
  } else if (source.level === 'wordpiece') {
    [base, dim, info] = [
      bertPieceTable(source.bert),
      source.bert.dim,
      { bert_rows: source.bert.vocabSize, level: 'wordpiece' },
    ];
  } else {
    if (!words) throw new UsageError('a word-level BERT table needs a word vocabulary');
    const r = initWordsFromBert(words, source.bert, source.oov);
    [base, dim, info] = [
      r.matrix,
      r.dim,
      { in_bert_vocab: r.inVocab, oov: r.oov, oov_policy: r.policy, level: 'word' },
    ];
    charCnn = r.charCnn;
  }
  const vocabSize = base.length / dim;
  const channels: ChannelSpec[] =
    variant === 'multichannel'
      ? [
          { init: base, trainable: false },
          { init: Float32Array.from(base), trainable: true },
        ]
      : [{ init: base, trainable: variant !== 'static' }];
  return { vocabSize, dim, channels, info, charCnn, scale };
}
