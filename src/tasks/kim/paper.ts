// Kim (2014) "Convolutional Neural Networks for Sentence Classification" as published (§3.1 and his
// conv_net_sentence.py), the settings the model, its tables and the kim2014 preset (src/presets/kim2014/)
// share: filter windows 3/4/5 × 100 feature maps, ReLU, dropout 0.5 on the penultimate layer,
// l2 max-norm s = 3 on the softmax layer's weight rows (his sqr_norm_lim = 9), mini-batches of 50, Adadelta
// (ρ 0.95, ε 1e-6, lr 1, no clipping, no weight decay), 25 epochs, dev = 10% of train when the dataset has no
// dev split, test accuracy taken at the best dev epoch (ties: the later epoch, his `>=`). CNN-rand vectors:
// 300-d U[−0.25, 0.25]. Pretrained vectors are rescaled to the entry std of that init, 0.25/√3 ≈ 0.144, which is
// word2vec's (Kim chose 0.25 so random and word2vec rows share a variance): his Adadelta and fixed conv init were
// run at that input scale; GloVe / wink entries are ≈ 3.4× larger (std 0.49 on MR's words), which cost ≈ 2 points
// of CNN-static on MR (scripts/kim2014/run.ts --vector-scale raw keeps them as they are).
export const KIM2014 = {
  kernelSizes: [3, 4, 5],
  filters: 100,
  dropout: 0.5,
  maxNorm: 3,
  batchSize: 50,
  epochs: 25,
  rho: 0.95,
  devFraction: 0.1,
  randDim: 300,
  randBound: 0.25,
  /** Entry std the pretrained rows are scaled to: that of U[−0.25, 0.25] (≈ word2vec's). */
  vectorStd: 0.25 / Math.sqrt(3),
} as const;

/** 'kim': rescale pretrained vectors to KIM2014.vectorStd (default); 'raw': use them as they are. */
export const VECTOR_SCALES = ['kim', 'raw'] as const;
export type VectorScale = (typeof VECTOR_SCALES)[number];

export const KIM_VARIANTS = ['rand', 'static', 'non-static', 'multichannel'] as const;
export type KimVariant = (typeof KIM_VARIANTS)[number];
