// Facts about a finished run folder that the CLI prints and `compare` tabulates: how many parameters the run
// trained (read from the safetensors headers only, no tensor data) and how long its epochs took (log.jsonl).
//   trained parameters = every tensor of model.safetensors (the head; CNN-alone's includes its embedding table)
//                        + encoder/model.safetensors when the encoder was fine-tuned
// (A fine-tune run with frozen lower layers, or a CNN-alone head with a frozen embedding, is counted in full.)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SafetensorsFile } from '../io/safetensors.ts';
import type { RunConfig } from './run-config.ts';
import { readLog } from './run-dir.ts';

async function tensorElements(path: string): Promise<number> {
  const f = await SafetensorsFile.open(path);
  try {
    let n = 0;
    for (const name of f.names) n += f.info(name).shape.reduce((a, b) => a * b, 1);
    return n;
  } finally {
    await f.close();
  }
}

export async function trainedParameters(runDir: string, config: Pick<RunConfig, 'encoderSaved'>): Promise<number> {
  let n = await tensorElements(join(runDir, 'model.safetensors'));
  const enc = join(runDir, 'encoder', 'model.safetensors');
  if (config.encoderSaved && existsSync(enc)) n += await tensorElements(enc);
  return n;
}

/** Seconds spent in training epochs (dev evaluation included), summed over log.jsonl's epoch entries. */
export async function epochSeconds(runDir: string): Promise<number> {
  const byEpoch = new Map<number, number>();
  for (const e of await readLog(runDir)) if (e.type === 'epoch') byEpoch.set(e.epoch as number, e.seconds as number);
  return [...byEpoch.values()].reduce((a, b) => a + b, 0);
}
