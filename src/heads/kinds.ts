// The classification heads: each kind's input, a one-line description, and the options a user sets (zod fields
// with defaults and meanings). ./index.ts builds the schemas and the heads from this; ./catalog.ts turns it into
// what `bertcnn heads` and docs/heads.md show, so the help can never drift from the code.
// Defaults follow the issue: TextCNN kernels 3,4,5 × 100 filters, ReLU, dropout 0.5; the linear head uses
// BERT's dropout 0.1; Conv1D two layers of 128 × 3. With no hidden-units and l2 = 0 (the defaults), every head is
// exactly the head it was before those options existed.
import { z } from 'zod';
import type { HeadInput } from './head.ts';
import { HIDDEN_FIELDS, int, L2_FIELDS, rate, textCnnFields } from './option-fields.ts';

export const HEAD_KINDS = ['textcnn', 'conv1d', 'conv2d', 'projection', 'linear', 'cnn-alone'] as const;
export type HeadKind = (typeof HEAD_KINDS)[number];

export interface HeadInfo {
  input: HeadInput;
  summary: string;
}

export const HEAD_INFO: Record<HeadKind, HeadInfo> = {
  textcnn: {
    input: 'tokens',
    summary: 'Kim (2014) TextCNN over token features: parallel convolutions, max over time, (hidden Dense), output',
  },
  conv1d: {
    input: 'tokens',
    summary:
      'stacked Conv1D (the seeds’ BERTCNN1D / Keras stack): per layer conv → activation → [BatchNorm] → [dropout] → max-pool, then global max, (hidden Dense), output',
  },
  conv2d: {
    input: 'pooled',
    summary:
      'the seeds’ BERTCNN2D: Conv2D along the pooled vector’s hidden units, max-pool, global max, (hidden Dense), output',
  },
  projection: {
    input: 'tokens',
    summary: 'the seeds’ BERTCNNProjection: a per-token Linear(H → P), then the TextCNN',
  },
  linear: {
    input: 'pooled',
    summary: "BertForSequenceClassification's classifier: dropout → Linear on the pooled vector",
  },
  'cnn-alone': {
    input: 'ids',
    summary: 'no BERT: TextCNN over its own word embeddings (Kim’s CNN-rand/static baseline)',
  },
};

const convLayer = z.strictObject({
  filters: int().optional(),
  kernelSize: int().optional(),
  pool: int().optional(),
});

/** The options a user sets, per kind (every one has a default); the sizes (inputDim, numClasses, vocabSize) come
 *  from the encoder and the task when the head is built. */
export const SETTINGS = {
  textcnn: { ...textCnnFields, ...HIDDEN_FIELDS, ...L2_FIELDS },
  conv1d: {
    layers: z
      .union([int(), z.array(convLayer).min(1)])
      .default(2)
      .describe(
        'a count of conv layers (each `filters` × `kernel-size`), or one object per layer: [{"filters":64,"kernel-size":5,"pool":1}, …]',
      ),
    filters: int().default(128).describe('filters of a layer that does not set its own'),
    kernelSize: int().default(3).describe('kernel width of a layer that does not set its own'),
    activation: z.enum(['relu', 'leaky_relu', 'tanh']).default('relu').describe('activation after each convolution'),
    padding: z
      .enum(['same', 'valid'])
      .default('same')
      .describe("'same' keeps the length (Keras padding='same'); 'valid' shrinks it by kernel-size − 1 per layer"),
    batchNorm: z.boolean().default(false).describe('BatchNorm after each conv layer’s activation (masked statistics)'),
    bnMomentum: z.number().min(0).max(1).default(0.1).describe('BatchNorm running-average momentum (PyTorch’s)'),
    bnEps: z.number().positive().default(1e-5).describe('BatchNorm epsilon'),
    layerDropout: rate(0).describe('dropout after each conv layer (after BatchNorm, before pooling), as Keras stacks'),
    poolSize: int().default(2).describe('max-pool width after a layer that does not set `pool` (1 = no pooling)'),
    ceilPool: z.boolean().default(true).describe('ceil-mode pooling: an odd-length sentence keeps its last position'),
    dropout: rate(0.5).describe('dropout on the globally pooled features'),
    ...HIDDEN_FIELDS,
    ...L2_FIELDS,
  },
  conv2d: {
    filters: int().default(100).describe('conv filters'),
    kernelSize: int().default(3).describe('kernel height along the hidden units'),
    poolSize: int().default(2).describe('max-pool height along the hidden units'),
    dropout: rate(0.5).describe('dropout on the pooled features'),
    ...HIDDEN_FIELDS,
    ...L2_FIELDS,
  },
  projection: {
    projectionDim: int().default(256).describe('P, the size each token vector is projected to'),
    projectionActivation: z
      .enum(['none', 'relu', 'tanh'])
      .default('none')
      .describe('non-linearity after the projection'),
    ...textCnnFields,
    ...HIDDEN_FIELDS,
    ...L2_FIELDS,
  },
  linear: {
    dropout: rate(0.1).describe('dropout on the pooled vector (BERT’s hidden_dropout_prob)'),
    initStd: z.number().positive().default(0.02).describe('weight init N(0, std²), as Hugging Face'),
    ...L2_FIELDS,
  },
  'cnn-alone': {
    embeddingDim: int().default(300).describe('word embedding size'),
    freezeEmbedding: z.boolean().default(false).describe('keep the embedding table fixed (Kim’s CNN-static)'),
    initEmbeddings: z
      .string()
      .optional()
      .describe(
        'initial table: random (default) | vectors:<path or wink> | bert-matrix:<encoder ref> (--init-embeddings)',
      ),
    ...textCnnFields,
    ...HIDDEN_FIELDS,
    ...L2_FIELDS,
  },
} satisfies Record<HeadKind, z.ZodRawShape>;
