// Opens a model folder in Hugging Face layout:
//   config.json                       (required; parsed, must be a JSON object)
//   model.safetensors                 (weights) — or model.safetensors.index.json + the shards it names
//   tokenizer.json / vocab.txt / tokenizer_config.json / special_tokens_map.json   (optional, reported as paths)
// Pickled PyTorch weights (pytorch_model.bin, *.pt, *.pth, *.ckpt) and TF/Flax weights (tf_model.h5,
// flax_model.msgpack) are never read — unpickling runs arbitrary code; we say how to convert them instead.
// Weight data is read lazily through the returned WeightSource (see safetensors.ts).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '../errors.ts';
import { SafetensorsFile, type WeightSource } from './safetensors.ts';
import { ShardedWeights } from './sharded.ts';

export const WEIGHTS_FILE = 'model.safetensors';
export const WEIGHTS_INDEX_FILE = 'model.safetensors.index.json';
export const TOKENIZER_FILES = [
  'tokenizer.json',
  'vocab.txt',
  'tokenizer_config.json',
  'special_tokens_map.json',
] as const;
/** Weight formats we refuse to read (Trainer state files such as training_args.bin / optimizer.pt are not weights). */
const FOREIGN_WEIGHTS = /(\.bin|\.bin\.index\.json|\.pt|\.pth|\.ckpt|\.h5|\.msgpack)$/;
const TRAINER_STATE = /^(training_args\.bin|optimizer\.pt|scheduler\.pt|scaler\.pt|rng_state.*\.pth)$/;
const FOREIGN_PRIORITY = ['pytorch_model.bin', 'pytorch_model.bin.index.json', 'tf_model.h5', 'flax_model.msgpack'];

/** The weights file (if any) among `files` that we refuse to read, preferring the standard HF names. */
export function findForeignWeights(files: readonly string[]): string | undefined {
  const foreign = files.filter((f) => FOREIGN_WEIGHTS.test(f) && !TRAINER_STATE.test(f)).sort();
  return FOREIGN_PRIORITY.find((f) => foreign.includes(f)) ?? foreign[0];
}

export interface Checkpoint {
  dir: string;
  config: Record<string, unknown>;
  weights: WeightSource;
  /** Weight files read, relative to dir (the single file, or the index then its shards). */
  weightFiles: string[];
  /** Absolute paths of the tokenizer files present (keyed by file name). */
  tokenizerFiles: Partial<Record<(typeof TOKENIZER_FILES)[number], string>>;
  close(): Promise<void>;
}

/** Reads and parses `<dir>/config.json`. */
export async function readConfig(dir: string): Promise<Record<string, unknown>> {
  const path = join(dir, 'config.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new DataError(
        path,
        `missing: a Hugging Face model folder needs config.json (model_type, hidden_size, num_hidden_layers, …)`,
      );
    }
    throw new DataError(path, `cannot read: ${code ?? (e as Error).message}`);
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (e) {
    throw new DataError(path, `not valid JSON: ${(e as Error).message}`);
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new DataError(path, 'expected a JSON object of model hyper-parameters');
  }
  return config as Record<string, unknown>;
}

/** The message shown instead of loading pickled / TF / Flax weights. */
export function conversionAdvice(dir: string, file: string): string {
  const sharded = file.endsWith('.index.json');
  const src = sharded ? join(dir, 'pytorch_model*.bin') : join(dir, file);
  const out = join(dir, WEIGHTS_FILE);
  const tf = file.endsWith('.h5') || file.endsWith('.msgpack');
  const fromPython = tf
    ? `  python3 -c "from transformers import AutoModel; AutoModel.from_pretrained('${dir}', ${file.endsWith('.h5') ? 'from_tf' : 'from_flax'}=True).save_pretrained('${dir}', safe_serialization=True)"`
    : `  python3 -c "import glob, torch; from safetensors.torch import save_file; sd = {}; [sd.update(torch.load(f, map_location='cpu', weights_only=True)) for f in sorted(glob.glob('${src}'))]; save_file({k: v.clone().contiguous() for k, v in sd.items()}, '${out}', metadata={'format': 'pt'})"`;
  return (
    `${file} is a ${tf ? 'TensorFlow/Flax' : 'pickled PyTorch'} checkpoint; bertcnn only reads safetensors ` +
    `(${tf ? 'no TF/Flax reader is bundled' : 'unpickling can run arbitrary code'}). Convert it once:\n${fromPython}\n` +
    `  (or, for a model on the Hub, open a conversion PR with the "safetensors/convert" Space: https://huggingface.co/spaces/safetensors/convert)\n` +
    `then point bertcnn at the folder again; it will find ${WEIGHTS_FILE}.`
  );
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Opens the weights of `dir`: model.safetensors, else the sharded index; refuses foreign formats. */
export async function openWeights(dir: string): Promise<{ weights: WeightSource; files: string[] }> {
  if (await isFile(join(dir, WEIGHTS_FILE))) {
    return { weights: await SafetensorsFile.open(join(dir, WEIGHTS_FILE)), files: [WEIGHTS_FILE] };
  }
  if (await isFile(join(dir, WEIGHTS_INDEX_FILE))) {
    const sharded = await ShardedWeights.open(join(dir, WEIGHTS_INDEX_FILE));
    return { weights: sharded, files: [WEIGHTS_INDEX_FILE, ...sharded.shardFiles] };
  }
  const entries = await readdir(dir);
  const foreign = findForeignWeights(entries);
  if (foreign) throw new DataError(join(dir, foreign), conversionAdvice(dir, foreign));
  const other = entries.filter((f) => f.endsWith('.safetensors'));
  throw new DataError(
    join(dir, WEIGHTS_FILE),
    `missing: expected the weights in ${WEIGHTS_FILE} or a sharded ${WEIGHTS_INDEX_FILE}` +
      (other.length > 0 ? ` (found ${other.join(', ')}, which is not a model weights file name)` : ''),
  );
}

/** Opens a Hugging Face model folder; call `close()` when done reading weights. */
export async function openCheckpoint(dir: string): Promise<Checkpoint> {
  const s = await stat(dir).catch(() => undefined);
  if (!s) throw new DataError(dir, 'model folder not found');
  if (!s.isDirectory()) {
    throw new DataError(
      dir,
      'expected a model folder (config.json + model.safetensors), got a file; pass the folder that contains it',
    );
  }
  const config = await readConfig(dir);
  const { weights, files } = await openWeights(dir);
  const tokenizerFiles: Checkpoint['tokenizerFiles'] = {};
  for (const f of TOKENIZER_FILES) if (await isFile(join(dir, f))) tokenizerFiles[f] = join(dir, f);
  return { dir, config, weights, weightFiles: files, tokenizerFiles, close: () => weights.close() };
}
