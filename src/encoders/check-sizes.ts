// Checks a config.json's size fields against the weights' own shapes, read from the safetensors header only,
// BEFORE the model is built: a hostile or mistaken config (num_hidden_layers 1000000, hidden_size 1e9,
// vocab_size 2^40) must fail in milliseconds with the file and the field named, not allocate gigabytes first.
//   field ↔ tensor dim   e.g. vocab_size ↔ embeddings.word_embeddings.weight [V, H] dim 0 (any base prefix)
//   layer count          num_hidden_layers / n_layers ≤ the layers the checkpoint holds
//   caps                 every field ≤ a generous bound (for tensors the checkpoint lacks, e.g. allowMissing)
// The tokenizer's vocabulary must fit the embedding matrix (checkTokenizerFits): a vocab.txt longer than the
// matrix's rows would otherwise fail inside ONNX Runtime ("Gather … indices element out of data bounds").
import { DataError } from '../errors.ts';
import type { WeightSource } from '../io/safetensors.ts';

/** One config field tied to one dimension of one tensor (named as the base model names it). */
export interface SizeRule {
  field: string;
  tensor: string;
  dim: number;
  /** Largest value accepted when the checkpoint lacks the tensor. */
  cap: number;
}

export interface LayerRule {
  field: string;
  /** Matches a checkpoint key of layer i; group 1 is i. */
  pattern: RegExp;
  cap: number;
}

export interface SizeCheck {
  /** The config file, named in every error. */
  configPath: string;
  /** The weights file(s), named in errors (e.g. model.safetensors). */
  weightsLabel: string;
  config: Record<string, unknown>;
  rules: readonly SizeRule[];
  layers: LayerRule;
}

/** The checkpoint key holding `name` under any base-model prefix (`bert.`, `distilbert.`), if any. */
export function findTensorKey(names: readonly string[], name: string): string | undefined {
  return names.find((k) => k === name) ?? names.find((k) => k.endsWith(`.${name}`));
}

/** How many layers the checkpoint holds (1 + the largest index `pattern` finds; 0 when none). */
export function layersHeld(names: readonly string[], pattern: RegExp): number {
  let n = 0;
  for (const k of names) {
    const m = pattern.exec(k);
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  return n;
}

const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;

/** Throws a DataError naming config.json and the field when a size field disagrees with the weights or a cap. */
export function checkSizesAgainstWeights(weights: WeightSource, c: SizeCheck): void {
  const names = weights.names;
  const bad = (field: string, msg: string) => new DataError(c.configPath, `${field} ${msg}`);
  for (const r of c.rules) {
    const value = c.config[r.field];
    if (typeof value !== 'number') continue; // the schema reports missing / non-numeric fields
    const key = findTensorKey(names, r.tensor);
    if (key !== undefined) {
      const shape = weights.info(key).shape;
      const actual = shape[r.dim];
      if (actual !== value) {
        throw bad(
          r.field,
          `is ${value} but tensor '${key}' in ${c.weightsLabel} has shape ${shapeText(shape)} (dimension ${r.dim} is ${r.field}) — config.json and the weights disagree`,
        );
      }
    } else if (value > r.cap) {
      throw bad(
        r.field,
        `is ${value}, above the limit of ${r.cap}, and ${c.weightsLabel} has no '${r.tensor}' to check it against`,
      );
    }
  }
  const n = c.config[c.layers.field];
  if (typeof n !== 'number') return;
  const held = layersHeld(names, c.layers.pattern);
  if (held > 0 && n > held) {
    throw bad(
      c.layers.field,
      `is ${n} but ${c.weightsLabel} holds ${held} layer(s) — config.json asks for more layers than the weights have`,
    );
  }
  if (n > c.layers.cap) throw bad(c.layers.field, `is ${n}, above the limit of ${c.layers.cap}`);
}

/** The tokenizer's vocabulary must not be longer than the embedding matrix (ids ≥ rows cannot be looked up). */
export function checkTokenizerFits(
  tokenizer: { vocabSize: number; source: string },
  rows: number,
  tensor: string,
): void {
  if (tokenizer.vocabSize > rows) {
    throw new DataError(
      tokenizer.source,
      `the vocabulary has ${tokenizer.vocabSize} tokens but the embedding matrix '${tensor}' has only ${rows} rows (vocab_size) — ids ≥ ${rows} could not be embedded; use the tokenizer files that belong to these weights`,
    );
  }
}

/** Generous caps for fields the checkpoint cannot bound (largest public BERTs are far below them). */
export const CAPS = {
  vocab: 1 << 22, // 4,194,304 tokens
  hidden: 1 << 14, // 16,384
  intermediate: 1 << 16, // 65,536
  positions: 1 << 17, // 131,072
  typeVocab: 1 << 10,
  layers: 256,
  /** Parameters a config may ask for when the weights cannot bound it (2^30 ≈ 1.07e9, 4 GiB of float32, ~3× BERT-large). */
  parameters: 2 ** 30,
} as const;

/**
 * Every size field may be under its cap while their product is not: vocab_size 4,194,304 × hidden_size 16,384 is a
 * 6.9e10-element embedding matrix (a RangeError from Float32Array, or gigabytes). It matters when the checkpoint
 * lacks the tensors that would have bounded the fields (allowMissing); published BERTs stay far below the limit
 * (BERT-large: 3.4e8).
 */
export function checkParameterCount(configPath: string, count: number, formula: string): void {
  if (count > CAPS.parameters) {
    throw new DataError(
      configPath,
      `these sizes make a model of ${count.toExponential(2)} parameters (${formula}), above the limit of ${CAPS.parameters} — check vocab_size, the hidden and intermediate sizes and the layer count`,
    );
  }
}
