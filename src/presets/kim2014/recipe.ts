// The kim2014 recipe: the trainer options of Kim (2014)'s training (src/tasks/kim/paper.ts has the published
// settings) — Adadelta (ρ 0.95, ε 1e-6, lr 1), mini-batches of 50, 25 epochs, constant learning rate, no
// clipping, no weight decay, l2 max-norm 3 on the softmax layer's weight rows, dev accuracy selecting the epoch.
import { parseTrainOptions, type TrainOptions, type TrainOptionsInput } from '../../train/options.ts';
import { KIM2014 } from '../../tasks/kim/paper.ts';

/** Trainer options of the preset (override any field, e.g. { epochs: 1, seed: 3 }). */
export function kim2014TrainOptions(over: TrainOptionsInput = {}): TrainOptions {
  return parseTrainOptions(
    {
      epochs: KIM2014.epochs,
      batchSize: KIM2014.batchSize,
      evalBatchSize: 200,
      optimizer: 'adadelta',
      lr: 1,
      rho: KIM2014.rho,
      weightDecay: 0,
      schedule: 'constant',
      warmupRatio: 0,
      clipNorm: 0,
      maxNorm: KIM2014.maxNorm,
      maxNormParams: ['cnn.fc.weight'],
      metric: 'accuracy',
      patience: 0,
      logEvery: 0,
      ...over,
    },
    'kim2014 preset',
  );
}
