// The vector source of a `--preset kim2014` run: random (CNN-rand), static vectors (`--vectors wink|<file>`,
// loaded with loadVectors: bad lines fail with file:line) or a BERT word-embedding matrix (`--bert-matrix DIR`,
// word or WordPiece level), with a one-line description and the coverage of the data's words
// (types / tokens with a pretrained row; BERT word level: words that are one WordPiece token).
import { readBertWordEmbeddings } from '../../encoders/static/bert-init.ts';
import { loadVectors } from '../../encoders/static/index.ts';
import { words } from '../../tasks/kim/clean-str.ts';
import type { KimRunConfig } from '../../tasks/kim/kim-run-config.ts';
import type { VectorSource } from '../../tasks/kim/tables.ts';
import { countWords } from '../../tasks/kim/vocab.ts';
import type { KimSettings } from './settings.ts';

export interface LoadedSource {
  source: VectorSource;
  /** For kim.json. */
  meta: KimRunConfig['source'];
  /** BERT folder (its tokenizer is copied into WordPiece-level runs). */
  bertDir?: string;
}

export interface DataCoverage {
  types: number;
  types_found: number;
  type_rate: number;
  tokens: number;
  token_rate: number;
  via_lower_case: number;
}

export async function loadSource(s: KimSettings): Promise<LoadedSource> {
  if (s.variant === 'rand')
    return { source: { kind: 'random' }, meta: { kind: 'random', description: 'random 300-d U[-0.25, 0.25]' } };
  if (s.bertMatrix) {
    const bert = await readBertWordEmbeddings(s.bertMatrix);
    const description = `bert:${s.bertMatrix} (${bert.tensor} [${bert.vocabSize}, ${bert.dim}], ${s.level}${s.level === 'word' ? `, oov ${s.oov}` : ''})`;
    return {
      source: { kind: 'bert', bert, level: s.level, oov: s.oov },
      meta: { kind: 'bert', description, path: s.bertMatrix, ...(s.level === 'word' ? { oov: s.oov } : {}) },
      bertDir: s.bertMatrix,
    };
  }
  const vectors = await loadVectors(s.vectors, { format: s.vectorFormat });
  const description = `${s.vectors} (${vectors.size} × ${vectors.dim}${s.vectorScale === 'raw' ? ', raw scale' : ''})`;
  return {
    source: { kind: 'vectors', vectors },
    meta: { kind: 'vectors', description, path: s.vectors, format: s.vectorFormat },
  };
}

/** Coverage of the cleaned sentences' words by the source; null for random vectors and WordPiece level. */
export function coverage(source: VectorSource, cleaned: readonly string[]): DataCoverage | null {
  const counts = countWords(cleaned.map(words));
  if (source.kind === 'vectors') {
    const c = source.vectors.coverage(counts);
    return {
      types: c.types,
      types_found: c.typesFound,
      type_rate: c.typeRate,
      tokens: c.tokens,
      token_rate: c.tokenRate,
      via_lower_case: c.typesFoundLower,
    };
  }
  if (source.kind !== 'bert' || source.level !== 'word') return null;
  const t = source.bert.tokenizer;
  const c = { types: 0, types_found: 0, tokens: 0, tokens_found: 0, via_lower_case: 0 };
  for (const [w, n] of counts) {
    const exact = t.tokenToId(w) !== undefined;
    const found = exact || t.tokenToId(w.toLowerCase()) !== undefined;
    c.types++;
    c.tokens += n;
    if (!found) continue;
    c.types_found++;
    c.tokens_found += n;
    if (!exact) c.via_lower_case++;
  }
  return {
    types: c.types,
    types_found: c.types_found,
    type_rate: c.types_found / Math.max(1, c.types),
    tokens: c.tokens,
    token_rate: c.tokens_found / Math.max(1, c.tokens),
    via_lower_case: c.via_lower_case,
  };
}

export function coverageLine(c: DataCoverage, description: string): string {
  return `coverage of the data by ${description}: types ${(100 * c.type_rate).toFixed(1)}% (${c.types_found}/${c.types}, ${c.via_lower_case} via lower case), tokens ${(100 * c.token_rate).toFixed(1)}%`;
}
