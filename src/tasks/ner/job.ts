// A whole NER training job, as `bertcnn train --task ner` runs it (the counterpart of job.ts): read and check the
// CoNLL files, write the run folder's config and tag set, assemble the tagger, align every sentence (and compute
// frozen features), train with checkpoints (best model saved atomically, resumable state every epoch and on
// Ctrl-C), then score the best model on dev and test with entity-level precision/recall/F1 (metrics.json).
// Words cut by truncation are predicted 'O'; how many, per file, is reported once through onWarning.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../errors.ts';
import type { ConllOptions } from '../../data/conll.ts';
import { saveLabelMap } from '../../data/labels.ts';
import { resolveModel } from '../../io/hub.ts';
import {
  isTaggerKind,
  parseTaggerSettings,
  TAGGER_KINDS,
  type TaggerSettings,
  type TaggerSettingsInput,
} from '../../heads/taggers/index.ts';
import { scoresJson, TAGGING_METRICS } from './scores.ts';
import type { AssembleOptions } from '../classification/classifier.ts';
import { BERTCNN_VERSION, jobHooks, nameOf, type JobEvents, type TrainJob } from '../classification/job.ts';
import type { TrainResult } from '../../train/loop.ts';
import { parseTrainOptions } from '../../train/options.ts';
import { loadCheckpoint, loadWeights, saveEncoderFolder, saveWeights, writeJson } from '../../train/run-dir.ts';
import { assembleTagger } from './tagger.ts';
import { readTaggingData } from './data.ts';
import { countCut, evaluateTagging, type TaggingEvaluation } from './evaluate.ts';
import { readTaggingRunConfig, type TaggingRunConfig } from './run-config.ts';
import { RUN_FORMAT_VERSION } from '../../train/run-config.ts';
import { heldRunMessage, withRunStatus } from '../../train/run-status.ts';
import { trainTagger } from './trainer.ts';

export interface TaggingJob extends Pick<
  TrainJob,
  | 'out'
  | 'trainFile'
  | 'devFile'
  | 'testFile'
  | 'devFraction'
  | 'unknownLabel'
  | 'encoder'
  | 'options'
  | 'freezeLayers'
  | 'resume'
> {
  conll?: ConllOptions;
  mode: 'frozen' | 'finetune';
  /** A tagger kind (tagger-linear, tagger-cnn, tagger-bilstm) and its options (crf: true for a CRF layer). */
  head: TaggerSettingsInput;
}

export interface TaggingJobResult {
  config: TaggingRunConfig;
  result: TrainResult;
  metrics: Record<string, unknown>;
}

/** The job's tagger settings, validated with the rest of the job before any work. */
function checkJob(job: TaggingJob, metric: string | undefined): TaggerSettings {
  if (!isTaggerKind(job.head.kind))
    throw new UsageError(`--task ner needs a tagger head (${TAGGER_KINDS.join(', ')}), got '${job.head.kind}'`);
  const head = parseTaggerSettings(job.head);
  if (job.encoder.windowStride !== undefined)
    throw new UsageError('windowStride (--window-stride) does not apply to NER tagging');
  if (metric !== undefined && !(TAGGING_METRICS as readonly string[]).includes(metric)) {
    throw new UsageError(`unknown NER metric '${metric}' (one of ${TAGGING_METRICS.join(', ')})`);
  }
  return head;
}

export async function runTaggingJob(
  job: TaggingJob,
  ev: JobEvents = {},
  assemble: AssembleOptions = {},
): Promise<TaggingJobResult> {
  const resuming = job.resume === true && existsSync(join(job.out, 'checkpoint', 'state.json'));
  if (!job.resume && existsSync(join(job.out, 'config.json'))) {
    throw new UsageError(await heldRunMessage(job.out));
  }
  const o = parseTrainOptions(job.options);
  const head = checkJob(job, o.metric);
  const saved = resuming ? await readTaggingRunConfig(job.out) : undefined;
  const data = await readTaggingData({
    train: job.trainFile,
    dev: job.devFile,
    test: job.testFile,
    devFraction: job.devFraction,
    seed: o.seed,
    conll: job.conll,
    unknownLabel: job.unknownLabel,
    task: saved?.task,
  });
  ev.onData?.(data.summaries);
  const config: TaggingRunConfig = saved ?? {
    format: 'bertcnn-run',
    version: RUN_FORMAT_VERSION,
    kind: 'ner',
    task: data.task,
    mode: job.mode,
    encoder: { layers: 'last', combine: 'concat', maxLength: 128, precision: 'fp32', ...job.encoder },
    encoderSaved: job.mode === 'finetune',
    head,
    train: o,
    data: Object.fromEntries(
      Object.entries({ train: nameOf(job.trainFile), dev: nameOf(job.devFile), test: nameOf(job.testFile) }).filter(
        ([, v]) => v,
      ),
    ) as Record<string, string>,
    created: new Date().toISOString(),
    bertcnnVersion: BERTCNN_VERSION,
  };
  await mkdir(job.out, { recursive: true });
  if (!resuming) {
    await writeJson(join(job.out, 'config.json'), config);
    await saveLabelMap(join(job.out, 'labels.json'), { labels: config.task.labels, multiLabel: false });
  }
  // status.json: running → complete | interrupted | failed (src/train/run-status.ts)
  return withRunStatus(job.out, async () => {
    const tagger = await assembleTagger({ ...config, encoderSaved: false }, { ...assemble, onWarning: ev.onWarning });
    const { pipeline, task } = tagger;
    try {
      if (config.mode === 'finetune' && tagger.encoder.module.parameters().length === 0) {
        throw new UsageError(`encoder ${config.encoder.ref} has no trainable weights (frozen-only); use --mode frozen`);
      }
      if (config.mode === 'finetune' && job.freezeLayers !== undefined)
        tagger.encoder.freeze({ embeddings: true, layers: job.freezeLayers });
      const splits = { train: data.train, dev: data.dev, test: data.test };
      await pipeline.prepare(
        Object.values(splits).flatMap((s) => s?.words ?? []),
        ev.onFeatures,
      );
      for (const [name, s] of Object.entries(splits)) {
        const { cutWords, cutSentences } = s ? countCut(pipeline, s.words) : { cutWords: 0, cutSentences: 0 };
        const max = config.encoder.maxLength;
        const effect = name === 'train' ? 'not trained on' : "predicted 'O'";
        if (cutWords > 0)
          ev.onWarning?.(
            `${name}: ${cutWords} word(s) in ${cutSentences} sentence(s) lie beyond --max-length ${max} tokens: ${effect}`,
          );
      }
      const trained = pipeline.parameters();
      const resume = resuming ? await loadCheckpoint(job.out, trained) : undefined;
      const sourceDir = config.mode === 'finetune' ? (await resolveModel(config.encoder.ref)).dir : '';
      let bestDev: TaggingEvaluation | null = null;
      const hooks = jobHooks<TaggingEvaluation>(job.out, o, ev, trained, async (dev) => {
        bestDev = dev;
        await saveWeights(job.out, tagger.savedParams());
        if (config.mode === 'finetune') await saveEncoderFolder(job.out, sourceDir, tagger.encoder.module.parameters());
      });
      const result = await trainTagger(pipeline, task, { train: data.train, dev: data.dev }, o, hooks, {
        encoderParams: tagger.encoderParams,
        resume,
      });
      if (result.interrupted) return { config, result, metrics: {} };
      // Score the best model (weights saved by onBest) on dev and test.
      await loadWeights(job.out, tagger.savedParams());
      const section = (e: TaggingEvaluation) =>
        scoresJson(e.scores, { sentences: e.tags.length, cut_words: e.cutWords });
      const metrics: Record<string, unknown> = { best_epoch: result.bestEpoch, stopped_early: result.stoppedEarly };
      if (data.dev)
        metrics.dev = section(
          bestDev && config.mode !== 'finetune'
            ? bestDev
            : await evaluateTagging(pipeline, task, data.dev, o.evalBatchSize),
        );
      if (data.test) metrics.test = section(await evaluateTagging(pipeline, task, data.test, o.evalBatchSize));
      await writeJson(join(job.out, 'metrics.json'), metrics);
      return { config, result, metrics };
    } finally {
      await tagger.release();
    }
  });
}
