// Kim (2014) "Convolutional Neural Networks for Sentence Classification", the definitions: clean_str
// tokenisation, word vocabularies with his padding layout, the model (KimCnn with its batch-rows tables and char
// CNN), the initial tables of the four variants (rand / static / non-static / multichannel) over static vectors or
// a BERT word-embedding matrix, the published settings and the run-folder config. Training it is the kim2014
// preset (src/presets/kim2014/).
export { cleanStr, cleanStrSst, words } from './clean-str.ts';
export { buildWordVocab, countWords, kimLayout, PAD_TOKEN, type WordVocab, type PaddedLayout } from './vocab.ts';
export { KimCnn, type KimModelOptions, type ChannelSpec } from './model.ts';
export { UnfoldTextCnn, type UnfoldTextCnnOptions } from './unfold-textcnn.ts';
export { RowTable } from './row-table.ts';
export { CharCnn, CharVocab, type CharCnnOptions } from './char-cnn.ts';
export { KIM2014, KIM_VARIANTS, VECTOR_SCALES, type KimVariant, type VectorScale } from './paper.ts';
export { buildTables, hasPretrained, type VectorSource, type Tables } from './tables.ts';
export {
  isKimRun,
  readKimRunConfig,
  cleaner,
  CLEAN_MODES,
  KIM_CONFIG,
  type KimRunConfig,
  type CleanMode,
} from './kim-run-config.ts';
