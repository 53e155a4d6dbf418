// TokenTagger: the library's high-level NER tagger — encoder token features feeding a tagger head (tagger-cnn by
// default; tagger-linear, tagger-bilstm; headOptions { crf: true } for a CRF layer), trained by the same job as
// `bertcnn train --task ner` into the same run folder. fit() takes { tokens, tags } sentences or a CoNLL path;
// predict() takes raw text and returns entity spans with character offsets ({ type, start, end, text }:
// text.slice(start, end) === span text), predictWords() takes sentences already split into words.
import { rm } from 'node:fs/promises';
import { UsageError } from '../errors.ts';
import { extractEntities } from '../metrics/entities.ts';
import { fromBio } from '../tasks/ner/scheme.ts';
import { scoresJson } from '../tasks/ner/scores.ts';
import { splitWords, type WordSpan } from '../tokenize/words.ts';
import { MemoryFeatureSource } from '../features/source.ts';
import { assembleTagger, taggingFeatureOptions, type Tagger } from '../tasks/ner/tagger.ts';
import { readTaggedSplit } from '../tasks/ner/data.ts';
import { evaluateTagging, predictTags } from '../tasks/ner/evaluate.ts';
import { runTaggingJob } from '../tasks/ner/job.ts';
import { frozenTaggingPipeline, type TaggingPipeline } from '../tasks/ner/pipeline.ts';
import { readTaggingRunConfig } from '../tasks/ner/run-config.ts';
import { runKind } from '../runs/kind.ts';
import { checkRecordTags, taggingInput, textList, type TaggingData } from './data.ts';
import { dataPaths, fitJobBase, inRunFolder, jobEvents, type FitOptionsBase, type FitResult } from './fit.ts';
import { parseTaggerOptionsForApi, type ResolvedTaggerOptions, type TaggerOptions } from './options.ts';
import { copyRunFolder } from './run-folder.ts';
import { formatSummary, modelSummary, type ModelSummary } from '../report/model-summary.ts';
import { refreezeEncoder, taggerSubject } from '../report/model-subjects.ts';

/** An entity in a text: its type and character offsets [start, end). */
export interface Entity {
  type: string;
  start: number;
  end: number;
  text: string;
}

/** One tagged text: its words (with offsets), their tags (in the scheme of the training data) and the entities. */
export interface TaggedText {
  words: WordSpan[];
  tags: string[];
  entities: Entity[];
}

/** One tagged word list: tags and entities as word spans [start, end) (as `bertcnn predict` prints for NER runs). */
export interface TaggedWords {
  tags: string[];
  entities: { type: string; start: number; end: number; text: string }[];
}

/** TokenTagger.fit() options: dev/test sentences (records or CoNLL paths), epochs, callbacks. */
export interface TaggerFitOptions extends FitOptionsBase {
  dev?: TaggingData;
  test?: TaggingData;
}

/**
 * A NER tagger: encoder token features + a tagger head, trained by the `bertcnn train --task ner` job.
 * @example
 * const ner = new TokenTagger({ encoder: 'use-lite', headOptions: { crf: true } });
 * await ner.fit('train.conll', { dev: 'dev.conll' });
 * const [r] = await ner.predict('Mr Smith lives in Paris.'); // r.entities: [{ type: 'PER', start: 3, end: 8, text: 'Smith' }, …]
 */
export class TokenTagger {
  private readonly options: ResolvedTaggerOptions | null;
  private tagger: Tagger | null = null;
  private runDir: string | null = null;
  private temporary = false;

  /** A new, untrained tagger; options are checked now (UsageError naming the option). */
  constructor(options: TaggerOptions = {}) {
    this.options = parseTaggerOptionsForApi(options);
  }

  /** A trained tagger from a NER run folder (`bertcnn train --task ner`, fit({ out }) or save()). */
  static async load(runDir: string, o: { onWarning?(message: string): void } = {}): Promise<TokenTagger> {
    const t = Object.create(TokenTagger.prototype) as TokenTagger;
    Object.assign(t, { options: null, tagger: null, runDir: null, temporary: false });
    await t.open(runDir, o.onWarning);
    return t;
  }

  private async open(dir: string, onWarning?: (m: string) => void): Promise<void> {
    const kind = runKind(dir);
    if (kind !== 'ner')
      throw new UsageError(
        `${dir} is a ${kind === 'kim2014' ? 'kim2014' : 'text classification'} run; load it with ${kind === 'kim2014' ? 'loadRun(dir)' : 'TextClassifier.load()'}`,
      );
    const config = await readTaggingRunConfig(dir);
    this.tagger = await assembleTagger(config, { runDir: dir, onWarning });
    if (this.tagger.encoder) await refreezeEncoder(dir, config.mode, this.tagger.encoder);
    this.runDir = dir;
  }

  private model(what: string): Tagger {
    if (!this.tagger)
      throw new UsageError(`${what}: the tagger is not trained yet; call fit() or TokenTagger.load(runDir) first`);
    return this.tagger;
  }

  /** The tag set in BIO (e.g. O, B-LOC, I-LOC, B-PER, I-PER), after fit or load. */
  get labels(): string[] {
    return [...this.model('labels').task.labels];
  }

  /** Trains on tagged sentences (records or a CoNLL path), as `bertcnn train --task ner`; keeps the best epoch. */
  async fit(train: TaggingData, fit: TaggerFitOptions = {}): Promise<FitResult> {
    const o = this.options;
    if (!o) throw new UsageError('fit: this tagger was loaded from a trained run; train a new TokenTagger');
    if (this.tagger)
      throw new UsageError('fit: this tagger is already trained; create a new TokenTagger to train again');
    checkRecordTags(train, { dev: fit.dev, test: fit.test }, fit.unknownLabel);
    const epochs = fit.epochs ?? o.epochs ?? 5;
    const settings = {
      ...o,
      task: 'ner',
      ...dataPaths({ train, dev: fit.dev, test: fit.test, devSplit: fit.devSplit }),
      epochs,
    };
    const { dir, temporary, result } = await inRunFolder(fit.out, settings, (out) =>
      runTaggingJob(
        {
          ...fitJobBase(o, { train, dev: fit.dev, test: fit.test }, fit, out, epochs, taggingInput),
          mode: o.mode,
          head: { kind: o.head, options: { ...o.headOptions } },
        },
        jobEvents(fit.callbacks ?? {}, epochs, o.batchSize ?? 32),
        { cacheDir: o.cache },
      ),
    );
    this.temporary = temporary;
    await this.open(dir, fit.callbacks?.onWarning);
    const r = result.result;
    return {
      history: r.history,
      bestEpoch: r.bestEpoch,
      stoppedEarly: r.stoppedEarly,
      metrics: result.metrics,
      runDir: dir,
    };
  }

  /** A pipeline for one call: frozen runs get a fresh feature store, so a long-lived tagger does not grow. */
  private pipelineFor(t: Tagger): TaggingPipeline {
    if (t.config.mode !== 'frozen' || !t.encoder) return t.pipeline;
    const source = new MemoryFeatureSource(t.encoder, taggingFeatureOptions(t.config));
    return frozenTaggingPipeline(t.encoder, source, t.head, t.config.encoder.maxLength);
  }

  /** Tags sentences given as word lists; entity spans are word indices [start, end). */
  async predictWords(sentences: readonly (readonly string[])[]): Promise<TaggedWords[]> {
    const t = this.model('predictWords');
    const keep = sentences.map((s, i) => {
      if (!Array.isArray(s) || !s.every((w) => typeof w === 'string'))
        throw new UsageError(`predictWords: sentences[${i}] is not an array of words`);
      return s.length > 0;
    });
    const todo = sentences.filter((_, i) => keep[i]);
    let tags: string[][] = [];
    if (todo.length) {
      const pipeline = this.pipelineFor(t);
      await pipeline.prepare(todo);
      tags = (await predictTags(pipeline, t.task, todo, t.config.train.evalBatchSize)).tags;
    }
    let k = 0;
    return sentences.map((words, i) => {
      if (!keep[i]) return { tags: [], entities: [] };
      const bio = tags[k++]!;
      const entities = extractEntities(bio).map((e) => ({ ...e, text: words.slice(e.start, e.end).join(' ') }));
      return { tags: fromBio(bio, t.task.scheme), entities };
    });
  }

  /** Tags raw texts: words split off punctuation (splitWords), entities with character offsets into the text. */
  async predict(texts: string | readonly string[]): Promise<TaggedText[]> {
    this.model('predict');
    const list = textList(texts, 'predict');
    const words = list.map((text) => splitWords(text));
    const tagged = await this.predictWords(words.map((ws) => ws.map((w) => w.text)));
    return tagged.map((r, i) => {
      const ws = words[i]!;
      const entities = r.entities.map((e) => {
        const start = ws[e.start]!.start;
        const end = ws[e.end - 1]!.end;
        return { type: e.type, start, end, text: list[i]!.slice(start, end) };
      });
      return { words: ws, tags: r.tags, entities };
    });
  }

  /** Entity-level precision/recall/F1 (overall and per type) and token accuracy on tagged data, as metrics.json. */
  async evaluate(data: TaggingData, o: { unknownLabel?: 'error' | 'skip' } = {}): Promise<Record<string, unknown>> {
    const t = this.model('evaluate');
    const { split } = await readTaggedSplit(taggingInput(data, 'data'), t.task.labels, {
      unknownLabel: o.unknownLabel,
    });
    if (split.words.length === 0) throw new UsageError('evaluate: no sentences to score');
    const pipeline = this.pipelineFor(t);
    await pipeline.prepare(split.words);
    const e = await evaluateTagging(pipeline, t.task, split, t.config.train.evalBatchSize);
    return scoresJson(e.scores, { sentences: e.tags.length, cut_words: e.cutWords });
  }

  /** Layers, output shapes and parameter counts (Keras-style text table). */
  summary(o: { expandEncoder?: boolean } = {}): string {
    const t = this.model('summary');
    return formatSummary(
      `TokenTagger: ${t.config.head.kind} head, ${t.config.mode} (${t.task.labels.join(', ')})`,
      this.summaryRows(o),
    );
  }

  /** The summary as data: rows { layer, kind, outputShape, params, status } and the totals. */
  summaryRows(o: { expandEncoder?: boolean } = {}): ModelSummary {
    return modelSummary(taggerSubject(this.model('summary')), o);
  }

  /** Writes the run folder to `dir` atomically (`bertcnn eval/predict dir` and TokenTagger.load(dir) use it). */
  async save(dir: string, o: { overwrite?: boolean } = {}): Promise<void> {
    this.model('save');
    await copyRunFolder(this.runDir!, dir, o.overwrite === true);
  }

  /** Releases the model and removes a private working folder; save() first to keep it. */
  async close(): Promise<void> {
    const t = this.tagger;
    this.tagger = null;
    await t?.release();
    if (this.temporary && this.runDir) await rm(this.runDir, { recursive: true, force: true });
  }
}
