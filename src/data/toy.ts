// A synthetic task for demos and learning tests: sentences are sequences of random "token vectors" (a fixed
// table of V unit-norm vectors in H dims); a sentence is positive iff it contains the bigram (KEY_A, KEY_B)
// adjacently. Both classes contain both key tokens, so a bag-of-tokens model cannot solve it; a convolution
// over windows of ≥ 2 tokens can, so a working TextCNN reaches ~100%.
import { Rng } from '../engine/rng.ts';

export interface ToyExample {
  tokens: number[];
  label: 0 | 1;
}

export interface ToyTask {
  dim: number;
  /** [V, H] token vectors, row-major. */
  table: Float32Array;
  vocabSize: number;
  examples: ToyExample[];
}

const KEY_A = 1;
const KEY_B = 2;

function hasBigram(tokens: number[]): boolean {
  for (let i = 0; i + 1 < tokens.length; i++) if (tokens[i] === KEY_A && tokens[i + 1] === KEY_B) return true;
  return false;
}

export interface ToyOptions {
  n: number;
  dim?: number;
  vocabSize?: number;
  seed?: number;
  minLen?: number;
  maxLen?: number;
}

export function makeToyTask(opts: ToyOptions): ToyTask {
  const rng = new Rng(opts.seed ?? 1);
  const dim = opts.dim ?? 16;
  const vocabSize = opts.vocabSize ?? 30;
  const table = rng.fillNormal(new Float32Array(vocabSize * dim));
  for (let v = 0; v < vocabSize; v++) {
    const row = table.subarray(v * dim, (v + 1) * dim);
    const norm = Math.hypot(...row);
    for (let j = 0; j < dim; j++) row[j] = row[j]! / norm;
  }
  const minLen = opts.minLen ?? 4;
  const maxLen = opts.maxLen ?? 24;
  const examples: ToyExample[] = [];
  for (let i = 0; i < opts.n; i++) {
    const label = (i % 2) as 0 | 1;
    let tokens: number[];
    do {
      const len = minLen + rng.int(maxLen - minLen + 1);
      tokens = Array.from({ length: len }, () => rng.int(vocabSize));
      tokens[rng.int(len)] = KEY_B;
      tokens[rng.int(len)] = KEY_A;
      if (label === 1) {
        const at = rng.int(len - 1);
        tokens[at] = KEY_A;
        tokens[at + 1] = KEY_B;
      }
    } while (hasBigram(tokens) !== (label === 1));
    examples.push({ tokens, label });
  }
  return { dim, table, vocabSize, examples };
}

/** Pads a batch to features [B, T, H] + mask [B, T] (T ≥ minLength) and int64 labels [B]. */
export function toyBatch(task: ToyTask, batch: ToyExample[], minLength = 1) {
  const T = Math.max(minLength, ...batch.map((e) => e.tokens.length));
  const H = task.dim;
  const x = new Float32Array(batch.length * T * H);
  const mask = new Float32Array(batch.length * T);
  batch.forEach((e, b) => {
    e.tokens.forEach((tok, t) => {
      x.set(task.table.subarray(tok * H, (tok + 1) * H), (b * T + t) * H);
      mask[b * T + t] = 1;
    });
  });
  return {
    features: { dtype: 'float32' as const, shape: [batch.length, T, H], data: x },
    mask: { dtype: 'float32' as const, shape: [batch.length, T], data: mask },
    labels: { dtype: 'int64' as const, shape: [batch.length], data: BigInt64Array.from(batch, (e) => BigInt(e.label)) },
  };
}
