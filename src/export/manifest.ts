// bertcnn-export.json: the sidecar that makes an export folder usable on its own — what to feed model.onnx and
// how to read its outputs. Written last, so a folder with a sidecar is a complete, checked export. "kind" says
// which kind of run was exported: "classification" (this file's manifest, below), "ner" (export-tagger.ts:
// emissions + tags + CRF scores) or "kim2014" (export-kim.ts: clean_str + word vocabulary + padded layout).
// Manifests written before "kind" existed are classification exports (readers default to it).
//   {
//     "format": "bertcnn-export", "version": 1, "kind": "classification", "model": "model.onnx", "precision": "fp32" | "int8",
//     "task": "binary" | "multiclass" | "multilabel", "labels": [...], "thresholds"?: [...],
//     "inputs":  [{ "name": "input_ids", "dtype": "int64", "shape": ["batch", "sequence"] }, …],
//     "outputs": [{ "name": "logits", … }, { "name": "probabilities", "dtype": "float32", "shape": ["batch", C] }],
//     "maxLength": 128,                        truncation length, special tokens included
//     "tokenizer": { "kind": "wordpiece" | "use-lite", "files": ["vocab.txt", …] },
//     "int8": { "quantizedMatMuls": n, "reduceRange": bool, "encoder": bool } | null,
//     "model_info": { mode, encoder, head, … }, "check": { samples, maxAbsDiff, … }, "source": { run, created }
//   }
import type { InputSpec } from '../engine/session.ts';
import { defaultReduceRange } from '../encoders/quantize.ts';
import { BERTCNN_VERSION } from '../tasks/classification/job.ts';
import type { RunConfig } from '../train/run-config.ts';
import type { ExportCheck } from './check.ts';
import type { ClassifierGraph } from './classifier-graph.ts';
import type { TokenizerKind } from './tokenizer-files.ts';

export const MODEL_FILE = 'model.onnx';
export const MANIFEST_FILE = 'bertcnn-export.json';

export interface TensorInfo {
  name: string;
  dtype: string;
  shape: (string | number)[];
}

export interface ExportManifest {
  format: 'bertcnn-export';
  version: 1;
  /** Absent in manifests written before NER / kim2014 exports existed: classification. */
  kind?: 'classification';
  model: string;
  precision: 'fp32' | 'int8';
  task: RunConfig['task']['kind'];
  labels: string[];
  thresholds?: number[];
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  maxLength: number;
  tokenizer: { kind: TokenizerKind; files: string[] };
  int8: { quantizedMatMuls: number; reduceRange: boolean; encoder: boolean } | null;
  model_info: {
    mode: RunConfig['mode'];
    encoder: string | null;
    layers: RunConfig['encoder']['layers'];
    combine: RunConfig['encoder']['combine'];
    pooling: string | null;
    encoderPrecision: RunConfig['encoder']['precision'];
    head: string;
    headOptions: Record<string, unknown>;
  };
  usage: string;
  check: ExportCheck;
  source: { run: string; created: string; bertcnnVersion: string };
}

const info = (s: InputSpec): TensorInfo => ({ name: s.name, dtype: s.dtype, shape: [...s.shape] });

export function exportManifest(a: {
  runDir: string;
  config: RunConfig;
  graph: ClassifierGraph;
  int8: boolean;
  reduceRange?: boolean;
  tokenizer: { kind: TokenizerKind; files: string[] };
  check: ExportCheck;
}): ExportManifest {
  const { config: cfg, graph } = a;
  const ids = cfg.mode === 'ids';
  return {
    format: 'bertcnn-export',
    version: 1,
    kind: 'classification',
    model: MODEL_FILE,
    precision: a.int8 ? 'int8' : 'fp32',
    task: cfg.task.kind,
    labels: [...cfg.task.labels],
    ...(cfg.task.thresholds ? { thresholds: [...cfg.task.thresholds] } : {}),
    inputs: graph.inputs.map(info),
    outputs: graph.outputs.map(info),
    maxLength: cfg.encoder.maxLength,
    tokenizer: a.tokenizer,
    int8:
      a.int8 || graph.encoderInt8
        ? {
            quantizedMatMuls: graph.quantizedMatMuls,
            reduceRange: a.reduceRange ?? defaultReduceRange(),
            encoder: graph.encoderInt8,
          }
        : null,
    model_info: {
      mode: cfg.mode,
      encoder: ids ? null : cfg.encoder.ref,
      layers: cfg.encoder.layers,
      combine: cfg.encoder.combine,
      pooling: ids ? null : (cfg.encoder.pooling ?? null),
      encoderPrecision: cfg.encoder.precision,
      head: cfg.head.kind,
      headOptions: cfg.head.options,
    },
    usage:
      `Tokenize with the ${a.tokenizer.kind} tokenizer files here (truncate to maxLength tokens, special tokens included), ` +
      'pad every row to the longest (any id, attention_mask 0), feed the inputs as int64 [batch, sequence], and read ' +
      '"probabilities" [batch, labels] (binary: [1 - p, p]; the decision threshold is 0.5 unless "thresholds" says otherwise).',
    check: a.check,
    source: { run: a.runDir, created: new Date().toISOString(), bertcnnVersion: BERTCNN_VERSION },
  };
}
