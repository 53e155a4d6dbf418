// Assembles a classifier from a RunConfig: loads the encoder, sizes and builds the head, and wires the pipeline
// for the run's mode. Used by `train` (fresh head, or resumed) and by `eval`/`predict`/`serve` (weights from
// the run folder), so the three always build the same model. Frozen runs with `encoder.windowStride` window long
// texts (features.ts) in every one of those commands.
import { join } from 'node:path';
import { UsageError } from '../../errors.ts';
import { Rng } from '../../engine/rng.ts';
import type { Param } from '../../engine/param.ts';
import type { Encoder, LayerSelection } from '../../encoders/encoder.ts';
import { openEncoder } from '../../encoders/load.ts';
import { locateEncoderRef } from '../../encoders/run-ref.ts';
import { buildHead, headInput, type Head } from '../../heads/index.ts';
import { outputSize, type ClassificationTask } from './task.ts';
import { MemoryFeatureSource, type FeatureSource, type SourceOptions } from '../../features/source.ts';
import { CachedFeatureSource } from '../../features/cached-source.ts';
import { finetunePipeline, frozenPipeline, idsPipeline, type Pipeline } from '../../train/pipeline.ts';
import { windowStrideProblem, type RunConfig } from '../../train/run-config.ts';
import { loadWeights } from '../../train/run-dir.ts';

export interface Classifier {
  config: RunConfig;
  task: ClassificationTask;
  encoder: Encoder;
  head: Head;
  pipeline: Pipeline;
  /** Encoder parameters (trainable only in fine-tune mode). */
  encoderParams: Set<Param>;
  /** Frozen mode: where features come from (prepare() before training or predicting). */
  source: FeatureSource | null;
  /** Parameters stored in model.safetensors. */
  savedParams(): Param[];
  release(): Promise<void>;
}

export interface AssembleOptions {
  /** Load trained weights from this run folder. */
  runDir?: string;
  /** Frozen mode: the persistent feature cache folder (default: features kept in memory for this process). */
  cacheDir?: string;
  onWarning?: (message: string) => void;
  /** cnn-alone (mode 'ids'): the initial embedding table of a fresh run (cnn-alone-init.ts). */
  pretrained?: Float32Array;
}

export function layerSelection(cfg: Pick<RunConfig, 'encoder'>): LayerSelection {
  return { layers: cfg.encoder.layers, combine: cfg.encoder.combine };
}

/** Frozen mode: the features a run's head reads (the same for training, eval, predict and serve). */
export function frozenFeatureOptions(cfg: Pick<RunConfig, 'encoder' | 'head'>): SourceOptions {
  const e = cfg.encoder;
  return {
    layers: layerSelection(cfg),
    pooling: e.pooling,
    precision: e.precision,
    maxLength: e.maxLength,
    outputs: headInput(cfg.head.kind) === 'pooled' ? 'pooled' : 'tokens',
    ...(e.windowStride === undefined ? {} : { windowStride: e.windowStride }),
  };
}

/** windowStride needs frozen encoder features and a stride that advances (UsageError naming the setting). */
export function checkWindowStride(cfg: Pick<RunConfig, 'encoder' | 'head' | 'mode'>): void {
  const stride = cfg.encoder.windowStride;
  if (stride === undefined) return;
  if (cfg.mode === 'ids')
    throw new UsageError(
      `windowStride: head ${cfg.head.kind} reads token ids, not encoder features; windowing applies to frozen encoder features`,
    );
  if (cfg.mode !== 'frozen')
    throw new UsageError(
      `windowStride applies to mode 'frozen' only (windowed fine-tuning is not built), got mode '${cfg.mode}'`,
    );
  const bad = windowStrideProblem(stride, cfg.encoder.maxLength);
  if (bad) throw new UsageError(`windowStride ${bad}`);
}

export async function assembleClassifier(cfg: RunConfig, opts: AssembleOptions = {}): Promise<Classifier> {
  checkWindowStride(cfg);
  const task: ClassificationTask = { ...cfg.task };
  const encoderRef =
    cfg.encoderSaved && opts.runDir
      ? join(opts.runDir, 'encoder')
      : opts.runDir
        ? locateEncoderRef(cfg.encoder.ref, opts.runDir) // runs that stored a relative path (encoders/run-ref.ts)
        : cfg.encoder.ref;
  const encoder = await openEncoder(encoderRef, {
    maxLength: cfg.encoder.maxLength,
    onWarning: opts.onWarning,
    seed: cfg.train.seed,
  });
  const input = headInput(cfg.head.kind);
  const layers = layerSelection(cfg);
  const sizes =
    input === 'ids'
      ? { vocabSize: encoder.vocabSize, ...(opts.pretrained ? { pretrained: opts.pretrained } : {}) }
      : { inputDim: input === 'pooled' ? encoder.pooledDim(cfg.encoder.pooling, layers) : encoder.featureDim(layers) };
  const head = buildHead(cfg.head, { ...sizes, numClasses: outputSize(task) }, new Rng(cfg.train.seed));
  const encoderParams = new Set(encoder.module.parameters());
  let source: FeatureSource | null = null;
  let pipeline: Pipeline;
  if (cfg.mode === 'finetune') {
    pipeline = finetunePipeline(encoder, head, input, {
      maxLength: cfg.encoder.maxLength,
      layers,
      pooling: cfg.encoder.pooling,
    });
  } else if (cfg.mode === 'ids') {
    encoder.module.setTrainable(false);
    pipeline = idsPipeline(encoder, head, { maxLength: cfg.encoder.maxLength });
  } else {
    encoder.module.setTrainable(false);
    const features = frozenFeatureOptions(cfg);
    source = opts.cacheDir
      ? new CachedFeatureSource(opts.cacheDir, encoder, features)
      : new MemoryFeatureSource(encoder, features);
    pipeline = frozenPipeline(source, head, input);
  }
  // model.safetensors holds the head; a fine-tuned encoder lives in <run>/encoder/ (Hugging Face layout).
  const savedParams = () => head.parameters();
  if (opts.runDir) await loadWeights(opts.runDir, savedParams());
  return {
    config: cfg,
    task,
    encoder,
    head,
    pipeline,
    encoderParams,
    source,
    savedParams,
    release: () => encoder.release(),
  };
}
