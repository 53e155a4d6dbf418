// Assembles a tagger from a tagging RunConfig: loads the encoder, sizes and builds the tagger head, and wires
// the tagging pipeline for the run's mode (the counterpart of classifier.ts). Used by the NER training job (fresh
// head, or resumed) and by eval/predict (weights from the run folder), so they always build the same model.
// Mode 'words' has no encoder: an Embedding over the run's word vocabulary (vocab.json) feeds the tagger; its
// initial table comes from the job (`init`), or from model.safetensors when a run folder is loaded.
import { join } from 'node:path';
import { Rng } from '../../engine/rng.ts';
import type { Param } from '../../engine/param.ts';
import type { Encoder } from '../../encoders/encoder.ts';
import { openEncoder } from '../../encoders/load.ts';
import { makeTagger, type TaggerHead } from '../../heads/taggers/index.ts';
import type { TaggingTask } from './types.ts';
import { CachedFeatureSource } from '../../features/cached-source.ts';
import { layerSelection, type AssembleOptions } from '../classification/classifier.ts';
import { MemoryFeatureSource, type SourceOptions } from '../../features/source.ts';
import { loadWeights } from '../../train/run-dir.ts';
import { finetuneTaggingPipeline, frozenTaggingPipeline, type TaggingPipeline } from './pipeline.ts';
import type { TaggingRunConfig } from './run-config.ts';
import { Embedding } from '../../nn/embedding.ts';
import { DataError, UsageError } from '../../errors.ts';
import { wordsTaggingPipeline } from './word-pipeline.ts';
import { loadTaggerVocab, type TaggerVocab } from './word-vocab.ts';

export interface Tagger {
  config: TaggingRunConfig;
  task: TaggingTask;
  /** null in mode 'words' (no encoder). */
  encoder: Encoder | null;
  head: TaggerHead;
  /** Mode 'words': the word table and its vocabulary. */
  words?: { embedding: Embedding; vocab: TaggerVocab };
  pipeline: TaggingPipeline;
  /** Encoder parameters (trainable only in fine-tune mode). */
  encoderParams: Set<Param>;
  /** Parameters stored in model.safetensors (the head; a fine-tuned encoder lives in <run>/encoder/). */
  savedParams(): Param[];
  release(): Promise<void>;
}

/** Frozen mode: the token features a tagging run's head reads (the same for training, eval and predict). */
export function taggingFeatureOptions(cfg: TaggingRunConfig): SourceOptions {
  return {
    layers: layerSelection(cfg),
    precision: cfg.encoder.precision,
    maxLength: cfg.encoder.maxLength,
    outputs: 'tokens',
  };
}

export interface WordsInit {
  vocab: TaggerVocab;
  /** [V, D] row-major. */
  table: Float32Array;
}

/** Mode 'words': Embedding (frozen with embeddings.freeze) → tagger; `init` for a fresh run, else the run folder's. */
async function assembleWordTagger(
  cfg: TaggingRunConfig,
  opts: AssembleOptions,
  init: WordsInit | undefined,
): Promise<Tagger> {
  const task: TaggingTask = { ...cfg.task, labels: [...cfg.task.labels] };
  const e = cfg.embeddings;
  if (!e) throw new DataError('config.json', "mode 'words' needs the embeddings record");
  if (!init && !opts.runDir) throw new Error('assembleTagger: mode words needs an initial table or a run folder');
  const vocab = init?.vocab ?? (await loadTaggerVocab(opts.runDir!, e.vocabSize));
  if (vocab.words.length !== e.vocabSize)
    throw new Error(`assembleTagger: ${vocab.words.length} words, embeddings.vocabSize ${e.vocabSize}`);
  const rng = new Rng(cfg.train.seed);
  const embedding = new Embedding('embedding', e.vocabSize, e.dim, rng, {
    trainable: !e.freeze,
    init: init?.table ?? new Float32Array(e.vocabSize * e.dim),
  });
  const options = { ...cfg.head.options, inputDim: e.dim, numTags: task.labels.length };
  const head = makeTagger(cfg.head.kind, options, rng);
  const pipeline = wordsTaggingPipeline(vocab, embedding, head, cfg.encoder.maxLength);
  const savedParams = () => [...embedding.parameters(), ...head.parameters()];
  if (opts.runDir) await loadWeights(opts.runDir, savedParams());
  return {
    config: cfg,
    task,
    encoder: null,
    head,
    words: { embedding, vocab },
    pipeline,
    encoderParams: new Set(),
    savedParams,
    release: async () => {},
  };
}

export async function assembleTagger(
  cfg: TaggingRunConfig,
  opts: AssembleOptions = {},
  init?: WordsInit,
): Promise<Tagger> {
  if (cfg.mode === 'words') return assembleWordTagger(cfg, opts, init);
  const task: TaggingTask = { ...cfg.task, labels: [...cfg.task.labels] };
  const encoderRef = cfg.encoderSaved && opts.runDir ? join(opts.runDir, 'encoder') : cfg.encoder.ref;
  const encoder = await openEncoder(encoderRef, {
    maxLength: cfg.encoder.maxLength,
    onWarning: opts.onWarning,
    seed: cfg.train.seed,
  });
  const layers = layerSelection(cfg);
  const options = { ...cfg.head.options, inputDim: encoder.featureDim(layers), numTags: task.labels.length };
  const head = makeTagger(cfg.head.kind, options, new Rng(cfg.train.seed));
  const encoderParams = new Set(encoder.module.parameters());
  let pipeline: TaggingPipeline;
  if (cfg.mode === 'finetune') {
    pipeline = finetuneTaggingPipeline(encoder, head, { maxLength: cfg.encoder.maxLength, layers });
  } else {
    encoder.module.setTrainable(false);
    const features = taggingFeatureOptions(cfg);
    const source = opts.cacheDir
      ? new CachedFeatureSource(opts.cacheDir, encoder, features)
      : new MemoryFeatureSource(encoder, features);
    pipeline = frozenTaggingPipeline(encoder, source, head, cfg.encoder.maxLength);
  }
  const savedParams = () => head.parameters();
  if (opts.runDir) await loadWeights(opts.runDir, savedParams());
  return { config: cfg, task, encoder, head, pipeline, encoderParams, savedParams, release: () => encoder.release() };
}

/** The tagger's encoder, or a UsageError naming `what` for a tagger over word ids (mode 'words', no encoder). */
export function taggerEncoder(t: Pick<Tagger, 'encoder'>, what: string): Encoder {
  if (!t.encoder)
    throw new UsageError(`${what} is not available for a tagger over word ids (mode 'words', no encoder)`);
  return t.encoder;
}
