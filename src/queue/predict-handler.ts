// A predict worker's job handler: a trained run loaded once — the classifier rebuilt as `bertcnn predict` builds
// it (loadRunInfo + assembleClassifier with the run's weights), its inference Program compiled once — and per job
// the chunk's class probabilities [n, C] (the same steps as src/tasks/classification/evaluate.ts predict(): length-sorted batches
// of the run's evaluation batch size, original order restored). Frozen runs compute the chunk's encoder features
// per job (BatchFeatureSource with classifier.ts frozenFeatureOptions, as the server does). Decisions (threshold,
// argmax) are left to the producer.
import { UnrecoverableError } from 'bullmq';
import { Program } from '../engine/program.ts';
import { headInput, type HeadKind } from '../heads/index.ts';
import { BatchFeatureSource } from '../serve/batch-features.ts';
import { assembleClassifier, frozenFeatureOptions } from '../tasks/classification/classifier.ts';
import { batchedProbabilities } from '../tasks/classification/evaluate.ts';
import { frozenPipeline, type Pipeline } from '../train/pipeline.ts';
import { loadRunInfo } from '../tasks/classification/inference.ts';
import { predictQueueName } from './naming.ts';
import { encodeProbabilities, type JobData } from './payload.ts';
import type { JobHandler } from './worker.ts';

export async function openPredictHandler(
  runDir: string,
  o: { onWarning?: (m: string) => void } = {},
): Promise<JobHandler> {
  const queue = await predictQueueName(runDir);
  const run = await loadRunInfo(runDir);
  const clf = await assembleClassifier(run.config, { runDir, onWarning: o.onWarning });
  let pipeline: Pipeline = clf.pipeline;
  let source: BatchFeatureSource | null = null;
  let program: Program;
  try {
    const cfg = run.config;
    if (cfg.mode === 'frozen') {
      source = new BatchFeatureSource(clf.encoder, frozenFeatureOptions(cfg)); // the run's own options (windowed runs too)
      pipeline = frozenPipeline(source, clf.head, headInput(cfg.head.kind as HeadKind));
    }
    const p = pipeline;
    program = await Program.compile({
      label: `${p.mode} queue worker`,
      training: false,
      inputs: p.inputSpecs,
      build: (ctx, x) => ({ outputs: { logits: p.build(ctx, x) } }),
    });
  } catch (e) {
    await clf.release();
    throw e;
  }
  const task = clf.task;
  const C = task.labels.length;
  const batchSize = run.config.train.evalBatchSize;
  return {
    queue,
    serves: `run ${runDir}`,
    async handle(data: JobData) {
      if (data.kind !== 'predict') throw new UnrecoverableError(`a predict worker got a '${data.kind}' job`);
      const texts = data.texts;
      if (source) await source.prepare(texts);
      const all = await batchedProbabilities(program, pipeline, task, texts, batchSize);
      return encodeProbabilities(all, texts.length, C);
    },
    async close() {
      await program.release();
      await clf.release();
    },
  };
}
