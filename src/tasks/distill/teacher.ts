// The teacher of a distillation: a trained classification run whose raw logits label the transfer set. The model
// is loaded on the first call that needs it, so a transfer set found whole in the logit cache (teacher-cache.ts)
// never loads the teacher at all. teacherLogits() scores only the texts the cache lacks, in chunks, committing each
// chunk to the cache as it is done (an interrupted run keeps what it computed).
import { DataError } from '../../errors.ts';
import type { LabelMap } from '../../data/labels.ts';
import type { RunConfig } from '../../train/run-config.ts';
import { assembleClassifier } from '../classification/classifier.ts';
import { loadRunInfo } from '../classification/inference.ts';
import { classifierPredictor, type ClassifierPredictor } from '../classification/predictor.ts';
import { outputSize, type ClassificationTask } from '../classification/task.ts';
import { cachedEntries, type CachedEntriesOptions, type TeacherLogitCache } from './teacher-cache.ts';
import { teacherFiles, teacherId } from './teacher-id.ts';

export interface Teacher {
  /** The run folder. */
  readonly dir: string;
  /** Content id of its files (teacher-id.ts). */
  readonly id: string;
  readonly config: RunConfig;
  readonly labels: LabelMap;
  readonly task: ClassificationTask;
  /** Raw logits [N, K] of texts (K = 1 binary, else C), in input order. */
  logits(texts: readonly string[]): Promise<Float32Array>;
  release(): Promise<void>;
}

/** A classification run as a teacher (loaded lazily; see the header). */
export async function openTeacher(dir: string, onWarning?: (m: string) => void): Promise<Teacher> {
  const run = await loadRunInfo(dir).catch((e: unknown) => {
    throw e instanceof DataError ? new DataError(dir, `cannot use as a teacher: ${e.message}`) : e;
  });
  const id = await teacherId(dir);
  let predictor: ClassifierPredictor | null = null;
  return {
    dir,
    id,
    config: run.config,
    labels: run.labels,
    task: { ...run.config.task },
    async logits(texts) {
      predictor ??= await classifierPredictor(await assembleClassifier(run.config, { runDir: dir, onWarning }), {
        maxBatch: run.config.train.evalBatchSize,
      });
      return predictor.logits(texts);
    },
    release: async () => predictor?.release(),
  };
}

/** What the logit cache and distill.json record about a teacher (teacher.json): any trained run as a teacher —
 *  classification here, NER in ner-teacher.ts (which adds whether it has a CRF). */
export function teacherAbout(t: {
  dir: string;
  id: string;
  task: unknown;
  config: { mode: string; encoder: { ref: string }; head: { kind: string } };
}): Record<string, unknown> {
  return {
    dir: t.dir,
    id: t.id,
    files: teacherFiles(t.dir),
    task: t.task,
    mode: t.config.mode,
    encoder: t.config.encoder.ref,
    head: t.config.head.kind,
  };
}

export type TeacherLogitsOptions = CachedEntriesOptions;

/** Logits [N, K] of `texts` from the cache, the missing ones computed by the teacher and cached; `computed` counts
 *  the texts the teacher scored in this call. */
export async function teacherLogits(
  teacher: Pick<Teacher, 'logits' | 'task'>,
  texts: readonly string[],
  cache: TeacherLogitCache,
  o: TeacherLogitsOptions = {},
): Promise<{ logits: Float32Array; computed: number }> {
  const K = outputSize(teacher.task);
  if (cache.K !== K) throw new Error(`teacher logit cache holds ${cache.K} logits per text, the teacher gives ${K}`);
  const score = async (part: readonly string[]) => {
    const logits = await teacher.logits(part); // [n, K]
    return part.map((_, i) => logits.slice(i * K, (i + 1) * K));
  };
  const { entries, computed } = await cachedEntries(cache, texts, (t) => t, score, o);
  const out = new Float32Array(texts.length * K);
  entries.forEach((e, i) => out.set(e, i * K));
  return { logits: out, computed };
}
