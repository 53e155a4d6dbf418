// Every case table of the bad-input matrix, and the input kinds in the order docs/robustness.md shows them.
import type { RobustCase } from '../types.ts';
import { CONLL_CASES } from './conll.ts';
import { CSV_CASES } from './csv.ts';
import { DEV_CASES } from './dev.ts';
import { OUTPUT_CASES } from './output.ts';
import { PREDICT_INPUT_CASES } from './predict-input.ts';
import { FLAG_CASES } from './flags.ts';
import { HTTP_CASES } from './http.ts';
import { JSONL_CASES } from './jsonl.ts';
import { MODEL_CONFIG_CASES } from './model-config.ts';
import { QUEUE_CASES } from './queue.ts';
import { RUN_FOLDER_CASES } from './run-folder.ts';
import { SAFETENSORS_CASES } from './safetensors.ts';
import { VECTORS_CASES } from './vectors.ts';
import { VOCAB_CASES } from './vocab.ts';
import { WEIGHTS_FORMAT_CASES } from './weights-format.ts';
import { TSV_CASES } from './tsv.ts';

export const KINDS: Record<string, string> = {
  tsv: 'Training data: TSV',
  csv: 'Training data: CSV',
  jsonl: 'Training data: JSONL',
  conll: 'Training data: CoNLL (--task ner)',
  dev: 'Evaluation data: --dev, --test, --dev-split, --folds, eval --input',
  'predict-input': 'Texts to predict: predict --input',
  'model-config': 'Model folders: config.json',
  safetensors: 'Model folders: model.safetensors',
  'weights-format': 'Model folders: pickles, TF weights, sharded indexes',
  vocab: 'Model folders: vocab.txt, tokenizer.json, tokenizer_config.json',
  vectors: 'Static word vectors: --preset kim2014 --vectors',
  'run-folder': 'Run folders: predict, eval, report, export, serve, summary, upgrade, train --resume',
  flags: 'Command-line flags and --config files',
  http: 'HTTP requests to bertcnn serve',
  queue: 'Queue jobs for a predict or embed worker',
  output: 'Outputs: closed pipes, unwritable --out paths',
};

export const CASES: RobustCase[] = [
  ...TSV_CASES,
  ...CSV_CASES,
  ...JSONL_CASES,
  ...CONLL_CASES,
  ...DEV_CASES,
  ...PREDICT_INPUT_CASES,
  ...MODEL_CONFIG_CASES,
  ...SAFETENSORS_CASES,
  ...WEIGHTS_FORMAT_CASES,
  ...VOCAB_CASES,
  ...VECTORS_CASES,
  ...RUN_FOLDER_CASES,
  ...FLAG_CASES,
  ...HTTP_CASES,
  ...QUEUE_CASES,
  ...OUTPUT_CASES,
];
