// The vector source of a `--preset kim2014` run: random (CNN-rand), static vectors (`--vectors wink|<file>`,
// loaded with loadVectors: bad lines fail with file:line) or a BERT word-embedding matrix (`--bert-matrix REF`,
// word or WordPiece level), with a one-line description and the coverage of the data's words. Loading, tables
// and coverage are the shared word-embedding initialisation (src/features/embedding-init/); this file maps the
// preset's settings onto it.
import {
  coverage as sourceCoverage,
  coverageLine,
  loadInitSource,
  type DataCoverage,
  type VectorSource,
} from '../../features/embedding-init/index.ts';
import { words } from '../../tasks/kim/clean-str.ts';
import type { KimRunConfig } from '../../tasks/kim/kim-run-config.ts';
import { countWords } from '../../tasks/kim/vocab.ts';
import type { KimSettings } from './settings.ts';

export { coverageLine, type DataCoverage };

export interface LoadedSource {
  source: VectorSource;
  /** For kim.json. */
  meta: KimRunConfig['source'];
  /** BERT folder (its tokenizer is copied into WordPiece-level runs). */
  bertDir?: string;
}

export async function loadSource(s: KimSettings): Promise<LoadedSource> {
  if (s.variant === 'rand')
    return { source: { kind: 'random' }, meta: { kind: 'random', description: 'random 300-d U[-0.25, 0.25]' } };
  if (s.bertMatrix) {
    const l = await loadInitSource({ kind: 'bert-matrix', ref: s.bertMatrix }, { level: s.level, oov: s.oov });
    return {
      source: l.source,
      meta: {
        kind: 'bert',
        description: l.description,
        path: s.bertMatrix,
        ...(s.level === 'word' ? { oov: s.oov } : {}),
      },
      bertDir: l.dir,
    };
  }
  const l = await loadInitSource({ kind: 'vectors', source: s.vectors }, { format: s.vectorFormat });
  const description = `${l.description.slice(0, -1)}${s.vectorScale === 'raw' ? ', raw scale' : ''})`;
  return {
    source: l.source,
    meta: { kind: 'vectors', description, path: s.vectors, format: s.vectorFormat },
  };
}

/** Coverage of the cleaned sentences' words by the source; null for random vectors and WordPiece level. */
export function coverage(source: VectorSource, cleaned: readonly string[]): DataCoverage | null {
  return sourceCoverage(source, countWords(cleaned.map(words)));
}
