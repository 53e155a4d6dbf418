// The option fields the head registries (./index.ts, ./taggers/index.ts) build their schemas from, each with the
// one-line meaning `bertcnn heads` and docs/heads.md print (zod descriptions, read back by ./catalog.ts), and the
// two option groups shared across heads:
//   HIDDEN_FIELDS — hidden Dense layers between a CNN head's pooling and its output layer (../nn/dense-stack.ts);
//   L2_FIELDS     — Keras-style L2 on every head's kernels and biases (../nn/regularization.ts).
// Keys are camelCase here (the internal spelling: config.json, the library API); the CLI and every message spell
// them in kebab-case (./options.ts).
import { z } from 'zod';
import { DENSE_ACTIVATIONS } from '../nn/dense-stack.ts';

export const int = (min = 1) => z.number().int().min(min);
export const rate = (d: number) => z.number().min(0).lt(1).default(d);

export const HIDDEN_FIELDS = {
  hiddenUnits: z
    .array(int())
    .default(() => [])
    .describe(
      'hidden Dense layers after pooling, one width each (e.g. [128]); none = pooled features straight to the output',
    ),
  hiddenActivation: z
    .enum(DENSE_ACTIVATIONS)
    .default('relu')
    .describe('activation of every hidden Dense layer (linear = none)'),
  hiddenDropout: rate(0.5).describe('dropout after every hidden Dense layer'),
};

export const L2_FIELDS = {
  l2: z
    .number()
    .min(0)
    .default(0)
    .describe('L2 penalty λ·Σw² added to the loss, over the kernels of every conv/dense/LSTM layer of the head'),
  l2Bias: z.number().min(0).default(0).describe('L2 penalty λ·Σb² over the biases of the same layers'),
};

export const textCnnFields = {
  kernelSizes: z
    .array(int())
    .min(1)
    .default(() => [3, 4, 5])
    .describe('widths of the parallel convolutions (one filter bank each)'),
  filters: int().default(100).describe('filters per kernel width'),
  activation: z.enum(['relu', 'leaky_relu']).default('relu').describe('activation after each convolution'),
  dropout: rate(0.5).describe('dropout on the pooled features'),
};
