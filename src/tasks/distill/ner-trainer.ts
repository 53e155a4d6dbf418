// Training a tagger student by distillation: the NER trainer (ner/trainer.ts trainTagger) with the distillation
// objective (ner-objective.ts) over the NER transfer set — the training sentences (gold tags + the teacher's
// scores), their augmented copies (augment.ts on word lists: masked words, contiguous n-gram spans) and the
// unlabeled sentences (teacher's scores only), in that order; with α = 1 only the training sentences, so the
// student trains as `bertcnn train --task ner` would. A TaggerTrainer, so runTaggingJob runs it and the student's
// folder is a normal NER run. The teacher's scores come from the cache (teacher-cache.ts), computed once.
import type { TaggingData } from '../ner/data.ts';
import type { TaggerTrainer } from '../ner/job.ts';
import { trainTagger } from '../ner/trainer.ts';
import { augmentWordLists, type AugmentOptions } from './augment.ts';
import type { DistillLossOptions } from './loss.ts';
import { nerDistillObjective } from './ner-objective.ts';
import { nerTeacherEmissions, type NerTeacher } from './ner-teacher.ts';
import type { TeacherLogitCache } from './teacher-cache.ts';

export interface NerTransferCounts {
  labelled: number;
  augmented: number;
  unlabeled: number;
  total: number;
  /** Sentences the teacher scored in this run (the rest came from the cache). */
  teacherComputed: number;
}

export interface NerDistillSettings {
  loss: DistillLossOptions;
  augment?: AugmentOptions;
  unlabeled?: readonly (readonly string[])[];
  teacher: Pick<NerTeacher, 'emissions' | 'task'>;
  cache: TeacherLogitCache;
  onTeacher?(done: number, total: number): void;
  onTransfer?(t: NerTransferCounts): void;
}

/** The transfer set's sentences and their gold tags (null: no gold tags). */
export function nerTransferSet(
  data: Pick<TaggingData, 'train' | 'task'>,
  s: Pick<NerDistillSettings, 'loss' | 'augment' | 'unlabeled'>,
): { words: string[][]; tags: (number[] | null)[]; augmented: number; unlabeled: number } {
  const tagIndex = new Map(data.task.labels.map((l, i) => [l, i]));
  const teacherOnly = s.loss.alpha < 1;
  const augmented = teacherOnly && s.augment ? augmentWordLists(data.train.words, s.augment).texts : [];
  const unlabeled = teacherOnly ? (s.unlabeled ?? []).map((w) => [...w]) : [];
  return {
    words: [...data.train.words, ...augmented, ...unlabeled],
    tags: [
      ...data.train.tags.map((ts) => ts.map((t) => tagIndex.get(t)!)),
      ...[...augmented, ...unlabeled].map(() => null),
    ],
    augmented: augmented.length,
    unlabeled: unlabeled.length,
  };
}

export function nerDistillTrainer(s: NerDistillSettings): TaggerTrainer {
  return async (tagger, data, o, hooks, resume) => {
    const set = nerTransferSet(data, s);
    const teacher =
      s.loss.alpha < 1 ? await nerTeacherEmissions(s.teacher, set.words, s.cache, { onProgress: s.onTeacher }) : null;
    const labelled = data.train.words.length;
    s.onTransfer?.({
      labelled,
      augmented: set.augmented,
      unlabeled: set.unlabeled,
      total: set.words.length,
      teacherComputed: teacher?.computed ?? 0,
    });
    await tagger.pipeline.prepare(set.words.slice(labelled)); // the extra sentences' alignments (and features)
    const objective = nerDistillObjective({
      tags: set.tags,
      teacher: teacher?.rows ?? null,
      C: tagger.task.labels.length,
      crf: tagger.head.crf !== null,
      loss: s.loss,
    });
    // trainTagger reads only the words when given an objective; the tags here are placeholders of the right shape.
    const train = { words: set.words, tags: set.words.map((w) => w.map(() => 'O')) };
    return trainTagger(tagger.pipeline, tagger.task, { train, dev: data.dev }, o, hooks, {
      encoderParams: tagger.encoderParams,
      resume,
      objective,
    });
  };
}
