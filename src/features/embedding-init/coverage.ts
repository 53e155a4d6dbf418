// How much of a data set's words a source covers: types and tokens with a pretrained row (static vectors: a
// vector, exact or lower-cased; BERT at word level: one WordPiece token, exact or lower-cased). Printed before
// training by every model with a word embedding, and kept in its run folder.
import type { VectorSource } from './source.ts';

export interface DataCoverage {
  types: number;
  types_found: number;
  type_rate: number;
  tokens: number;
  token_rate: number;
  via_lower_case: number;
}

/** Coverage of word counts (word → tokens) by the source; null for random and WordPiece-level sources. */
export function coverage(source: VectorSource, counts: ReadonlyMap<string, number>): DataCoverage | null {
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
