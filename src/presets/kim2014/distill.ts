// Kim's CNN over word vectors as a distillation student (`bertcnn distill --student kim2014 …`, issue #18):
//   files → the project's readers with the TEACHER's label map (its labels, in its order) → dev = the dev file or
//   Kim's seeded 10% of train (held out before anything else) → transfer set of the rest (tasks/distill:
//   labelled sentences, augmented copies, unlabeled texts) → the teacher's logits of the raw texts (logit cache)
//   → clean_str → vectors → fitKim over the whole transfer set (its words all enter the vocabulary, as Kim's
//   training data does; dev/test words only with a vector) with the distillation objective
//   (tasks/distill/objective.ts: α · CE on the labelled rows + (1 − α) · D(student, teacher)) → saveKimRun.
// The run folder is a normal kim2014 run (run-folder.ts: eval, predict, report, serve, export, web take it) plus
// distill.json (tasks/distill/record.ts, the record every student writes); metrics.json gains teacher_agreement
// (share of dev/test texts decided as the teacher decides). Dev selects the epoch and test is scored at it, as in
// every Kim run. A Kim run keeps no checkpoint: an interrupted student leaves distill.json and the teacher's
// cached logits, and `--resume` trains it again from the start over them (a finished student is not resumed).
// Augmented copies reach the student through clean_str like any text: the default mask token [MASK] becomes the
// word `mask` (--mask-token chooses another; the teacher scores the raw copy).
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../errors.ts';
import type { LabelMap } from '../../data/labels.ts';
import { readSplit, summaryLine } from '../../tasks/classification/data.ts';
import type { Evaluation, LabelledSplit } from '../../tasks/classification/evaluate.ts';
import { agreementWithTeacher } from '../../tasks/distill/agreement.ts';
import type { AugmentOptions } from '../../tasks/distill/augment.ts';
import type { DistillLossOptions } from '../../tasks/distill/loss.ts';
import { distillObjective } from '../../tasks/distill/objective.ts';
import { openDistillRun, type DistillRecord } from '../../tasks/distill/record.ts';
import { teacherLogits, type Teacher } from '../../tasks/distill/teacher.ts';
import { buildTransferSet, type TransferSet } from '../../tasks/distill/transfer-set.ts';
import { cleaner } from '../../tasks/kim/kim-run-config.ts';
import { lockRun } from '../../train/run-lock.ts';
import { fitKim, kimTrainDev, type KimFit } from './fit.ts';
import { runConfig } from './job.ts';
import { saveKimRun } from './run-folder.ts';
import type { KimSettings } from './settings.ts';
import { coverage, coverageLine, loadSource, type DataCoverage, type LoadedSource } from './source.ts';

/** The label of a transfer-set row without one: cross-entropy's ignore index (the objective masks it anyway). */
const NO_LABEL = -100;

export interface KimDistillJob {
  /** The student: Kim's settings (kim-flags.ts), data files included. */
  settings: KimSettings;
  loss: DistillLossOptions;
  augment?: AugmentOptions;
  /** Texts without labels (teacher term only), and where they came from. */
  unlabeled?: { name: string; texts: readonly string[] };
  /** Root of the teacher-logit cache (default <out>/teacher-logits). */
  logitCache?: string;
}

export interface KimDistillEvents {
  say?(line: string): void;
  notice?(line: string): void;
  shouldStop?(): boolean;
  onTeacher?(done: number, total: number): void;
  onTransfer?(t: TransferSet['counts'] & { teacherComputed: number }): void;
}

export interface KimDistillResult {
  labels: LabelMap;
  source: LoadedSource;
  coverage: DataCoverage | null;
  /** The finished fit; null when interrupted (nothing of the model is saved). */
  fit: KimFit | null;
  distill: DistillRecord;
  /** Share of dev / test texts decided as the teacher decides. */
  agreement: Record<string, number>;
}

export async function distillKim(
  job: KimDistillJob,
  teacher: Teacher,
  ev: KimDistillEvents = {},
): Promise<KimDistillResult> {
  const s = job.settings;
  const say = ev.say ?? (() => {});
  if (existsSync(join(s.out, 'config.json')))
    throw new UsageError(
      `${s.out} already holds a run; choose another --out${s.resume ? ' (--resume retrains an interrupted kim2014 student; this one is finished)' : ''}`,
    );
  const created = !existsSync(s.out);
  const labels = teacher.labels;
  let lock: ReturnType<typeof lockRun> | undefined;
  try {
    const read = async (file: string, role: string) => {
      const r = await readSplit(file, labels, s.read, role === 'train' ? 'error' : s.unknownLabel, role);
      say(summaryLine(r.summary));
      return r.split;
    };
    const rawTrain = await read(s.train, 'train');
    const rawDev = s.dev ? await read(s.dev, 'dev') : undefined;
    const rawTest = s.test ? await read(s.test, 'test') : undefined;
    await mkdir(s.out, { recursive: true });
    lock = lockRun(s.out, ev.notice ?? (() => {})); // one writer (src/train/run-lock.ts)
    const run = await openDistillRun(
      s.out,
      teacher,
      { loss: job.loss, augment: job.augment, unlabeled: job.unlabeled?.name, logitCache: job.logitCache },
      s.resume === true,
    );
    const { record, cache } = run;
    // dev first (never augmented nor trained on), then the transfer set of the remaining training sentences
    const { train, dev } = kimTrainDev({ labels: labels.labels, train: rawTrain, dev: rawDev }, s.seed, s.devSplit);
    const set = buildTransferSet(train, {
      alpha: record.loss.alpha,
      augment: record.augment ?? undefined,
      unlabeled: job.unlabeled?.texts,
    });
    const logits =
      record.loss.alpha < 1 ? await teacherLogits(teacher, set.texts, cache, { onProgress: ev.onTeacher }) : null;
    record.transfer = { ...set.counts, teacherComputed: logits?.computed ?? 0 };
    ev.onTransfer?.(record.transfer);
    await run.save();
    const clean = cleaner(s.cleanStr);
    const cl = (sp: LabelledSplit): LabelledSplit => ({ texts: sp.texts.map(clean), y: sp.y });
    const student = {
      labels: labels.labels,
      train: { texts: set.texts.map(clean), y: set.y.map((v) => v ?? NO_LABEL) },
      dev: cl(dev),
      test: rawTest && cl(rawTest),
    };
    const src = await loadSource(s);
    const cov = coverage(src.source, [...student.train.texts, ...student.dev.texts, ...(student.test?.texts ?? [])]);
    if (cov) say(coverageLine(cov, src.meta.description));
    const fit = await fitKim(student, {
      variant: s.variant,
      source: src.source,
      seed: s.seed,
      combine: s.combine,
      vectorScale: s.vectorScale,
      train: s.epochs ? { epochs: s.epochs } : {},
      objective: distillObjective({
        task: teacher.task,
        y: set.y,
        teacher: logits?.logits ?? null,
        loss: record.loss,
        softmaxStudent: true,
      }),
      shouldStop: ev.shouldStop,
      onEpoch: (e) =>
        say(
          `epoch ${e.epoch}: loss ${e.train_loss.toFixed(4)}  dev accuracy ${(e.dev?.accuracy ?? NaN).toFixed(4)}  (${e.seconds.toFixed(1)} s)`,
        ),
      onBest: (epoch, d, t) =>
        say(
          `  best dev so far at epoch ${epoch}: dev ${d.toFixed(4)}${Number.isNaN(t) ? '' : `, test ${t.toFixed(4)}`}`,
        ),
    });
    const result = { labels, source: src, coverage: cov, distill: record };
    if (fit.interrupted) return { ...result, fit: null, agreement: {} };
    const agreement: Record<string, number> = {};
    const splits: [string, LabelledSplit, Evaluation | null][] = [
      ['dev', dev, fit.dev],
      ['test', rawTest ?? { texts: [], y: [] }, fit.test],
    ];
    for (const [name, raw, evaluation] of splits)
      if (evaluation && raw.texts.length > 0)
        agreement[name] = await agreementWithTeacher(teacher, cache, raw.texts, evaluation.decisions as number[]);
    const config = runConfig(s, src, fit, cov, { classes: labels.labels.length });
    await saveKimRun(s.out, fit, config, labels, src.bertDir, { teacher_agreement: agreement });
    return { ...result, fit, agreement };
  } catch (e) {
    // Failed before a run existed (bad data, bad vectors): leave no half-made folder behind.
    if (created && !existsSync(join(s.out, 'config.json'))) await rm(s.out, { recursive: true, force: true });
    throw e;
  } finally {
    lock?.release();
  }
}
