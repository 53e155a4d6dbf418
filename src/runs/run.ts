// One Run for every kind of run folder the project writes (src/runs/kind.ts): what `predict`, `eval`, `serve`,
// the queue worker and the library hold. loadRun(dir) rebuilds the model exactly as training built it (the
// kind's own assembly: classification assembleClassifier, NER assembleTagger, Kim loadKimRun), compiles its
// inference Program(s) once, and returns:
//   info        what the run is: kind, task (labels or tag set), mode, encoder, head, when, metrics.json
//   predict()   raw texts → one prediction per text, in order:
//                 classification, kim2014  {label | labels, probabilities}
//                 ner                      {words, tags, entities: [{type, start, end, char_start, char_end, text}]}
//   release()   frees the Programs and the encoder
// Calls are serialized, so a server's micro-batcher may call predict() freely.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { loadKimRun } from '../presets/kim2014/run-folder.ts';
import { assembleClassifier } from '../tasks/classification/classifier.ts';
import { loadRunInfo } from '../tasks/classification/inference.ts';
import type { Prediction } from '../tasks/classification/prediction.ts';
import { classifierPredictor, pipelinePredictor, type ClassifierPredictor } from '../tasks/classification/predictor.ts';
import { loadTaggingRun } from '../tasks/ner/inference.ts';
import { taggerPredictor, type TaggedText, type TaggerPredictor } from '../tasks/ner/predictor.ts';
import { assembleTagger } from '../tasks/ner/tagger.ts';
import { runKind, type RunKind } from './kind.ts';
import { checkComplete, type CompletenessOptions } from './status.ts';

/** One prediction of a run: a class decision with probabilities, or a tagged text (NER). */
export type RunPrediction = Prediction | TaggedText;

/** What a run is (GET /v1/model shows it). */
export interface RunInfo {
  /** The run folder's name. */
  name: string;
  kind: RunKind;
  task: {
    kind: 'binary' | 'multiclass' | 'multilabel' | 'ner';
    /** Class labels, or the tag set of a NER run. */
    labels: string[];
    thresholds?: number[];
    /** NER: the tag scheme of the training data (tags are reported in it). */
    scheme?: string;
  };
  /** frozen | finetune | ids; 'static' or 'rand' style for Kim runs: the preset's variant. */
  mode: string;
  encoder: { ref: string; saved: boolean; maxLength?: number; [k: string]: unknown } | null;
  head: { kind: string; options: Record<string, unknown> };
  created: string;
  bertcnnVersion: string | null;
  /** metrics.json of the run (null when absent or unreadable). */
  metrics: Record<string, unknown> | null;
}

export interface Run {
  readonly dir: string;
  readonly kind: RunKind;
  readonly info: RunInfo;
  predict(texts: readonly string[]): Promise<RunPrediction[]>;
  /** Classification and Kim runs: class probabilities [N, C] of texts, in input order (null for NER runs). */
  readonly probabilities: ((texts: readonly string[]) => Promise<Float32Array>) | null;
  release(): Promise<void>;
}

export interface LoadRunOptions extends CompletenessOptions {
  /** Decision threshold for binary (positive class) or multi-label (every label) runs. */
  threshold?: number;
  /** Largest inference batch (longer lists run in length-sorted chunks). Default: the run's evaluation batch size,
   *  so predictions equal `bertcnn predict`'s batch for batch. */
  maxBatch?: number;
  onWarning?(message: string): void;
}

export async function readRunMetrics(
  dir: string,
  onWarning?: (m: string) => void,
): Promise<Record<string, unknown> | null> {
  const path = join(dir, 'metrics.json');
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    onWarning?.(`${path}: not valid JSON (${(e as Error).message}); no metrics shown`);
    return null;
  }
}

function fromClassifier(dir: string, kind: RunKind, info: RunInfo, p: ClassifierPredictor): Run {
  return { dir, kind, info, predict: p.predict, probabilities: p.probabilities, release: p.release };
}

function fromTagger(dir: string, info: RunInfo, p: TaggerPredictor): Run {
  return { dir, kind: 'ner', info, predict: p.predict, probabilities: null, release: p.release };
}

/** The run in `dir`, of whichever kind, ready to predict (see the header). */
export async function loadRun(dir: string, o: LoadRunOptions = {}): Promise<Run> {
  const kind = runKind(dir);
  await checkComplete(dir, o); // an unfinished run is refused unless allowed (src/runs/status.ts)
  const name = basename(resolve(dir));
  const metrics = await readRunMetrics(dir, o.onWarning);
  if (kind === 'ner') {
    if (o.threshold !== undefined) throw new UsageError('--threshold does not apply to NER runs');
    const config = await loadTaggingRun(dir);
    const p = await taggerPredictor(await assembleTagger(config, { runDir: dir, onWarning: o.onWarning }), {
      maxBatch: o.maxBatch ?? config.train.evalBatchSize,
    });
    return fromTagger(
      dir,
      {
        name,
        kind,
        task: { kind: 'ner', labels: [...config.task.labels], scheme: config.task.scheme },
        mode: config.mode,
        encoder: { ...config.encoder, saved: config.encoderSaved },
        head: config.head,
        created: config.created,
        bertcnnVersion: config.bertcnnVersion,
        metrics,
      },
      p,
    );
  }
  if (kind === 'kim2014') {
    if (o.threshold !== undefined)
      throw new UsageError(
        '--threshold applies to binary and multi-label runs; a kim2014 run is multi-class (softmax, argmax)',
      );
    const run = await loadKimRun(dir);
    const c = run.config;
    const p = await pipelinePredictor(run.pipeline, run.task, {
      maxBatch: o.maxBatch ?? c.eval_batch_size,
      transform: run.clean,
    });
    return fromClassifier(
      dir,
      kind,
      {
        name,
        kind,
        task: { kind: 'multiclass', labels: [...run.task.labels] },
        mode: `kim2014 ${c.variant}`,
        encoder: null,
        head: {
          kind: 'kim-cnn',
          options: { kernelSizes: c.kernel_sizes, filters: c.filters, dropout: c.dropout, channels: c.channels.length },
        },
        created: c.created,
        bertcnnVersion: null,
        metrics,
      },
      p,
    );
  }
  const run = await loadRunInfo(dir);
  const cfg = run.config;
  const p = await classifierPredictor(await assembleClassifier(cfg, { runDir: dir, onWarning: o.onWarning }), {
    threshold: o.threshold,
    maxBatch: o.maxBatch ?? cfg.train.evalBatchSize,
  });
  return fromClassifier(
    dir,
    kind,
    {
      name,
      kind,
      task: {
        kind: p.task.kind,
        labels: [...p.task.labels],
        ...(p.task.thresholds ? { thresholds: [...p.task.thresholds] } : {}),
      },
      mode: cfg.mode,
      encoder: { ...cfg.encoder, saved: cfg.encoderSaved },
      head: cfg.head,
      created: cfg.created,
      bertcnnVersion: cfg.bertcnnVersion,
      metrics,
    },
    p,
  );
}
