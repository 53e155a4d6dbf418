// Weight initialisers matching PyTorch's defaults, so a freshly built model trains like its PyTorch twin.
import type { Rng } from '../engine/rng.ts';

/** nn.Linear / nn.Conv default (kaiming_uniform with a=√5): U(−1/√fan_in, 1/√fan_in); biases alike. */
export function fanInUniform(rng: Rng, n: number, fanIn: number): Float32Array {
  const bound = 1 / Math.sqrt(fanIn);
  return rng.fillUniform(new Float32Array(n), -bound, bound);
}

/** N(0, std²) — BERT initialises every weight with std 0.02; nn.Embedding uses std 1. */
export function normal(rng: Rng, n: number, std: number): Float32Array {
  return rng.fillNormal(new Float32Array(n), std);
}

export function zeros(n: number): Float32Array {
  return new Float32Array(n);
}

export function ones(n: number): Float32Array {
  return new Float32Array(n).fill(1);
}
