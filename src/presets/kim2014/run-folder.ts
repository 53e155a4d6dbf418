// A Kim (2014) run folder, written and read back:
//   kim.json           KimRunConfig (src/tasks/kim/kim-run-config.ts) — written last: it marks a finished run
//   vocab.json         {"level": "word", "words": [...]} row order (row 0 = <pad>), or {"level": "wordpiece", …}
//   tokenizer/         WordPiece level only: the BERT tokenizer files the ids refer to
//   labels.json        the label map (data/labels.ts)
//   model.safetensors  every weight at the best dev epoch: each channel's [V, D] table (frozen ones included)
//                      as `embedding[.i].weight`, the CNN (`cnn.*`) and char CNN (`char_cnn.*`)
//   metrics.json       best epoch, dev and test scores (the format of ordinary runs)
//   log.jsonl          one {"type": "epoch", …} line per epoch
// loadKimRun rebuilds the model with whole-table (identity) channels, so any text can be fed, and the pipeline
// of training: same clean_str, same vocabulary (unknown words dropped, as Kim's get_idx_from_sent), same layout.
import { cp, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../errors.ts';
import { Rng } from '../../engine/rng.ts';
import { saveLabelMap, loadLabelMap, type LabelMap } from '../../data/labels.ts';
import { readWordList } from '../../data/word-list.ts';
import { writeBytesAtomic } from '../../io/atomic.ts';
import { TOKENIZER_FILES } from '../../io/checkpoint.ts';
import { writeSafetensors } from '../../io/safetensors.ts';
import { loadWordPieceTokenizer } from '../../tokenize/load-tokenizer.ts';
import type { Evaluation } from '../../tasks/classification/evaluate.ts';
import type { Pipeline } from '../../train/pipeline.ts';
import { loadWeights, writeJson } from '../../train/run-dir.ts';
import type { ClassificationTask } from '../../tasks/classification/task.ts';
import { CharVocab } from '../../tasks/kim/char-cnn.ts';
import { words } from '../../tasks/kim/clean-str.ts';
import { cleaner, KIM_CONFIG, readKimRunConfig, type KimRunConfig } from '../../tasks/kim/kim-run-config.ts';
import { KimCnn } from '../../tasks/kim/model.ts';
import { kimLayout, PAD_TOKEN, type WordVocab } from '../../tasks/kim/vocab.ts';
import { extendVocab, type VocabExtension } from './extend-vocab.ts';
import type { KimFit } from './fit.ts';
import { kimPipeline, pieceEncoder, wordEncoder } from './pipeline.ts';
import { RUN_FORMAT_VERSION } from '../../train/run-config.ts';

const scores = (e: Evaluation) => ({
  ...e.scores.summary,
  per_class: e.scores.perClass,
  confusion: e.scores.confusion,
});

/** Writes a finished fit into `dir` (config.json last: it marks a finished run). `tokenizerDir`: the BERT folder, at
 *  WordPiece level; `metricsExtra`: more fields of metrics.json (a distilled student's teacher_agreement). */
export async function saveKimRun(
  dir: string,
  fit: KimFit,
  config: KimRunConfig,
  labels: LabelMap,
  tokenizerDir?: string,
  metricsExtra: Record<string, unknown> = {},
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await saveLabelMap(join(dir, 'labels.json'), labels);
  if (fit.vocab)
    await writeJson(join(dir, 'vocab.json'), { level: 'word', size: fit.vocab.words.length, words: fit.vocab.words });
  else {
    await writeJson(join(dir, 'vocab.json'), {
      level: 'wordpiece',
      note: 'rows are the WordPiece ids of tokenizer/ (the BERT vocabulary)',
      size: config.vocab_size,
    });
    if (!tokenizerDir) throw new Error('saveKimRun: a WordPiece-level run needs its tokenizer folder');
    await mkdir(join(dir, 'tokenizer'), { recursive: true });
    for (const f of TOKENIZER_FILES)
      if (existsSync(join(tokenizerDir, f)))
        await cp(join(tokenizerDir, f), join(dir, 'tokenizer', f), { dereference: true });
  }
  const tensors = Object.fromEntries(
    [...fit.weights].map(([name, t]) => [name, { dtype: 'F32' as const, shape: t.shape, data: t.data }]),
  );
  await writeSafetensors(join(dir, 'model.safetensors'), tensors, { format: 'bertcnn' });
  const metrics: Record<string, unknown> = { best_epoch: fit.result.best_epoch, stopped_early: false };
  if (fit.dev) metrics.dev = scores(fit.dev);
  if (fit.test) metrics.test = scores(fit.test);
  Object.assign(metrics, metricsExtra);
  await writeJson(join(dir, 'metrics.json'), metrics);
  await writeBytesAtomic(
    join(dir, 'log.jsonl'),
    fit.history.map((e) => `${JSON.stringify({ type: 'epoch', ...e })}\n`).join(''),
  );
  // Always the current format, whatever header the caller's config carries.
  await writeJson(join(dir, KIM_CONFIG), {
    ...config,
    format: 'bertcnn-run',
    version: RUN_FORMAT_VERSION,
    kind: 'kim2014',
  });
}

export interface LoadedKimRun {
  config: KimRunConfig;
  labels: LabelMap;
  task: ClassificationTask;
  model: KimCnn;
  pipeline: Pipeline;
  /** The run's clean_str. */
  clean: (text: string) => string;
  /** Word tokens of cleaned texts the vocabulary lacks (dropped); 0 at WordPiece level. */
  dropped: (cleaned: readonly string[]) => number;
  /** `extendFor` given: the words that got a row from the run's vectors (extend-vocab.ts). */
  extension: VocabExtension | null;
}

async function readVocab(dir: string, size: number): Promise<WordVocab> {
  const path = join(dir, 'vocab.json');
  const ws = await readWordList(path);
  if (ws.length !== size || ws[0] !== PAD_TOKEN)
    throw new DataError(path, `expected ${size} words starting with ${PAD_TOKEN}, got ${ws.length}`);
  return { words: ws, ids: new Map(ws.map((w, i) => [w, i])), trainCounts: new Map() };
}

export interface LoadKimOptions {
  /** `--extend-vocab`: raw texts whose words outside the vocabulary get their vector's row (extend-vocab.ts). */
  extendFor?: readonly string[];
}

export async function loadKimRun(dir: string, o: LoadKimOptions = {}): Promise<LoadedKimRun> {
  const config = await readKimRunConfig(dir);
  const labels = await loadLabelMap(join(dir, 'labels.json'));
  if (labels.labels.length !== config.num_classes)
    throw new DataError(
      join(dir, 'labels.json'),
      `${labels.labels.length} labels, the run config says ${config.num_classes} classes`,
    );
  const runVocab = config.level === 'word' ? await readVocab(dir, config.vocab_size) : null;
  // extendVocab refuses a run it cannot apply to (WordPiece level, no vectors, char CNN) before using the vocabulary
  const extension = o.extendFor
    ? await extendVocab(config, dir, runVocab?.words ?? [], o.extendFor.map(cleaner(config.clean_str)))
    : null;
  const chars =
    config.char_cnn && runVocab ? new CharVocab(runVocab.words.slice(1), config.char_cnn.length) : undefined;
  if (chars && config.char_cnn && chars.size !== config.char_cnn.num_chars)
    throw new DataError(
      join(dir, 'vocab.json'),
      `the words give ${chars.size} characters, the run config says ${config.char_cnn.num_chars}`,
    );
  const V = config.vocab_size;
  const options = (vocabSize: number, tables: Float32Array[]) => ({
    vocabSize,
    dim: config.dim,
    numClasses: config.num_classes,
    channels: config.channels.map((c, i) => ({ init: tables[i]!, trainable: c.trainable })),
    combine: config.combine,
    kernelSizes: config.kernel_sizes,
    filters: config.filters,
    dropout: config.dropout,
    charCnn: chars ? { numChars: chars.size } : undefined,
  });
  let model = new KimCnn(
    '',
    options(
      V,
      config.channels.map(() => new Float32Array(V * config.dim)),
    ),
    new Rng(0),
  );
  await loadWeights(dir, model.parameters());
  let vocab = runVocab;
  if (extension && runVocab && extension.words.length > 0) {
    // The same model with the new words' rows appended to every channel's [V, D] table.
    const V2 = V + extension.words.length;
    const tables = model.channels.map((c) => {
      const t = new Float32Array(V2 * config.dim);
      t.set(c.table); // [V, D]: loaded in place (identity tables: the weight Param's data)
      t.set(extension.rows, V * config.dim);
      return t;
    });
    const wider = new KimCnn('', options(V2, tables), new Rng(0));
    const trained = new Map(model.parameters().map((p) => [p.name, p]));
    const tableNames = new Set(wider.channels.flatMap((c) => c.parameters().map((p) => p.name)));
    for (const p of wider.parameters()) if (!tableNames.has(p.name)) p.data.set(trained.get(p.name)!.data);
    model = wider;
    const words = [...runVocab.words, ...extension.words];
    vocab = { words, ids: new Map(words.map((w, i) => [w, i])), trainCounts: new Map() };
  }
  const encode = vocab ? wordEncoder(vocab) : pieceEncoder(loadWordPieceTokenizer(join(dir, 'tokenizer')));
  const pipeline = kimPipeline(model, encode, kimLayout(config.kernel_sizes), chars);
  const dropped = (cleaned: readonly string[]) => {
    if (!vocab) return 0;
    let n = 0;
    for (const t of cleaned) for (const w of words(t)) if (!vocab.ids.has(w)) n++;
    return n;
  };
  return {
    config,
    labels,
    task: { kind: 'multiclass', labels: labels.labels },
    model,
    pipeline,
    clean: cleaner(config.clean_str),
    dropped,
    extension,
  };
}
