// Run folders for the export tests without training: a generated tiny BERT (real bert-base-uncased vocab) and a
// run folder (config.json, labels.json, model.safetensors) whose head keeps its seeded random initialisation —
// an export must reproduce whatever weights the run holds, trained or not. Removed at process exit.
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBertCheckpoint } from '../../src/encoders/bert/generate.ts';
import { saveLabelMap } from '../../src/data/labels.ts';
import { assembleClassifier } from '../../src/tasks/classification/classifier.ts';
import { parseRunConfig, type RunConfig } from '../../src/train/run-config.ts';
import { writeRunStatus } from '../../src/train/run-status.ts';
import { saveWeights, writeJson } from '../../src/train/run-dir.ts';

export function tempRoot(name: string): string {
  const root = mkdtempSync(join(tmpdir(), `bertcnn-export-${name}-`));
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  return root;
}

/** A tiny random BERT (2 layers, hidden 32) in Hugging Face layout. */
export async function tinyBert(root: string): Promise<string> {
  const dir = join(root, 'tiny-bert');
  await generateBertCheckpoint(dir, {
    vocab: 'bert-base-uncased',
    layers: 2,
    hidden: 32,
    heads: 2,
    ffn: 64,
    seed: 3,
    std: 0.1,
  });
  return dir;
}

export interface RunSpec {
  encoder: string;
  mode: RunConfig['mode'];
  head: string;
  headOptions?: Record<string, unknown>;
  kind: RunConfig['task']['kind'];
  labels: string[];
  precision?: 'fp32' | 'int8';
  pooling?: 'cls' | 'pooler' | 'mean';
  layers?: 'last' | number[];
}

/** Writes a run folder for `spec` and returns its path. */
export async function writeRun(dir: string, spec: RunSpec): Promise<string> {
  const config = parseRunConfig(
    {
      format: 'bertcnn-run',
      version: 1,
      task: { kind: spec.kind, labels: spec.labels },
      mode: spec.mode,
      encoder: {
        ref: spec.encoder,
        maxLength: 64,
        precision: spec.precision ?? 'fp32',
        pooling: spec.pooling,
        layers: spec.layers ?? 'last',
      },
      head: { kind: spec.head, options: spec.headOptions ?? {} },
      train: { seed: 5, evalBatchSize: 3 },
      created: new Date().toISOString(),
      bertcnnVersion: '0.1.0',
    },
    'test run',
  );
  await mkdir(dir, { recursive: true });
  await writeJson(join(dir, 'config.json'), config);
  await writeRunStatus(dir, 'complete'); // a finished run, as a training job leaves it
  await saveLabelMap(join(dir, 'labels.json'), { labels: spec.labels, multiLabel: spec.kind === 'multilabel' });
  const clf = await assembleClassifier(config);
  try {
    await saveWeights(dir, clf.savedParams());
  } finally {
    await clf.release();
  }
  return dir;
}
