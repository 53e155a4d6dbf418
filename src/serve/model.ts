// A trained run folder loaded once for serving — any kind of run (classification, NER, Kim): loadRun()
// (src/runs/run.ts) rebuilds the model exactly as training built it and compiles its inference Program once;
// frozen runs compute encoder features per batch instead of caching every text seen. predict() calls are
// serialized, so callers (the MicroBatcher) may call it freely. With `thread: true` the run lives on a worker thread.
import { loadRun, type LoadRunOptions, type RunInfo, type RunPrediction } from '../runs/run.ts';
import { loadThreadedModel } from './model-thread.ts';

/** What GET /v1/model shows: the run's kind, task, settings and its metrics.json (null when absent). */
export type ModelInfo = RunInfo;

/** The server's view of a model: texts in, one prediction per text out (in order). */
export interface ServedModel {
  readonly info: ModelInfo;
  predict(texts: readonly string[]): Promise<RunPrediction[]>;
  close(): Promise<void>;
}

export interface LoadModelOptions extends LoadRunOptions {
  /** Run inference on a worker thread (./model-thread.ts), so a long batch never blocks the event loop —
   *  what `bertcnn serve` does. Default false: in-process, as the library and the tests use it. */
  thread?: boolean;
}

export async function loadServedModel(dir: string, o: LoadModelOptions = {}): Promise<ServedModel> {
  const { thread, ...options } = o;
  if (thread) return loadThreadedModel(dir, options);
  const run = await loadRun(dir, options);
  return { info: run.info, predict: (texts) => run.predict(texts), close: () => run.release() };
}
