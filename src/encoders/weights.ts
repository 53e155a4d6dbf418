// Copies a Hugging Face checkpoint's tensors into a Module's parameters by name (no mapping table): names are
// matched with src/io/keys.ts (base-model prefix such as `bert.` / `distilbert.` stripped or added, legacy
// LayerNorm gamma/beta), every shape is checked before any data is read, and missing / unexpected keys are
// reported with transformers' own wording.
//   - shape disagreement → DataError naming the tensor, the checkpoint shape and the model (config) shape;
//   - missing weights the caller marks optional (the pooler) → left at their fresh initialisation, reported;
//   - other missing weights → DataError listing them, unless allowMissing (then reported, as transformers does);
//   - `*.position_ids` buffers are ignored silently (transformers' _keys_to_ignore_on_load_unexpected).
// Models about to be loaded are built with SkipInitRng (no random fill: building BERT-base drops from ~6 s to
// allocation only); weights the checkpoint lacks are then initialised as transformers' _init_weights does.
import { join } from 'node:path';
import { DataError } from '../errors.ts';
import type { Checkpoint } from '../io/checkpoint.ts';
import { basePrefixFor, formatKeyReport, matchKeys, type ShapeMismatch } from '../io/keys.ts';
import type { Param } from '../engine/param.ts';
import { Rng } from '../engine/rng.ts';
import type { Module } from '../nn/module.ts';

/** An Rng whose bulk fills leave the (zeroed) arrays alone: for models whose weights come from a checkpoint. */
export class SkipInitRng extends Rng {
  override fillUniform(out: Float32Array): Float32Array {
    return out;
  }

  override fillNormal(out: Float32Array): Float32Array {
    return out;
  }
}

/** transformers' _init_weights for parameters a checkpoint lacks: LayerNorm γ = 1, biases 0, the rest N(0, std). */
export function initMissing(params: readonly Param[], missing: readonly string[], rng: Rng, std = 0.02): void {
  const want = new Set(missing);
  for (const p of params) {
    if (!want.has(p.name) || !p.trainable) continue; // frozen tables (sinusoidal positions) keep their values
    const norm = /(LayerNorm|layer_norm)\.weight$/.test(p.name);
    if (norm) p.data.fill(1);
    else if (p.name.endsWith('.bias') || p.name === 'bias') p.data.fill(0);
    else rng.fillNormal(p.data, std);
  }
}

export interface LoadWeightsOptions {
  /** transformers class name used in the report, e.g. 'BertModel'. */
  modelClass: string;
  /** Model id or folder shown in the report. Default: the checkpoint folder. */
  source?: string;
  /** Missing parameters that are fine to leave initialised (e.g. the pooler). */
  optional?: (name: string) => boolean;
  allowMissing?: boolean;
  /** Initialises weights the checkpoint lacks (see initMissing). Default: N(0, 0.02) from Rng(0). */
  initRng?: Rng;
  /** Receives each report message. Default console.warn. */
  onWarning?: (message: string) => void;
  /** Checkpoint keys never reported as unexpected. Default: position_ids buffers. */
  ignoreUnexpected?: RegExp;
  /** Accept NaN / ±Inf weights (default: refused, naming the tensor and its file). */
  allowNonFinite?: boolean;
}

/** Index of the first NaN / ±Inf in `a`, or -1. */
export function firstNonFinite(a: Float32Array | Float64Array): number {
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v - v !== 0) return i; // NaN - NaN and Inf - Inf are NaN
  }
  return -1;
}

export interface WeightReport {
  missing: string[];
  unexpected: string[];
  /** transformers-style warnings (empty when everything matched). */
  messages: string[];
}

const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;

export async function loadModuleWeights(
  module: Module,
  ckpt: Checkpoint,
  opts: LoadWeightsOptions,
): Promise<WeightReport> {
  const params = module.parameters();
  const found = ckpt.weights.names;
  const prefix = basePrefixFor(ckpt.config);
  const m = matchKeys(
    params.map((p) => p.name),
    found,
    prefix,
  );
  const where = join(ckpt.dir, ckpt.weightFiles[0] ?? 'model.safetensors');

  const mismatched: ShapeMismatch[] = [];
  for (const p of params) {
    const key = m.map.get(p.name);
    if (key === undefined) continue;
    const shape = ckpt.weights.info(key).shape;
    if (shape.length !== p.shape.length || shape.some((d, i) => d !== p.shape[i])) {
      mismatched.push({ key, checkpointShape: shape, modelShape: p.shape });
    }
  }
  if (mismatched.length > 0) {
    const lines = mismatched.map(
      (x) =>
        `tensor '${x.key}' has shape ${shapeText(x.checkpointShape)} in the checkpoint but ${shapeText(x.modelShape)} in the model built from config.json`,
    );
    throw new DataError(
      where,
      `${lines.join('; ')} — the weights do not belong to this config (wrong config.json, or a different model size)`,
    );
  }

  const fatal = m.missing.filter((n) => !(opts.optional?.(n) ?? false));
  if (fatal.length > 0 && !opts.allowMissing) {
    const shown = fatal
      .slice(0, 8)
      .map((n) => `'${n}'`)
      .join(', ');
    throw new DataError(
      where,
      `${fatal.length} weight(s) of ${opts.modelClass} are not in the checkpoint: ${shown}${fatal.length > 8 ? ', …' : ''} (keys are matched by Hugging Face name${prefix ? `, with or without the '${prefix}.' prefix` : ''})`,
    );
  }

  for (const p of params) {
    const key = m.map.get(p.name);
    if (key === undefined) continue;
    const t = await ckpt.weights.readTensor(key);
    if (t.data instanceof Float32Array || t.data instanceof Float64Array) {
      const i = firstNonFinite(t.data);
      if (i >= 0) {
        const what = `tensor '${key}' holds a non-finite value (${t.data[i]} at flat index ${i})`;
        if (!opts.allowNonFinite) {
          throw new DataError(
            ckpt.weights.fileOf(key),
            `${what} — the weights are corrupt or overflowed; refused (pass allowNonFinite / --allow-non-finite-weights to load them anyway)`,
          );
        }
        // Allowed, but never silently: features and predictions computed through it may be NaN too.
        (opts.onWarning ?? console.warn)(
          `${ckpt.weights.fileOf(key)}: ${what}; loaded anyway (allowNonFinite): outputs may be NaN`,
        );
      }
    }
    if (t.data instanceof Float32Array) p.data.set(t.data);
    else if (t.data instanceof Float64Array) p.data.set(Float32Array.from(t.data));
    else
      throw new DataError(
        where,
        `tensor '${key}' has dtype ${t.dtype}; expected a floating-point weight (F32, F16, BF16)`,
      );
  }

  initMissing(params, m.missing, opts.initRng ?? new Rng(0));
  const ignore = opts.ignoreUnexpected ?? /(^|\.)position_ids$/;
  const report = { missing: m.missing, unexpected: m.unexpected.filter((k) => !ignore.test(k)) };
  const messages = formatKeyReport(report, opts.modelClass, opts.source ?? ckpt.dir);
  for (const msg of messages) (opts.onWarning ?? console.warn)(msg);
  return { ...report, messages };
}
