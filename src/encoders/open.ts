// Opens a model reference for any encoder loader: resolve (local folder or Hub id, via src/io/hub.ts) → open
// the Hugging Face folder (config.json + safetensors, pickles refused, via src/io/checkpoint.ts) → WordPiece
// tokenizer → sentence-transformers defaults when the folder has them:
//   1_Pooling/config.json      pooling_mode_mean_tokens / pooling_mode_cls_token → default pooling 'mean' / 'cls'
//   sentence_bert_config.json  max_seq_length → default truncation length
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.ts';
import { type Checkpoint, openCheckpoint } from '../io/checkpoint.ts';
import { type ResolveOptions, resolveModel } from '../io/hub.ts';
import { loadWordPieceTokenizer } from '../tokenize/load-tokenizer.ts';
import type { WordPieceTokenizer } from '../tokenize/wordpiece.ts';
import type { Pooling } from './encoder.ts';
import type { QuantizeOptions } from './quantize.ts';

export interface LoadEncoderOptions {
  /** Hub download options (cache dir, offline, revision, progress, …). */
  hub?: ResolveOptions;
  /** Intra-op threads of the inference sessions. Default: all cores (BERTCNN_THREADS). */
  threads?: number;
  /** Default truncation length (≤ max_position_embeddings). */
  maxLength?: number;
  defaultPooling?: Pooling;
  /** Accept a checkpoint that lacks encoder weights (they stay randomly initialised, and are reported). */
  allowMissing?: boolean;
  /** Load weights holding NaN / ±Inf (default: refused with the tensor and file named). */
  allowNonFinite?: boolean;
  /** Receives load reports (missing/unexpected keys). Default console.warn. */
  onWarning?: (message: string) => void;
  /** Seed for weights the checkpoint does not provide. */
  seed?: number;
  quantize?: QuantizeOptions;
}

export interface OpenedModel {
  ref: string;
  dir: string;
  ckpt: Checkpoint;
  tokenizer: WordPieceTokenizer;
  /** Defaults found in sentence-transformers files. */
  sentenceTransformers: { pooling?: Pooling; maxLength?: number };
}

function readJson(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch (e) {
    throw new DataError(path, `not valid JSON: ${(e as Error).message}`);
  }
  throw new DataError(path, 'expected a JSON object');
}

/** sentence-transformers pooling and max_seq_length, when present. */
export function sentenceTransformersDefaults(dir: string): OpenedModel['sentenceTransformers'] {
  const out: OpenedModel['sentenceTransformers'] = {};
  const pool = readJson(join(dir, '1_Pooling', 'config.json'));
  if (pool?.pooling_mode_mean_tokens === true) out.pooling = 'mean';
  else if (pool?.pooling_mode_cls_token === true) out.pooling = 'cls';
  const st = readJson(join(dir, 'sentence_bert_config.json'));
  if (typeof st?.max_seq_length === 'number' && Number.isInteger(st.max_seq_length) && st.max_seq_length > 1) {
    out.maxLength = st.max_seq_length;
  }
  return out;
}

/** Resolves and opens `ref`; the caller closes `ckpt` once the weights are read. */
export async function openModel(ref: string, opts: LoadEncoderOptions = {}): Promise<OpenedModel> {
  const resolved = await resolveModel(ref, opts.hub);
  const ckpt = await openCheckpoint(resolved.dir);
  try {
    const tokenizer = loadWordPieceTokenizer(resolved.dir);
    return {
      ref,
      dir: resolved.dir,
      ckpt,
      tokenizer,
      sentenceTransformers: sentenceTransformersDefaults(resolved.dir),
    };
  } catch (e) {
    await ckpt.close();
    throw e;
  }
}
