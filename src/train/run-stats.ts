// Facts about a finished run folder that the CLI prints and `compare` tabulates: how many parameters the run
// trained and how many it kept frozen (read from the safetensors headers only, no tensor data), and how long its
// epochs took (log.jsonl).
//   trained = every tensor of model.safetensors (the head; CNN-alone's includes its embedding table)
//             + the tensors of encoder/model.safetensors (fine-tuned encoder) above --freeze-layers
//   frozen  = the fine-tuned encoder's embeddings and lowest --freeze-layers layers (train.json's freezeLayers,
//             the rule of the encoders' freezeLower: depth 0 = embeddings, depth i = layer i)
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { depthOf } from '../encoders/backbone.ts';
import { SafetensorsFile } from '../io/safetensors.ts';
import type { RunConfig } from './run-config.ts';
import { readLog } from './run-dir.ts';

/** Elements of a safetensors file's tensors, split by `frozen(name)`. */
async function tensorElements(path: string, frozen: (name: string) => boolean = () => false) {
  const f = await SafetensorsFile.open(path);
  try {
    const n = { trainable: 0, frozen: 0 };
    for (const name of f.names)
      n[frozen(name) ? 'frozen' : 'trainable'] += f.info(name).shape.reduce((a, b) => a * b, 1);
    return n;
  } finally {
    await f.close();
  }
}

/** --freeze-layers of a fine-tuned run, as `bertcnn train` recorded it in train.json (absent: none). */
async function freezeLayersOf(runDir: string): Promise<number | undefined> {
  try {
    const s = JSON.parse(await readFile(join(runDir, 'train.json'), 'utf8')) as { freezeLayers?: unknown };
    return typeof s.freezeLayers === 'number' ? s.freezeLayers : undefined;
  } catch {
    return undefined; // no train.json (library runs): nothing was frozen by flag
  }
}

export interface ParameterCounts {
  /** Parameters the optimizer updated. */
  trainable: number;
  /** Saved parameters it left alone (frozen encoder layers); a frozen-mode encoder is not in the run folder. */
  frozen: number;
}

export async function parameterCounts(
  runDir: string,
  config: Pick<RunConfig, 'encoderSaved'>,
): Promise<ParameterCounts> {
  const head = await tensorElements(join(runDir, 'model.safetensors'));
  const enc = join(runDir, 'encoder', 'model.safetensors');
  if (!config.encoderSaved || !existsSync(enc)) return head;
  const n = await freezeLayersOf(runDir);
  const frozen = n === undefined ? () => false : (name: string) => depthOf(name, Infinity) <= n;
  const e = await tensorElements(enc, frozen);
  return { trainable: head.trainable + e.trainable, frozen: head.frozen + e.frozen };
}

/** Parameters the run trained (frozen encoder layers excluded). */
export async function trainedParameters(runDir: string, config: Pick<RunConfig, 'encoderSaved'>): Promise<number> {
  return (await parameterCounts(runDir, config)).trainable;
}

/** Seconds spent in training epochs (dev evaluation included), summed over log.jsonl's epoch entries. */
export async function epochSeconds(runDir: string): Promise<number> {
  const byEpoch = new Map<number, number>();
  for (const e of await readLog(runDir)) if (e.type === 'epoch') byEpoch.set(e.epoch as number, e.seconds as number);
  return [...byEpoch.values()].reduce((a, b) => a + b, 0);
}
