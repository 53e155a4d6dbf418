// Using a trained NER run folder (the counterpart of run-inference.ts): score it on a labelled CoNLL file, or tag
// sentences. The file's tags are checked against the run's tag set before the model loads (an entity type the
// run never saw → DataError listing the tags, or those sentences skipped and counted with unknownLabel 'skip').
// The tagger is rebuilt exactly as training built it (assembleTagger with the run's weights).
import { join } from 'node:path';
import { locateEncoderRef } from '../../encoders/run-ref.ts';
import { DataError } from '../../errors.ts';
import type { ConllOptions } from '../../data/conll.ts';
import { loadLabelMap } from '../../data/labels.ts';
import { extractEntities, type EntitySpan } from '../../metrics/entities.ts';
import { fromBio } from './scheme.ts';
import type { TaggingTask } from './types.ts';
import type { SplitSummary } from '../classification/data.ts';
import type { UseRunOptions } from '../classification/inference.ts';
import { assembleTagger, type Tagger } from './tagger.ts';
import { readTaggedSplit, type TaggedSplit } from './data.ts';
import { evaluateTagging, predictTags, type TaggingEvaluation, type TagPredictions } from './evaluate.ts';
import { readTaggingRunConfig, type TaggingRunConfig } from './run-config.ts';

export type UseTaggerOptions = Omit<UseRunOptions, 'threshold'>;

/** The run config of a NER run folder, its labels.json checked against it. */
export async function loadTaggingRun(dir: string): Promise<TaggingRunConfig> {
  const config = await readTaggingRunConfig(dir);
  const labels = await loadLabelMap(join(dir, 'labels.json'));
  if (labels.labels.join('\u0000') !== config.task.labels.join('\u0000')) {
    throw new DataError(
      join(dir, 'labels.json'),
      `tags (${labels.labels.join(', ')}) differ from config.json's task labels (${config.task.labels.join(', ')})`,
    );
  }
  // A frozen run opens the encoder it references; runs that stored a relative path find it (encoders/run-ref.ts).
  if (config.mode !== 'frozen' || config.encoderSaved) return config;
  return { ...config, encoder: { ...config.encoder, ref: locateEncoderRef(config.encoder.ref, dir) } };
}

async function withTagger<T>(
  dir: string,
  config: TaggingRunConfig,
  sentences: readonly (readonly string[])[],
  o: UseTaggerOptions,
  use: (t: Tagger, batch: number) => Promise<T>,
): Promise<T> {
  const tagger = await assembleTagger(config, { runDir: dir, onWarning: o.onWarning, cacheDir: o.cacheDir });
  try {
    await tagger.pipeline.prepare(sentences, o.onFeatures);
    return await use(tagger, o.batchSize ?? config.train.evalBatchSize);
  } finally {
    await tagger.release();
  }
}

export interface ConllEvaluation {
  config: TaggingRunConfig;
  split: TaggedSplit;
  summary: SplitSummary;
  evaluation: TaggingEvaluation;
}

/** Scores a NER run on a labelled CoNLL file (tags checked before the model is loaded). */
export async function evaluateConllFile(
  dir: string,
  file: string,
  o: UseTaggerOptions & { conll?: ConllOptions; unknownLabel?: 'error' | 'skip' } = {},
): Promise<ConllEvaluation> {
  const config = await loadTaggingRun(dir);
  const { split, summary } = await readTaggedSplit(file, config.task.labels, o);
  if (split.words.length === 0) throw new DataError(file, 'no sentences left to evaluate');
  return withTagger(dir, config, split.words, o, async (t, batch) => ({
    config,
    split,
    summary,
    evaluation: await evaluateTagging(t.pipeline, t.task, split, batch),
  }));
}

export interface SentencePredictions extends TagPredictions {
  task: TaggingTask;
  /** The run's max length in sub-tokens (words beyond it are predicted 'O'). */
  maxLength: number;
  /** Entity spans per sentence (words [start, end)). `tags` are in the run's scheme (that of its training data). */
  entities: EntitySpan[][];
}

/** Tags and entities for sentences (lists of words), in input order. */
export async function predictSentences(
  dir: string,
  sentences: readonly (readonly string[])[],
  o: UseTaggerOptions = {},
): Promise<SentencePredictions> {
  const config = await loadTaggingRun(dir);
  const task = config.task;
  const maxLength = config.encoder.maxLength;
  if (sentences.length === 0) return { task, maxLength, tags: [], entities: [], cutWords: 0, cutSentences: 0 };
  const p = await withTagger(dir, config, sentences, o, (t, batch) =>
    predictTags(t.pipeline, t.task, sentences, batch),
  );
  return {
    ...p,
    task,
    maxLength,
    tags: p.tags.map((tags) => fromBio(tags, task.scheme)),
    entities: p.tags.map((tags) => extractEntities(tags)),
  };
}
