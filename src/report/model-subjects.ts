// What a model summary (model-summary.ts) reads from a model assembled from a run folder: the classifier's or the
// tagger's encoder, head and inference graph builder. Fine-tuned runs trained with freezeLayers get those encoder
// layers frozen again first (the setting is recorded in train.json only), so the summary says which parameters
// trained. Used by `bertcnn summary RUN` and by the library's TextClassifier / TokenTagger summary().
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Encoder } from '../encoders/encoder.ts';
import { headInput } from '../heads/index.ts';
import { layerSelection, type Classifier } from '../tasks/classification/classifier.ts';
import { taggerEncoder, type Tagger } from '../tasks/ner/tagger.ts';
import type { SummarySubject } from './model-summary.ts';

/** Fine-tuned runs trained with freezeLayers (recorded in train.json, as `bertcnn train` writes it) get those
 *  encoder layers frozen again on load, so a summary says which parameters trained. */
export async function refreezeEncoder(dir: string, mode: string, encoder: Encoder): Promise<void> {
  const path = join(dir, 'train.json');
  if (mode !== 'finetune' || !existsSync(path)) return;
  let settings: { freezeLayers?: unknown };
  try {
    settings = JSON.parse(await readFile(path, 'utf8')) as { freezeLayers?: unknown };
  } catch {
    return; // train.json is informative only; eval/predict do not need it
  }
  if (typeof settings.freezeLayers === 'number') encoder.freeze({ embeddings: true, layers: settings.freezeLayers });
}

/** What the summary needs from an assembled classifier. */
export function classifierSubject(clf: Classifier): SummarySubject {
  const cfg = clf.config;
  const layers = layerSelection(cfg);
  const input = headInput(cfg.head.kind);
  const encoderOutput =
    input === 'pooled'
      ? ['B', clf.encoder.pooledDim(cfg.encoder.pooling, layers)]
      : ['B', 'T', clf.encoder.featureDim(layers)];
  return {
    encoder: clf.encoder,
    mode: cfg.mode,
    head: clf.head,
    encoderOutput,
    layers,
    pooling: cfg.encoder.pooling,
    inputSpecs: clf.pipeline.inputSpecs,
    build: (ctx, x) => clf.pipeline.build(ctx, x),
  };
}

/** What the summary needs from an assembled tagger (a static T of 16 for heads unrolled over time). */
export function taggerSubject(t: Tagger): SummarySubject {
  const layers = { layers: t.config.encoder.layers, combine: t.config.encoder.combine };
  const encoder = taggerEncoder(t, 'a model summary');
  if (t.config.mode === 'words') throw new Error('unreachable: mode words has no encoder');
  return {
    encoder,
    mode: t.config.mode,
    head: t.head,
    encoderOutput: ['B', 'T', encoder.featureDim(layers)],
    layers,
    inputSpecs: t.pipeline.inputSpecs(t.head.staticLength ? 16 : 'T'),
    build: (ctx, x) => t.pipeline.build(ctx, x),
  };
}
