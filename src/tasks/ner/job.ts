// A whole NER training job, as `bertcnn train --task ner` runs it (the counterpart of job.ts): read and check the
// CoNLL files, write the run folder's config and tag set, assemble the tagger, align every sentence (and compute
// frozen features), train with checkpoints (best model saved atomically, resumable state every epoch and on
// Ctrl-C), then score the best model on dev and test with entity-level precision/recall/F1 (metrics.json).
// Words cut by truncation are predicted 'O'; how many, per file, is reported once through onWarning.
// Mode 'words' (a tagger over word ids, no encoder): the vocabulary is built from the data (word-vocab.ts), the
// table initialised by the shared module (src/features/embedding-init/: --init-embeddings, --oov), optionally
// frozen; vocab.json and config.json's `embeddings` record both, so eval/predict/serve rebuild the same model.
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
import type { ResumeState, TrainResult } from '../../train/loop.ts';
import type { TrainOptions } from '../../train/options.ts';
import { parseTrainOptions } from '../../train/options.ts';
import { loadBestWeights, loadCheckpoint, saveBestWeights, writeJson } from '../../train/run-dir.ts';
import { assembleTagger, taggerEncoder, type Tagger } from './tagger.ts';
import { readTaggingData } from './data.ts';
import { countCut, evaluateTagging, type TaggingEvaluation } from './evaluate.ts';
import { readTaggingRunConfig, type TaggingRunConfig } from './run-config.ts';
import { RUN_FORMAT_VERSION } from '../../train/run-config.ts';
import { heldRunMessage, withRunStatus } from '../../train/run-status.ts';
import { trainTagger, type TaggerHooks } from './trainer.ts';
import { buildTaggerVocab, loadTaggerVocab, saveTaggerVocab } from './word-vocab.ts';
import type { WordsInit } from './tagger.ts';
import type { EmbeddingsRecord } from './run-config.ts';
import type { TaggingData } from './data.ts';
import type { TaggingTask } from './types.ts';
import { Rng } from '../../engine/rng.ts';
import {
  checkOov,
  coverage,
  coverageLine,
  hasPretrained,
  initSpecText,
  loadInitSource,
  parseInitSpec,
  wordTable,
} from '../../features/embedding-init/index.ts';

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
  mode: 'frozen' | 'finetune' | 'words';
  /** A tagger kind (tagger-linear, tagger-cnn, tagger-bilstm) and its options (crf: true for a CRF layer). */
  head: TaggerSettingsInput;
  /** Mode 'words': how the word table starts (--init-embeddings, default random), --oov, --freeze-embeddings. */
  embeddings?: { init?: string; oov?: string; freeze?: boolean; dim?: number };
  /** A fixed tag set and scheme (a distilled student takes its teacher's); every file's tags are checked against it. */
  task?: TaggingTask;
}

/** Trains the assembled tagger on the job's data; the default is trainTagger on the gold tags (distillation plugs
 *  in its own, src/tasks/distill/ner-trainer.ts). */
export type TaggerTrainer = (
  tagger: Tagger,
  data: TaggingData,
  o: TrainOptions,
  hooks: TaggerHooks,
  resume: ResumeState | undefined,
) => Promise<TrainResult>;

const goldTrainer: TaggerTrainer = (tagger, data, o, hooks, resume) =>
  trainTagger(tagger.pipeline, tagger.task, { train: data.train, dev: data.dev }, o, hooks, {
    encoderParams: tagger.encoderParams,
    resume,
  });

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
  if (job.mode !== 'words' && job.embeddings)
    throw new UsageError(
      '--init-embeddings / --oov / --freeze-embeddings apply to a tagger over word ids (--mode words), not to encoder features',
    );
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
  trainer: TaggerTrainer = goldTrainer,
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
    task: saved?.task ?? job.task,
  });
  ev.onData?.(data.summaries);
  const words = job.mode === 'words' ? await wordInit(job, head, data, o.seed, ev) : undefined;
  const config: TaggingRunConfig = saved ?? {
    format: 'bertcnn-run',
    version: RUN_FORMAT_VERSION,
    kind: 'ner',
    task: data.task,
    mode: job.mode,
    encoder: { layers: 'last', combine: 'concat', maxLength: 128, precision: 'fp32', ...job.encoder },
    encoderSaved: job.mode === 'finetune',
    head,
    ...(words ? { embeddings: words.record } : {}),
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
    if (words) await saveTaggerVocab(job.out, words.init.vocab);
  }
  // status.json: running → complete | interrupted | failed (src/train/run-status.ts)
  return withRunStatus(job.out, async () => {
    const tagger = await assembleTagger(
      { ...config, encoderSaved: false },
      { ...assemble, onWarning: ev.onWarning },
      words?.init,
    );
    const count = (ps: readonly { data: Float32Array; trainable: boolean }[], trainable: boolean) =>
      ps.filter((p) => p.trainable === trainable).reduce((n, p) => n + p.data.length, 0);
    const ps = tagger.pipeline.parameters();
    ev.onInfo?.(
      `${config.head.kind} (${config.mode}): ${count(ps, true).toLocaleString('en-US')} trainable parameters` +
        (count(ps, false) ? `, ${count(ps, false).toLocaleString('en-US')} frozen` : ''),
    );
    const { pipeline, task } = tagger;
    try {
      if (config.mode === 'finetune' && taggerEncoder(tagger, 'fine-tuning').module.parameters().length === 0) {
        throw new UsageError(`encoder ${config.encoder.ref} has no trainable weights (frozen-only); use --mode frozen`);
      }
      if (config.mode === 'finetune' && job.freezeLayers !== undefined)
        taggerEncoder(tagger, '--freeze-layers').freeze({ embeddings: true, layers: job.freezeLayers });
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
      const fineTuned =
        config.mode === 'finetune'
          ? {
              sourceDir: (await resolveModel(config.encoder.ref)).dir,
              params: taggerEncoder(tagger, 'fine-tuning').module.parameters(),
            }
          : null;
      let bestDev: TaggingEvaluation | null = null;
      const hooks = jobHooks<TaggingEvaluation>(job.out, o, ev, trained, async (dev) => {
        bestDev = dev;
        await saveBestWeights(job.out, tagger.savedParams(), fineTuned);
      });
      const result = await trainer(tagger, data, o, hooks, resume);
      if (result.interrupted) return { config, result, metrics: {} };
      // Score the best model (weights saved by onBest, the fine-tuned encoder's too) on dev and test.
      await loadBestWeights(job.out, tagger.savedParams(), fineTuned);
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

/** Random tables of taggers over word ids: 100-d (Lample et al. 2016's word embeddings), U[−0.1, 0.1]. */
export const RANDOM_WORD_DIM = 100;
const RANDOM_BOUND = 0.1;

/** Mode 'words': the vocabulary and the initial table (the same on resume: the seed fixes the random rows). */
async function wordInit(
  job: TaggingJob,
  head: TaggerSettings,
  data: TaggingData,
  seed: number,
  ev: JobEvents,
): Promise<{ init: WordsInit; record: EmbeddingsRecord }> {
  const e = job.embeddings ?? {};
  const spec = parseInitSpec(e.init ?? 'random');
  const oov = checkOov(e.oov, spec, head.kind);
  if (e.dim !== undefined && spec.kind !== 'random')
    throw new UsageError('an embedding dimension applies to --init-embeddings random (a pretrained table has its own)');
  const loaded = await loadInitSource(spec, { oov });
  const source = loaded.source;
  const counts = new Map<string, number>();
  for (const s of [data.train, data.dev, data.test])
    for (const ws of s?.words ?? []) for (const w of ws) counts.set(w, (counts.get(w) ?? 0) + 1);
  const cov = coverage(source, counts);
  if (cov) ev.onInfo?.(coverageLine(cov, loaded.description));
  const vocab =
    job.resume && existsSync(join(job.out, 'vocab.json'))
      ? await loadTaggerVocab(job.out)
      : buildTaggerVocab(data.train.words, {
          sentences: [...(data.dev?.words ?? []), ...(data.test?.words ?? [])],
          keep: (w) => hasPretrained(source, w),
        });
  const t = wordTable(vocab.words, source, new Rng(seed * 31 + 7), {
    padId: 0,
    unkId: 1,
    randomDim: e.dim ?? RANDOM_WORD_DIM,
    randomBound: RANDOM_BOUND,
    ...(oov ? { oov } : {}),
  });
  const record: EmbeddingsRecord = {
    init: initSpecText(spec),
    ...(oov ? { oov } : {}),
    freeze: e.freeze === true,
    vocabSize: vocab.words.length,
    dim: t.dim,
    info: { ...t.info, ...(cov ? { type_rate: Number(cov.type_rate.toFixed(4)) } : {}) },
  };
  return { init: { vocab, table: t.matrix }, record };
}
