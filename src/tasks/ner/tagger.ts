// Assembles a tagger from a tagging RunConfig: loads the encoder, sizes and builds the tagger head, and wires
// the tagging pipeline for the run's mode (the counterpart of classifier.ts). Used by the NER training job (fresh
// head, or resumed) and by eval/predict (weights from the run folder), so they always build the same model.
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

export interface Tagger {
  config: TaggingRunConfig;
  task: TaggingTask;
  encoder: Encoder;
  head: TaggerHead;
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

export async function assembleTagger(cfg: TaggingRunConfig, opts: AssembleOptions = {}): Promise<Tagger> {
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
