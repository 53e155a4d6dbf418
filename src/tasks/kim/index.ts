// Kim (2014) "Convolutional Neural Networks for Sentence Classification", reproduced: clean_str tokenisation,
// word vocabularies with his padding layout, the four variants (rand / static / non-static / multichannel) over
// static vectors or a BERT word-embedding matrix, the kim2014 preset, and one-call runs (runKim).
export { cleanStr, cleanStrSst, words } from './clean-str.ts';
export { buildWordVocab, countWords, kimLayout, PAD_TOKEN, type WordVocab, type PaddedLayout } from './vocab.ts';
export { KimCnn, type KimModelOptions, type ChannelSpec } from './model.ts';
export { UnfoldTextCnn, type UnfoldTextCnnOptions } from './unfold-textcnn.ts';
export { RowTable } from './row-table.ts';
export { CharCnn, CharVocab, type CharCnnOptions } from './char-cnn.ts';
export { kimPipeline, wordEncoder, pieceEncoder, type TextEncoder, type Encoded } from './pipeline.ts';
export { KIM2014, KIM_VARIANTS, VECTOR_SCALES, kim2014TrainOptions, type KimVariant, type VectorScale } from './preset.ts';
export { buildTables, hasPretrained, type VectorSource, type Tables } from './tables.ts';
export { kimTrain, KIM_EPS, type KimHooks } from './kim-train.ts';
export { KimEvaluator } from './evaluator.ts';
export { DenseAdadelta } from './adadelta.ts';
export { runKim, type KimSplits, type KimRunOptions, type KimRunResult } from './experiment.ts';
export { fitKim, snapshotWeights, channelTable, type KimFit, type KimFitData, type KimFitOptions } from './kim-fit.ts';
export { saveKimRun, loadKimRun, type LoadedKimRun } from './kim-run.ts';
export { isKimRun, readKimRunConfig, cleaner, CLEAN_MODES, KIM_CONFIG, type KimRunConfig, type CleanMode } from './kim-run-config.ts';
