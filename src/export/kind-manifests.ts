// The manifest (bertcnn-export.json) types of the NER and kim2014 exports (written by export-tagger.ts and
// export-kim.ts; the classification one is manifest.ts). Types only, so the browser runtime can share them.
import type { CleanMode } from '../tasks/kim/clean-str.ts';
import type { TaggingRunConfig } from '../tasks/ner/run-config.ts';
import type { TagScheme } from '../tasks/ner/scheme.ts';
import type { ExportCheck } from './check.ts';
import type { TensorInfo } from './manifest.ts';
import type { TokenizerKind } from './tokenizer-files.ts';

export interface TaggerExportManifest {
  format: 'bertcnn-export';
  version: 1;
  kind: 'ner';
  model: string;
  precision: 'fp32' | 'int8';
  task: 'ner';
  /** The BIO tag set; emission column l scores labels[l]. */
  labels: string[];
  /** Scheme of the run's training data: predicted BIO tags are converted to it for output. */
  scheme: TagScheme;
  decoding: 'argmax' | 'crf';
  /** CRF scores (decoding 'crf'): start [L], end [L], transitions [L·L] row-major (from, to). */
  crf?: { start: number[]; end: number[]; transitions: number[] };
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** Sub-tokens per sentence, special tokens included (tokenizer kind 'words': words per sentence). */
  maxLength: number;
  /** 'words': a tagger over word ids — vocab.json {"words": [...]} in row order, and the "words" record below. */
  tokenizer: { kind: TokenizerKind | 'words'; files: string[] };
  /** Tokenizer kind 'words' (tasks/ner/word-rows.ts): ids by exact match, unknown words → unknownId, pad padId. */
  words?: { padId: number; unknownId: number; caseSensitive: true };
  /** quantizedTables (tokenizer kind 'words'): the word table / conv kernels stored int8. */
  int8: { quantizedMatMuls: number; reduceRange: boolean; encoder: boolean; quantizedTables?: number } | null;
  model_info: {
    mode: TaggingRunConfig['mode'];
    /** null for a tagger over word ids. */
    encoder: string | null;
    layers: TaggingRunConfig['encoder']['layers'];
    combine: TaggingRunConfig['encoder']['combine'];
    encoderPrecision: TaggingRunConfig['encoder']['precision'];
    head: string;
    headOptions: Record<string, unknown>;
  };
  usage: string;
  check: ExportCheck;
  source: { run: string; created: string; bertcnnVersion: string };
}

export interface KimExportManifest {
  format: 'bertcnn-export';
  version: 1;
  kind: 'kim2014';
  model: string;
  precision: 'fp32' | 'int8';
  task: 'multiclass';
  labels: string[];
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** 'words': vocab.json {"words": [...]}; 'wordpiece': BERT tokenizer files (pieces, no special tokens). */
  tokenizer: { kind: 'words' | 'wordpiece'; files: string[] };
  kim: { variant: string; level: 'word' | 'wordpiece'; clean_str: CleanMode; left: number; right: number };
  /** `export --int8`: weight MatMuls made DynamicQuantizeMatMul, word tables / conv kernels stored int8. */
  int8?: { quantizedMatMuls: number; quantizedTables: number; reduceRange: boolean } | null;
  usage: string;
  check: ExportCheck;
  source: { run: string; created: string; bertcnnVersion: string };
}
