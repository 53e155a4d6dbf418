// TextClassifier: the library's high-level text classifier — an encoder (Hub id, folder or 'use-lite') feeding a
// head (TextCNN by default), trained by the same job as `bertcnn train` into the same run folder, so a model made
// here works with `bertcnn eval/predict/serve RUN` and a CLI run loads here. Keras-like: fit / evaluate / predict /
// summary / save, and TextClassifier.load(runDir). Once fitted or loaded it holds the model (one compiled inference
// Program, as `bertcnn serve` does); close() releases it (and removes a private working folder).
import { rm } from 'node:fs/promises';
import { UsageError } from '../errors.ts';
import type { Encoder } from '../encoders/encoder.ts';
import { openEncoder } from '../encoders/load.ts';
import { headInput } from '../heads/index.ts';
import { classifierPredictor, type ClassifierPredictor } from '../tasks/classification/predictor.ts';
import type { Prediction } from '../tasks/classification/prediction.ts';
import { scoreClassification } from '../tasks/classification/scores.ts';
import { assembleClassifier, layerSelection, type Classifier } from '../tasks/classification/classifier.ts';
import { readSplit } from '../tasks/classification/data.ts';
import { runTrainingJob } from '../tasks/classification/job.ts';
import { loadRunInfo, type RunInfo } from '../tasks/classification/inference.ts';
import { runKind } from '../runs/kind.ts';
import { checkRecordLabels, classificationInput, textList, type ClassificationData } from './data.ts';
import { dataPaths, fitJobBase, inRunFolder, jobEvents, type FitOptions, type FitResult } from './fit.ts';
import { parseClassifierOptions, type ClassifierOptions, type ResolvedClassifierOptions } from './options.ts';
import { copyRunFolder } from './run-folder.ts';
import { formatSummary, modelSummary, type ModelSummary } from '../report/model-summary.ts';
import { classifierSubject, refreezeEncoder } from '../report/model-subjects.ts';
import { embedTexts, type EmbedOptions } from './embed.ts';
import type { TextReadOptions } from '../data/read.ts';

/** One prediction: { label, probabilities: { [label]: p } } (multi-label: { labels, probabilities }). */
export type { Prediction } from '../tasks/classification/prediction.ts';

/** Scores on a labelled set, as in metrics.json: accuracy, macro/weighted F1 (micro F1, subset accuracy for
 *  multi-label), `per_class` precision/recall/F1/support and the `confusion` matrix (rows = true labels). */
export type ClassificationMetrics = Record<string, unknown> & { records: number };

/** Options of TextClassifier.load() and pipeline(): threshold, inference batch size, warnings. */
export interface LoadOptions {
  /** Decision threshold for binary (positive class) or multi-label runs (default: the run's, else 0.5). */
  threshold?: number;
  /** Largest inference batch (default 32). */
  maxBatch?: number;
  onWarning?(message: string): void;
}

interface Held {
  run: RunInfo;
  clf: Classifier;
  served: ClassifierPredictor;
}

/**
 * A text classifier: encoder + head, trained by the `bertcnn train` job into a run folder.
 * @example
 * const clf = new TextClassifier({ encoder: 'use-lite', epochs: 5 });
 * await clf.fit('train.tsv', { dev: 'dev.tsv' });
 * console.log(await clf.predict(['a great film'])); // [{ label: 'positive', probabilities: { … } }]
 * await clf.save('runs/sentiment');
 */
export class TextClassifier {
  private readonly options: ResolvedClassifierOptions | null;
  private held: Held | null = null;
  private runDir: string | null = null;
  private temporary = false;
  private plainEncoder: Encoder | null = null;

  /** A new, untrained classifier; options are checked now (UsageError naming the option). */
  constructor(options: ClassifierOptions = {}) {
    this.options = parseClassifierOptions(options);
  }

  /** A trained classifier from a run folder written by `bertcnn train`, fit({ out }) or save(). */
  static async load(runDir: string, o: LoadOptions = {}): Promise<TextClassifier> {
    const c = Object.create(TextClassifier.prototype) as TextClassifier;
    Object.assign(c, { options: null, held: null, runDir: null, temporary: false, plainEncoder: null });
    await c.open(runDir, o);
    return c;
  }

  private async open(dir: string, o: LoadOptions = {}): Promise<void> {
    const kind = runKind(dir);
    if (kind === 'ner') throw new UsageError(`${dir} is a NER run; load it with TokenTagger.load()`);
    if (kind === 'kim2014')
      throw new UsageError(`${dir} is a kim2014 run; load it with loadRun(dir) (any kind of run)`);
    const run = await loadRunInfo(dir);
    const clf = await assembleClassifier(run.config, { runDir: dir, onWarning: o.onWarning });
    await refreezeEncoder(dir, run.config.mode, clf.encoder);
    const served = await classifierPredictor(clf, o);
    this.held = { run, clf, served };
    this.runDir = dir;
  }

  private model(what: string): Held {
    if (!this.held)
      throw new UsageError(
        `${what}: the classifier is not trained yet; call fit() or TextClassifier.load(runDir) first`,
      );
    return this.held;
  }

  /** Label names in output order (after fit or load). */
  get labels(): string[] {
    return [...this.model('labels').run.config.task.labels];
  }

  /** The run folder holding the model (after fit or load). */
  get directory(): string {
    this.model('directory');
    return this.runDir!;
  }

  /** Trains on `train` (records or a TSV/CSV/JSONL path), scoring `dev` after every epoch and keeping the best
   *  epoch, exactly as `bertcnn train`; then holds the best model for predict/evaluate/save. */
  async fit(train: ClassificationData, fit: FitOptions<ClassificationData> = {}): Promise<FitResult> {
    const o = this.options;
    if (!o)
      throw new UsageError(
        'fit: this classifier was loaded from a trained run; train a new TextClassifier (or `bertcnn train --resume`)',
      );
    if (this.held)
      throw new UsageError('fit: this classifier is already trained; create a new TextClassifier to train again');
    const inputs = [train, fit.dev, fit.test].filter((d) => d !== undefined);
    if (fit.read && inputs.some((d) => typeof d !== 'string'))
      throw new UsageError('fit: options.read applies to data given as file paths, not to arrays of records');
    checkRecordLabels(train, { dev: fit.dev, test: fit.test }, fit.unknownLabel);
    const head = { kind: o.head, options: { ...o.headOptions } };
    const epochs = fit.epochs ?? o.epochs ?? 5;
    const settings = {
      ...o,
      ...dataPaths({ train, dev: fit.dev, test: fit.test, devSplit: fit.devSplit, read: fit.read }),
      epochs,
    };
    const { dir, temporary, result } = await inRunFolder(fit.out, settings, (out) =>
      runTrainingJob(
        {
          ...fitJobBase(o, { train, dev: fit.dev, test: fit.test }, fit, out, epochs, classificationInput),
          read: fit.read,
          task: o.task,
          classWeights: o.classWeights,
          mode: headInput(o.head) === 'ids' ? 'ids' : o.mode,
          head,
        },
        jobEvents(fit.callbacks ?? {}, epochs, o.batchSize ?? 32),
        { cacheDir: o.cache },
      ),
    );
    this.temporary = temporary;
    await this.open(dir, { onWarning: fit.callbacks?.onWarning });
    const r = result.result;
    return {
      history: r.history,
      bestEpoch: r.bestEpoch,
      stoppedEarly: r.stoppedEarly,
      metrics: result.metrics,
      runDir: dir,
    };
  }

  /** Label and probabilities per text, in input order: { label, probabilities: { [label]: p } } (multi-label:
   *  { labels, probabilities }); probabilities rounded to 6 decimals, as `bertcnn predict` prints them. */
  async predict(texts: string | readonly string[]): Promise<Prediction[]> {
    const { served } = this.model('predict');
    return served.predict(textList(texts, 'predict'));
  }

  /** Scores the model on labelled data (records or a file path); labels are checked against the model's. */
  async evaluate(
    data: ClassificationData,
    o: { read?: TextReadOptions; unknownLabel?: 'error' | 'skip' } = {},
  ): Promise<ClassificationMetrics> {
    const { run, clf, served } = this.model('evaluate');
    const { split } = await readSplit(
      classificationInput(data, 'data'),
      run.labels,
      o.read ?? {},
      o.unknownLabel ?? 'error',
    );
    if (split.texts.length === 0) throw new UsageError('evaluate: no records to score');
    const labels = clf.task.labels;
    const predicted = await served.predict(split.texts);
    const decisions = predicted.map((p) =>
      p.labels ? p.labels.map((l) => labels.indexOf(l)) : labels.indexOf(p.label!),
    );
    const s = scoreClassification(served.task, split.y, decisions);
    return { ...s.summary, per_class: s.perClass, confusion: s.confusion, records: split.texts.length };
  }

  /** Sentence vectors from the classifier's encoder (fine-tuned weights after a fine-tuning fit):
   *  one Float32Array of P values per text (P = the pooled size, e.g. 512 for use-lite, H for BERT). */
  async embed(texts: string | readonly string[], o: EmbedOptions = {}): Promise<Float32Array[]> {
    const list = textList(texts, 'embed');
    if (this.held) {
      const cfg = this.held.run.config;
      return embedTexts(this.held.clf.encoder, list, {
        layers: layerSelection(cfg),
        maxLength: cfg.encoder.maxLength,
        ...o,
      });
    }
    const opts = this.options!;
    this.plainEncoder ??= await openEncoder(opts.encoder, { maxLength: opts.maxLength, seed: opts.seed });
    return embedTexts(this.plainEncoder, list, { maxLength: opts.maxLength, ...o });
  }

  /** Layers, output shapes and parameter counts (Keras-style text table); see modelSummary() for the rows. */
  summary(o: { expandEncoder?: boolean } = {}): string {
    const { run } = this.model('summary');
    return formatSummary(
      `TextClassifier: ${run.config.head.kind} head, ${run.config.mode}, ${run.config.task.kind} (${run.config.task.labels.join(', ')})`,
      this.summaryRows(o),
    );
  }

  /** The summary as data: rows { layer, kind, outputShape, params, status } and the totals. */
  summaryRows(o: { expandEncoder?: boolean } = {}): ModelSummary {
    return modelSummary(classifierSubject(this.model('summary').clf), o);
  }

  /** Writes the run folder (config.json, labels.json, model.safetensors, encoder/ when fine-tuned, metrics.json,
   *  log.jsonl, train.json) to `dir` atomically; `bertcnn eval/predict/serve dir` and TextClassifier.load(dir) use it. */
  async save(dir: string, o: { overwrite?: boolean } = {}): Promise<void> {
    this.model('save');
    await copyRunFolder(this.runDir!, dir, o.overwrite === true);
  }

  /** Releases the model (ONNX Runtime sessions) and removes a private working folder; save() first to keep it. */
  async close(): Promise<void> {
    const held = this.held;
    this.held = null;
    await held?.served.release();
    await this.plainEncoder?.release();
    this.plainEncoder = null;
    if (this.temporary && this.runDir) await rm(this.runDir, { recursive: true, force: true });
  }
}
