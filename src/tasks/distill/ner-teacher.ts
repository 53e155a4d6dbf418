// A trained NER run as a distillation teacher: its per-word emission scores — the tagger's outputs before its CRF,
// if it has one — read at each word's first sub-token, as the NER predictor aligns words (ner/evaluate.ts
// wordEmissions). A sentence of n words gets rows [m, C] (C tags) for its first m words: words cut by the teacher's
// --max-length have no row, and since truncation cuts a sentence's tail, the rows cover a prefix of its words.
// The model is loaded on the first call that needs it (a transfer set found whole in the cache never loads it);
// nerTeacherEmissions() scores only the sentences the cache (teacher-cache.ts; key: the words joined by U+0001)
// lacks, committing each chunk as it is done.
import { DataError } from '../../errors.ts';
import { constrainedCrf } from '../ner/decode.ts';
import { inferencePrograms, tagsOfRows, wordEmissions } from '../ner/evaluate.ts';
import type { ProgramCache } from '../../train/program-cache.ts';
import { loadTaggingRun } from '../ner/inference.ts';
import { callPipeline } from '../ner/predictor.ts';
import type { TaggingRunConfig } from '../ner/run-config.ts';
import { assembleTagger, type Tagger } from '../ner/tagger.ts';
import type { TaggingTask } from '../ner/types.ts';
import { cachedEntries, type CachedEntriesOptions, type TeacherLogitCache } from './teacher-cache.ts';
import { teacherId } from './teacher-id.ts';
import { teacherAbout } from './teacher.ts';

type Words = readonly string[];

export interface NerTeacher {
  /** The run folder. */
  readonly dir: string;
  /** Content id of its files (teacher-id.ts). */
  readonly id: string;
  readonly config: TaggingRunConfig;
  readonly task: TaggingTask;
  /** Emission rows [m, C] of each sentence (m ≤ its words; see the header), in input order. */
  emissions(sentences: readonly Words[]): Promise<Float32Array[]>;
  /** The teacher's own tags (BIO) for a sentence from its rows: constrained Viterbi under its CRF, or argmax. */
  tags(words: Words, rows: Float32Array): Promise<string[]>;
  release(): Promise<void>;
}

/** The cache key of a sentence. */
export const sentenceCacheKey = (words: Words): string => words.join('\u0001');

/** A NER run as a teacher (loaded lazily; see the header). */
export async function openNerTeacher(dir: string, onWarning?: (m: string) => void): Promise<NerTeacher> {
  const config = await loadTaggingRun(dir).catch((e: unknown) => {
    throw e instanceof DataError ? new DataError(dir, `cannot use as a NER teacher: ${e.message}`) : e;
  });
  const id = await teacherId(dir);
  const task: TaggingTask = { ...config.task, labels: [...config.task.labels] };
  let tagger: Tagger | null = null;
  let programs: ProgramCache | null = null; // compiled once, shared by every call
  const load = async () => {
    tagger ??= await assembleTagger(config, { runDir: dir, onWarning });
    programs ??= inferencePrograms(callPipeline(tagger));
    return tagger;
  };
  return {
    dir,
    id,
    config,
    task,
    async emissions(sentences) {
      // a fresh pipeline per call: a frozen teacher's features are held for this call's sentences only
      const pipeline = callPipeline(await load());
      await pipeline.prepare(sentences);
      return wordEmissions(pipeline, task.labels.length, sentences, config.train.evalBatchSize, programs!);
    },
    async tags(words, rows) {
      const t = await load();
      const crf = t.head.crf ? constrainedCrf(t.head.crf.host(), task.labels) : null;
      const m = rows.length / task.labels.length;
      return tagsOfRows(rows, words.length, [...Array(m).keys()], task.labels, crf);
    },
    async release() {
      await programs?.release();
      await tagger?.release();
    },
  };
}

/** What the cache and distill.json record about a NER teacher. */
export function nerTeacherAbout(t: NerTeacher): Record<string, unknown> {
  return { ...teacherAbout(t), crf: t.config.head.options.crf === true };
}

/** Emission rows of `sentences` from the cache, the missing ones computed by the teacher and cached; `computed`
 *  counts the sentences the teacher scored in this call. */
export async function nerTeacherEmissions(
  teacher: Pick<NerTeacher, 'emissions' | 'task'>,
  sentences: readonly Words[],
  cache: TeacherLogitCache,
  o: CachedEntriesOptions = {},
): Promise<{ rows: Float32Array[]; computed: number }> {
  const C = teacher.task.labels.length;
  if (cache.K !== C) throw new Error(`teacher cache holds ${cache.K} scores per word, the teacher has ${C} tags`);
  const r = await cachedEntries(cache, sentences, sentenceCacheKey, (part) => teacher.emissions(part), o);
  return { rows: r.entries, computed: r.computed };
}
