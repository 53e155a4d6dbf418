// Word-embedding initialisation shared by every model with a word embedding (kim2014 preset, taggers over word
// ids, cnn-alone): the spec (`--init-embeddings`, `--oov`), loading its source, the initial table, coverage.
export {
  parseInitSpec,
  initSpecText,
  checkOov,
  CHAR_CNN_MODELS,
  OOV_POLICIES,
  type InitSpec,
  type OovPolicy,
} from './spec.ts';
export { loadInitSource, type VectorSource, type LoadedInit, type LoadInitOptions } from './source.ts';
export { wordTable, pieceTable, hasPretrained, type WordTable, type WordTableOptions } from './table.ts';
export { coverage, coverageLine, type DataCoverage } from './coverage.ts';
