// The Kim (2014) preset as a job: `bertcnn train --preset kim2014 …` (src/cli/kim-train.ts) parses its flags into
// KimSettings and calls trainKim. Kim's CNN (rand / static / non-static / multichannel) is trained with his recipe
// into a run folder (run-folder.ts), or with folds K into OUT/fold-1…K plus OUT/cv.json.
//   files → the project's readers (file:line errors, label checks) → clean_str → vectors (coverage) →
//   fitKim per unit → saveKimRun
// Units: one (dev = the dev file, or a held-out fraction of train, Kim's 10% by default), or K folds (stratified,
// seeded): fold i is the test split (Kim's MR protocol; dev = 10% of the other folds) — with a test file, fold i
// is dev and the test file is scored instead, as ordinary --folds does. cv.json (the one shape every
// cross-validation writes, tasks/classification/cross-validate.ts): "dev" and "test", each mean ± population std.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../errors.ts';
import { kFold } from '../../data/splits.ts';
import {
  summarizeFolds,
  summaryOf,
  writeCvFile,
  type CvFile,
  type FoldResult,
} from '../../tasks/classification/cross-validate.ts';
import { readMetrics } from '../../tasks/classification/job.ts';
import { readJobData, summaryLine } from '../../tasks/classification/data.ts';
import type { LabelledSplit } from '../../tasks/classification/evaluate.ts';
import { lockRun, type RunLock } from '../../train/run-lock.ts';
import { fitKim, kimTrainDev, type KimFit, type KimFitData } from './fit.ts';
import { cleaner, KIM_CONFIG, type KimRunConfig } from '../../tasks/kim/kim-run-config.ts';
import { RUN_FORMAT_VERSION } from '../../train/run-config.ts';
import { saveKimRun } from './run-folder.ts';
import { KIM2014 } from '../../tasks/kim/paper.ts';
import type { KimSettings } from './settings.ts';
import type { LabelMap } from '../../data/labels.ts';
import { coverage, coverageLine, loadSource, type DataCoverage, type LoadedSource } from './source.ts';

export interface KimUnitResult {
  dir: string;
  fold?: number;
  /** null: a fold saved by an earlier, interrupted run and read back (--resume). */
  fit: KimFit | null;
  /** The unit's scores, as cv.json lists them. */
  scores: FoldResult;
  seconds: number;
}

export interface KimTrainResult {
  labels: LabelMap;
  source: LoadedSource;
  coverage: DataCoverage | null;
  units: KimUnitResult[];
  /** --folds: the contents of cv.json. */
  cv?: CvFile;
  /** Stopped by Ctrl-C: `units` are the folds saved so far (no cv.json); --resume trains the rest. */
  interrupted: boolean;
}

const holdsRun = (out: string) =>
  ['config.json', KIM_CONFIG].some((f) => existsSync(join(out, f)) || existsSync(join(out, 'fold-1', f)));

/** The whole preset run: checks --out, reads the data, trains every unit, writes the run folder(s). */
export async function trainKim(
  s: KimSettings,
  say: (line: string) => void = () => {},
  notice: (line: string) => void = (m) => process.stderr.write(`bertcnn: ${m}\n`),
  shouldStop: () => boolean = () => false,
): Promise<KimTrainResult> {
  if (s.resume && !s.folds)
    throw new UsageError('--resume with --preset kim2014 continues a --folds run (a single Kim run is trained again)');
  if (!s.resume && holdsRun(s.out)) throw new UsageError(`${s.out} already holds a run; choose another --out`);
  const created = !existsSync(s.out);
  let lock: RunLock | undefined;
  try {
    const data = await readJobData({
      train: s.train,
      dev: s.dev,
      test: s.test,
      read: s.read,
      unknownLabel: s.unknownLabel,
      seed: s.seed,
    });
    for (const summary of data.summaries) say(summaryLine(summary)); // skipped empty rows named, as plain train does
    if (data.labels.multiLabel)
      throw new UsageError('--preset kim2014 is single-label classification: the data has multi-label records');
    if (data.labels.labels.length < 2)
      throw new UsageError(`${s.train}: --preset kim2014 needs at least 2 labels, found ${data.labels.labels.length}`);
    const clean = cleaner(s.cleanStr);
    const cl = (sp: LabelledSplit) => ({ texts: sp.texts.map(clean), y: sp.y });
    const train = cl(data.train);
    const [dev, test] = [data.dev && cl(data.dev), data.test && cl(data.test)];
    const src = await loadSource(s);
    const cov = coverage(src.source, [...train.texts, ...(dev?.texts ?? []), ...(test?.texts ?? [])]);
    if (cov) say(coverageLine(cov, src.meta.description));
    await mkdir(s.out, { recursive: true });
    lock = lockRun(s.out, notice); // one writer (src/train/run-lock.ts)
    if (!s.resume && holdsRun(s.out)) throw new UsageError(`${s.out} already holds a run; choose another --out`);
    const labels = data.labels.labels;
    const units: { dir: string; fold?: number; data: KimFitData }[] = [];
    if (!s.folds) units.push({ dir: s.out, data: { labels, train, dev, test } });
    else {
      const pick = (idx: number[]) => ({ texts: idx.map((i) => train.texts[i]!), y: idx.map((i) => train.y[i]!) });
      kFold(train.y.map(String), s.folds, { seed: s.seed }).forEach((f, i) => {
        const d = test
          ? { labels, train: pick(f.train), dev: pick(f.test), test }
          : { labels, train: pick(f.train), test: pick(f.test) };
        units.push({ dir: join(s.out, `fold-${i + 1}`), fold: i + 1, data: d });
      });
    }
    const results: KimUnitResult[] = [];
    let interrupted = false;
    for (const u of units) {
      const t0 = performance.now();
      if (s.resume && u.fold && existsSync(join(u.dir, 'metrics.json')) && existsSync(join(u.dir, 'config.json'))) {
        // Saved by the run that was stopped: read back, not retrained (a fold is saved only once finished).
        const m = await readMetrics(u.dir);
        say(`fold ${u.fold}/${s.folds}: kept from the interrupted run (${u.dir})`);
        results.push({
          dir: u.dir,
          fold: u.fold,
          fit: null,
          scores: foldScores(u.fold, u.dir, m ?? {}, 0),
          seconds: 0,
        });
        continue;
      }
      const tag = u.fold ? `fold ${u.fold}/${s.folds} ` : '';
      if (u.fold) {
        // What this fold trains, selects and scores on (of the train file's records, after skipped rows).
        const parts = kimTrainDev(u.data, s.seed, s.devSplit);
        say(
          `${tag.trim()}: ${parts.train.texts.length} train, ${parts.dev.texts.length} dev, ${u.data.test?.texts.length ?? 0} test` +
            (test ? ' (dev = this fold, test = the test file)' : ' (test = this fold, dev = part of the others)'),
        );
      }
      const fit = await fitKim(u.data, {
        variant: s.variant,
        source: src.source,
        seed: s.seed,
        combine: s.combine,
        vectorScale: s.vectorScale,
        devFraction: s.devSplit,
        train: s.epochs ? { epochs: s.epochs } : {},
        onEpoch: (e) =>
          say(
            `${tag}epoch ${e.epoch}: loss ${e.train_loss.toFixed(4)}  dev accuracy ${(e.dev?.accuracy ?? NaN).toFixed(4)}  (${e.seconds.toFixed(1)} s)`,
          ),
        shouldStop,
        onBest: (epoch, d, t) =>
          say(
            `${tag}  best dev so far at epoch ${epoch}: dev ${d.toFixed(4)}${Number.isNaN(t) ? '' : `, test ${t.toFixed(4)}`}`,
          ),
      });
      if (fit.interrupted) {
        interrupted = true; // the unfinished fold is not saved: --resume trains it again
        break;
      }
      await saveKimRun(
        u.dir,
        fit,
        runConfig(s, src, fit, cov, { fold: u.fold, classes: labels.length }),
        data.labels,
        src.bertDir,
      );
      const seconds = (performance.now() - t0) / 1000;
      const scores = foldScores(
        u.fold ?? 0,
        u.dir,
        { best_epoch: fit.result.best_epoch, dev: fit.dev?.scores.summary, test: fit.test?.scores.summary },
        seconds,
      );
      results.push({ dir: u.dir, fold: u.fold, fit, scores, seconds });
    }
    const out: KimTrainResult = { labels: data.labels, source: src, coverage: cov, units: results, interrupted };
    if (s.folds && !interrupted)
      out.cv = await writeCv(
        s.out,
        results,
        test
          ? 'fold i is dev (best epoch), the test file is scored'
          : `fold i is test (never seen in training); dev (best epoch) is ${Math.round(100 * (s.devSplit ?? KIM2014.devFraction))}% of the other folds`,
      );
    return out;
  } catch (e) {
    // Failed before a run existed (bad data, bad vectors): leave no half-made folder behind.
    if (created && !holdsRun(s.out)) await rm(s.out, { recursive: true, force: true });
    throw e;
  } finally {
    lock?.release();
  }
}

/** The config.json of a finished unit (a distilled student's too: presets/kim2014/distill.ts). */
export function runConfig(
  s: KimSettings,
  src: LoadedSource,
  fit: KimFit,
  cov: DataCoverage | null,
  u: { fold?: number; classes: number },
): KimRunConfig {
  const m = fit.model;
  const data: Record<string, string> = { train: s.train };
  if (s.dev) data.dev = s.dev;
  if (s.test) data.test = s.test;
  if (u.fold) data.fold = `${u.fold}/${s.folds} (${s.test ? 'dev' : 'test'} = fold ${u.fold})`;
  return {
    format: 'bertcnn-run',
    version: RUN_FORMAT_VERSION,
    kind: 'kim2014',
    preset: 'kim2014',
    variant: s.variant,
    level: fit.vocab ? 'word' : 'wordpiece',
    source: src.meta,
    vector_scale: s.vectorScale,
    combine: m.combine,
    clean_str: s.cleanStr,
    seed: s.seed,
    epochs: s.epochs ?? KIM2014.epochs,
    vocab_size: fit.tables.vocabSize,
    dim: fit.tables.dim,
    num_classes: u.classes,
    channels: m.channels.map((c) => ({ trainable: c.trainable })),
    kernel_sizes: [...KIM2014.kernelSizes],
    filters: KIM2014.filters,
    dropout: KIM2014.dropout,
    char_cnn: fit.chars ? { num_chars: fit.chars.size, length: fit.chars.length } : null,
    eval_batch_size: fit.evalBatchSize,
    init: fit.result.init,
    ...(cov ? { coverage: { ...cov } } : {}),
    data,
    created: new Date().toISOString(),
  };
}

/** One fold's line of cv.json, from a fit or from a saved fold's metrics.json. */
function foldScores(fold: number, dir: string, m: Record<string, unknown>, seconds: number): FoldResult {
  return {
    fold,
    dir,
    best_epoch: (m.best_epoch as number | null | undefined) ?? null,
    dev: summaryOf(m.dev),
    test: summaryOf(m.test),
    seconds: Math.round(seconds * 1000) / 1000,
  };
}

async function writeCv(out: string, units: KimUnitResult[], protocol: string): Promise<CvFile> {
  const cv = summarizeFolds(
    units.length,
    'accuracy',
    units.map((u) => u.scores),
  );
  await writeCvFile(out, cv, protocol);
  return { ...cv, protocol, std_kind: 'population (ddof=0)' };
}
