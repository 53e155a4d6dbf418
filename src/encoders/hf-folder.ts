// Writes a model folder in Hugging Face layout (for generated test / benchmark checkpoints and exports):
//   config.json, vocab.txt, tokenizer_config.json, model.safetensors (+ any extra JSON files, e.g.
//   sentence-transformers' 1_Pooling/config.json). Every file is written atomically.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Param } from '../engine/param.ts';
import { writeBytesAtomic } from '../io/atomic.ts';
import { type SafeTensor, writeSafetensors } from '../io/safetensors.ts';
import { writeVocabTxt } from '../tokenize/bert-vocab.ts';

export interface HfFolder {
  config: Record<string, unknown>;
  vocab: readonly string[];
  tokenizerConfig: Record<string, unknown>;
  tensors: Record<string, SafeTensor>;
  /** Relative path → JSON value. */
  extraJson?: Record<string, unknown>;
}

/** Parameters as F32 safetensors entries under `prefix` (e.g. 'bert.'), skipping names `skip` rejects. */
export function paramTensors(
  params: Param[],
  prefix = '',
  keep: (name: string) => boolean = () => true,
): Record<string, SafeTensor> {
  const out: Record<string, SafeTensor> = {};
  for (const p of params) if (keep(p.name)) out[prefix + p.name] = { dtype: 'F32', shape: [...p.shape], data: p.data };
  return out;
}

export async function writeHfFolder(dir: string, f: HfFolder): Promise<void> {
  await mkdir(dir, { recursive: true });
  const json = async (rel: string, v: unknown) => {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeBytesAtomic(join(dir, rel), `${JSON.stringify(v, null, 2)}\n`);
  };
  await json('config.json', f.config);
  await json('tokenizer_config.json', f.tokenizerConfig);
  for (const [rel, v] of Object.entries(f.extraJson ?? {})) await json(rel, v);
  await writeVocabTxt(dir, f.vocab);
  await writeSafetensors(join(dir, 'model.safetensors'), f.tensors, { format: 'pt' });
}

/** A small WordPiece vocabulary (ids 0..4 = [PAD] [UNK] [CLS] [SEP] [MASK]) for tiny generated models. */
export const TINY_VOCAB: readonly string[] = (() => {
  const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
  const words = (
    'the a an of and to in is it was for on that with as this not very like love hate movie film good bad great ' +
    'story plot acting fun boring best worst you he she we they play work time make see new old one two three ok really but'
  ).split(' ');
  const pieces = '##s ##ed ##ing ##ly ##er ##est ##ful ##able ##ness'.split(' ');
  const digits = '0123456789'.split('');
  const all = [
    '[PAD]',
    '[UNK]',
    '[CLS]',
    '[SEP]',
    '[MASK]',
    ...'.,!?\'"-:;()'.split(''),
    ...digits,
    ...letters,
    ...letters.map((c) => `##${c}`),
    ...words,
    ...pieces,
  ];
  return Object.freeze([...new Set(all)]);
})();
