// The loss functions, in one namespace: `import * as losses from '../engine/losses/index.ts'`.
export { crossEntropy, type CrossEntropyOptions } from './cross-entropy.ts';
export { bceWithLogits, type BceOptions } from './binary-cross-entropy.ts';
export { crfNll, crfGoldScore, crfLogPartition, type CrfParams, type CrfReduction } from './crf.ts';
export {
  viterbiDecode,
  lengthsFromMask,
  crfPathScore,
  bruteForceCrf,
  type CrfHostParams,
  type Decoded,
} from './viterbi.ts';
export { logSumExp, softplusNeg } from './common.ts';
