// Assembles a classifier from a RunConfig: loads the encoder, sizes and builds the head, and wires the pipeline
// for the run's mode. Used by `train` (fresh head, or resumed) and by `eval`/`predict`/`serve` (weights from
// the run folder), so the three always build the same model.
import { join } from 'node:path';
import { Rng } from '../engine/rng.ts';
import type { Param } from '../engine/param.ts';
import type { Encoder, LayerSelection } from '../encoders/encoder.ts';
import { openEncoder } from '../encoders/load.ts';
import { headInput, makeHead, type Head, type HeadKind } from '../heads/index.ts';
import { outputSize, type ClassificationTask } from '../tasks/classification.ts';
import { MemoryFeatureSource, type FeatureSource } from './features.ts';
import { CachedFeatureSource } from './cached-features.ts';
import { finetunePipeline, frozenPipeline, idsPipeline, type Pipeline } from './pipeline.ts';
import type { RunConfig } from './run-config.ts';
import { loadWeights } from './run-dir.ts';

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
}

export function layerSelection(cfg: Pick<RunConfig, 'encoder'>): LayerSelection {
  return { layers: cfg.encoder.layers, combine: cfg.encoder.combine };
}

export async function assembleClassifier(cfg: RunConfig, opts: AssembleOptions = {}): Promise<Classifier> {
  const task: ClassificationTask = { ...cfg.task };
  const encoderRef = cfg.encoderSaved && opts.runDir ? join(opts.runDir, 'encoder') : cfg.encoder.ref;
  const encoder = await openEncoder(encoderRef, { maxLength: cfg.encoder.maxLength, onWarning: opts.onWarning, seed: cfg.train.seed });
  const kind = cfg.head.kind as HeadKind;
  const input = headInput(kind);
  const layers = layerSelection(cfg);
  const sizes =
    input === 'ids'
      ? { vocabSize: encoder.vocabSize }
      : { inputDim: input === 'pooled' ? encoder.pooledDim(cfg.encoder.pooling, layers) : encoder.featureDim(layers) };
  const head = makeHead(kind, { ...cfg.head.options, ...sizes, numClasses: outputSize(task) } as never, new Rng(cfg.train.seed));
  const encoderParams = new Set(encoder.module.parameters());
  let source: FeatureSource | null = null;
  let pipeline: Pipeline;
  if (cfg.mode === 'finetune') {
    pipeline = finetunePipeline(encoder, head, input, { maxLength: cfg.encoder.maxLength, layers, pooling: cfg.encoder.pooling });
  } else if (cfg.mode === 'ids') {
    encoder.module.setTrainable(false);
    pipeline = idsPipeline(encoder, head, { maxLength: cfg.encoder.maxLength });
  } else {
    encoder.module.setTrainable(false);
    const outputs = input === 'pooled' ? 'pooled' : 'tokens';
    const features = { layers, pooling: cfg.encoder.pooling, precision: cfg.encoder.precision, maxLength: cfg.encoder.maxLength, outputs } as const;
    source = opts.cacheDir ? new CachedFeatureSource(opts.cacheDir, encoder, features) : new MemoryFeatureSource(encoder, features);
    pipeline = frozenPipeline(source, head, input);
  }
  // model.safetensors holds the head; a fine-tuned encoder lives in <run>/encoder/ (Hugging Face layout).
  const savedParams = () => head.parameters();
  if (opts.runDir) await loadWeights(opts.runDir, savedParams());
  return { config: cfg, task, encoder, head, pipeline, encoderParams, source, savedParams, release: () => encoder.release() };
}
