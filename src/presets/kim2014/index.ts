// The kim2014 preset: Kim (2014)'s model (src/tasks/kim/) trained with his recipe (Adadelta, max-norm, batches of
// 50, the later epoch on a dev tie) by the project's one loop — one-call runs (runKim, fitKim), the Pipeline that
// feeds the model, and the run folder it writes and reads back.
export { kimPipeline, wordEncoder, pieceEncoder, type TextEncoder, type Encoded } from './pipeline.ts';
export { kim2014TrainOptions } from './recipe.ts';
export { trainKim, KIM_EPS, type KimHooks } from './train.ts';
export { runKim, type KimSplits, type KimRunOptions, type KimRunResult } from './experiment.ts';
export {
  fitKim,
  kimTrainDev,
  snapshotWeights,
  channelTable,
  type KimFit,
  type KimFitData,
  type KimFitOptions,
} from './fit.ts';
export { saveKimRun, loadKimRun, type LoadedKimRun } from './run-folder.ts';
