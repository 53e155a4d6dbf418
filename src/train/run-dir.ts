// The run/model folder — the unit users move around:
//   config.json        RunConfig (validated)            labels.json   the label map
//   model.safetensors  head parameters (+ the encoder's when fine-tuned), names as in the modules
//   encoder/           fine-tuned runs: the encoder in Hugging Face layout (config, tokenizer files, weights)
//   metrics.json       final scores (best epoch on dev; test when given)
//   log.jsonl          one JSON object per epoch (and per logged step)
//   checkpoint/        resumable state: params.safetensors, optimizer.safetensors, state.json
// Every file is written atomically; the checkpoint folder is replaced as a whole.
import { cp, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.ts';
import type { Param } from '../engine/param.ts';
import type { OptimizerState } from '../engine/optim/index.ts';
import { namedWriteError, writeBytesAtomic } from '../io/atomic.ts';
import { readSafetensors, writeSafetensors, type SafeTensor } from '../io/safetensors.ts';
import { TOKENIZER_FILES } from '../io/checkpoint.ts';
import { parseRunConfig, type RunConfig } from './run-config.ts';
import type { ResumeState } from './loop.ts';

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

function tensors(params: readonly Param[]): Record<string, SafeTensor> {
  const out: Record<string, SafeTensor> = {};
  for (const p of params) out[p.name] = { dtype: 'F32', shape: [...p.shape], data: p.data };
  return out;
}

export async function writeJson(path: string, v: unknown): Promise<void> {
  await writeBytesAtomic(path, json(v));
}

export async function readRunConfig(dir: string): Promise<RunConfig> {
  const path = join(dir, 'config.json');
  if (!existsSync(path)) throw new DataError(dir, 'not a bertcnn run folder (no config.json)');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new DataError(path, `not valid JSON: ${(e as Error).message}`);
  }
  return parseRunConfig(raw, path);
}

/** Writes model.safetensors from the given parameters (head, plus encoder when fine-tuned). */
export async function saveWeights(dir: string, params: readonly Param[], file = 'model.safetensors'): Promise<void> {
  await writeSafetensors(join(dir, file), tensors(params), { format: 'bertcnn' });
}

/** Loads weights by name into params; every param must be present with its shape. */
export async function loadWeights(dir: string, params: readonly Param[], file = 'model.safetensors'): Promise<void> {
  const path = join(dir, file);
  if (!existsSync(path)) throw new DataError(path, 'missing weights file');
  const { tensors: found } = await readSafetensors(path);
  for (const p of params) {
    const t = found[p.name];
    if (!t) throw new DataError(path, `missing tensor '${p.name}'`);
    if (t.shape.join(',') !== p.shape.join(',')) {
      throw new DataError(path, `tensor '${p.name}' has shape [${t.shape}], the model expects [${p.shape}]`);
    }
    p.data.set(t.data as Float32Array);
  }
}

/** A fine-tuned run's encoder: the folder it was loaded from (config and tokenizer files to copy) and its weights. */
export interface FineTunedEncoder {
  sourceDir: string;
  params: readonly Param[];
}

/** A new best epoch's model: the head's (saved) params into model.safetensors and, when fine-tuned, the encoder
 *  into <run>/encoder/ in Hugging Face layout. */
export async function saveBestWeights(
  dir: string,
  saved: readonly Param[],
  encoder: FineTunedEncoder | null,
): Promise<void> {
  await saveWeights(dir, saved);
  if (encoder) await saveEncoderFolder(dir, encoder.sourceDir, encoder.params);
}

/** The best epoch's model, as saveBestWeights wrote it, back into the model that went on training — the encoder
 *  too: without it, a run whose best epoch was not its last would be scored with the best head on the last encoder. */
export async function loadBestWeights(
  dir: string,
  saved: readonly Param[],
  encoder: FineTunedEncoder | null,
): Promise<void> {
  await loadWeights(dir, saved);
  if (encoder) await loadWeights(join(dir, 'encoder'), encoder.params);
}

/** Copies the encoder's config and tokenizer files and writes its (fine-tuned) weights in HF layout. */
export async function saveEncoderFolder(runDir: string, sourceDir: string, params: readonly Param[]): Promise<void> {
  const dir = join(runDir, 'encoder');
  await mkdir(dir, { recursive: true });
  for (const f of ['config.json', ...TOKENIZER_FILES, 'sentence_bert_config.json', '1_Pooling/config.json']) {
    if (existsSync(join(sourceDir, f))) await cp(join(sourceDir, f), join(dir, f), { dereference: true });
  }
  await saveWeights(dir, params);
}

/** Appends one line to log.jsonl. Synchronous on purpose: step entries are logged from the trainer's step hook,
 * and concurrent async appends could land out of order (or fail with no one awaiting them). */
export function appendLog(dir: string, entry: object): void {
  const path = join(dir, 'log.jsonl');
  try {
    appendFileSync(path, `${JSON.stringify(entry)}\n`);
  } catch (e) {
    throw namedWriteError(path, e);
  }
}

export async function readLog(dir: string): Promise<Record<string, unknown>[]> {
  const path = join(dir, 'log.jsonl');
  if (!existsSync(path)) return [];
  return (await readFile(path, 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new DataError(`${path}:${i + 1}`, 'not valid JSON');
      }
    });
}

/** Replaces checkpoint/ as a whole: written to checkpoint.tmp/, then swapped in. */
export async function saveCheckpoint(dir: string, params: readonly Param[], state: ResumeState): Promise<void> {
  const tmp = join(dir, 'checkpoint.tmp');
  await rm(tmp, { recursive: true, force: true });
  try {
    await mkdir(tmp, { recursive: true });
    await saveWeights(tmp, params, 'params.safetensors');
    const buffers: Record<string, SafeTensor> = {};
    for (const [k, v] of Object.entries(state.optimizer.buffers))
      buffers[k] = { dtype: 'F32', shape: [v.length], data: v };
    await writeSafetensors(join(tmp, 'optimizer.safetensors'), buffers);
    const { optimizer, ...rest } = state;
    await writeJson(join(tmp, 'state.json'), { ...rest, optimizerStep: optimizer.step });
  } catch (e) {
    // A half-written checkpoint is worth nothing, and on a full disk its bytes are what the failed run's status
    // needs: remove it; the previous checkpoint/ (if any) stays, so --resume still works.
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  const final = join(dir, 'checkpoint');
  const old = join(dir, 'checkpoint.old');
  await rm(old, { recursive: true, force: true });
  if (existsSync(final)) await rename(final, old);
  await rename(tmp, final);
  await rm(old, { recursive: true, force: true });
}

export async function loadCheckpoint(dir: string, params: readonly Param[]): Promise<ResumeState> {
  const cdir = join(dir, 'checkpoint');
  if (!existsSync(join(cdir, 'state.json'))) throw new DataError(dir, 'nothing to resume (no checkpoint/state.json)');
  await loadWeights(cdir, params, 'params.safetensors');
  const statePath = join(cdir, 'state.json');
  let rest: Omit<ResumeState, 'optimizer'> & { optimizerStep: number };
  try {
    rest = JSON.parse(await readFile(statePath, 'utf8')) as typeof rest;
  } catch (e) {
    throw new DataError(statePath, `cannot resume: ${(e as Error).message} (a damaged checkpoint; train again)`);
  }
  const { tensors: buf } = await readSafetensors(join(cdir, 'optimizer.safetensors'));
  const buffers: Record<string, Float32Array> = {};
  for (const [k, t] of Object.entries(buf)) buffers[k] = t.data as Float32Array;
  const { optimizerStep, ...state } = rest;
  return { ...state, optimizer: { step: optimizerStep, buffers } satisfies OptimizerState };
}
