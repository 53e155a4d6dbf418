// What every CNN head shares after its pooling: the options of its hidden Dense layers (../nn/dense-stack.ts) and
// of its L2 terms (../nn/regularization.ts), and the one way a head builds that stack:
//   pooled [B, P] → dropout (the head's own rate) → hidden Dense stack [B, U_last] (identity by default) → output
// The stack is built after the head's convolutions and before its output layer, so with no hidden units the
// random draws, parameter names and order are exactly those of the head without this option.
import type { Rng } from '../engine/rng.ts';
import { DenseStack, type DenseActivation } from '../nn/dense-stack.ts';
import type { L2Options } from '../nn/regularization.ts';

/** Hidden Dense layers between a head's pooling and its output layer, and L2 on its layers (every CNN head). */
export interface HiddenAndL2Options extends L2Options {
  /** Width of each hidden Dense layer (default none). */
  hiddenUnits?: number[];
  /** Activation of every hidden layer (default 'relu'). */
  hiddenActivation?: DenseActivation;
  /** Dropout after each hidden layer (default 0.5). */
  hiddenDropout?: number;
}

/** The hidden Dense stack a head's options describe, on `width` pooled features; its parameters `{path}.{i}.*`. */
export function hiddenStack(path: string, width: number, o: HiddenAndL2Options, rng: Rng): DenseStack {
  const opts = { units: o.hiddenUnits, activation: o.hiddenActivation, dropout: o.hiddenDropout ?? 0.5 };
  return new DenseStack(path, width, opts, rng);
}
