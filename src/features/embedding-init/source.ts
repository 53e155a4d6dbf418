// Loads what an InitSpec names: nothing (random), static vectors, or a BERT checkpoint's word-embedding matrix
// with its WordPiece tokenizer (a Hub id resolved through the Hub cache, so HF_HUB_OFFLINE=1 runs offline).
// The kim2014 preset, the taggers over word ids and cnn-alone all load their source here.
import { readBertWordEmbeddings, type BertWordEmbeddings } from '../../encoders/static/bert-init.ts';
import { loadVectors, type VectorFormat } from '../../encoders/static/index.ts';
import type { StaticVectors } from '../../encoders/static/vectors.ts';
import { resolveModel } from '../../io/hub.ts';
import type { OovPolicy } from './spec.ts';
import type { InitSpec } from './spec.ts';

/** A loaded source. `level` and `oov` say how a BERT matrix is read (word level with an OOV policy, or WordPiece). */
export type VectorSource =
  | { kind: 'random' }
  | { kind: 'vectors'; vectors: StaticVectors }
  | { kind: 'bert'; bert: BertWordEmbeddings; level: 'word' | 'wordpiece'; oov: OovPolicy };

export interface LoadedInit {
  source: VectorSource;
  /** One line for logs and run folders, e.g. `wink (341479 × 100)`. */
  description: string;
  /** The BERT folder the matrix came from (its tokenizer files), when the source is one. */
  dir?: string;
}

export interface LoadInitOptions {
  /** BERT matrix: word level (default) or WordPiece level. */
  level?: 'word' | 'wordpiece';
  /** BERT matrix at word level: default unk. */
  oov?: OovPolicy;
  /** Static vectors: file format (default auto). */
  format?: VectorFormat;
}

export async function loadInitSource(spec: InitSpec, o: LoadInitOptions = {}): Promise<LoadedInit> {
  if (spec.kind === 'random') return { source: { kind: 'random' }, description: 'random' };
  if (spec.kind === 'vectors') {
    const vectors = await loadVectors(spec.source, { format: o.format ?? 'auto' });
    return { source: { kind: 'vectors', vectors }, description: `${spec.source} (${vectors.size} × ${vectors.dim})` };
  }
  const { dir } = await resolveModel(spec.ref);
  const bert = await readBertWordEmbeddings(dir);
  const level = o.level ?? 'word';
  const oov = o.oov ?? 'unk';
  const description = `bert:${spec.ref} (${bert.tensor} [${bert.vocabSize}, ${bert.dim}], ${level}${level === 'word' ? `, oov ${oov}` : ''})`;
  return { source: { kind: 'bert', bert, level, oov }, description, dir };
}
