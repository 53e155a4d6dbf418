// Adadelta (Zeiler 2012), exactly torch.optim.Adadelta (maximize=false). Kim (2014, "Convolutional Neural
// Networks for Sentence Classification") trained with it: rho 0.95, eps 1e-6, lr 1.0 — our defaults
// (torch's default rho is 0.9).
//   g ← g + wd·p                                   L2 weight decay on the gradient (0 for noDecay params)
//   s ← ρ·s + (1 − ρ)·g²                           square_avg
//   d ← √(a + ε) / √(s + ε) · g                    a = acc_delta
//   a ← ρ·a + (1 − ρ)·d²
//   p ← p − lr·d
// Without weight decay the update skips the `g + 0·p` term (a separate loop, not a branch per element), which
// keeps the sign of a zero gradient and is the form Kim's many small steps run.

import { Optimizer, checkNumber, type UpdateSettings, type BaseOptions, type ParamGroup } from './optimizer.ts';
import type { Param } from '../param.ts';

export interface AdadeltaOptions extends BaseOptions {
  /** Default 1.0. */
  lr?: number;
  /** Default 0.95 (Kim 2014). */
  rho?: number;
  /** Default 1e-6. */
  eps?: number;
  /** L2 on the gradient; default 0. */
  weightDecay?: number;
}

export class Adadelta extends Optimizer {
  protected readonly bufferNames = ['square_avg', 'acc_delta'] as const;
  readonly rho: number;
  readonly eps: number;

  constructor(groups: ParamGroup[] | Param[], options: AdadeltaOptions = {}) {
    super('Adadelta', groups, { lr: options.lr ?? 1.0, weightDecay: options.weightDecay ?? 0 });
    this.rho = checkNumber('rho', options.rho ?? 0.95, 0, 1);
    this.eps = checkNumber('eps', options.eps ?? 1e-6, 0);
    this.allocate();
  }

  protected update(p: Float32Array, g: Float32Array, bufs: Float32Array[], u: UpdateSettings): void {
    const { lr, wd, gradScale: gs } = u;
    const s = bufs[0]!;
    const a = bufs[1]!;
    const rho = this.rho;
    const c = 1 - rho;
    const eps = this.eps;
    const n = p.length;
    if (wd === 0) {
      for (let i = 0; i < n; i++) {
        const gi = Math.fround(g[i]! * gs); // the clipped gradient, as float32 (optimizer.ts step)
        const si = rho * s[i]! + c * gi * gi;
        const d = Math.sqrt((a[i]! + eps) / (si + eps)) * gi;
        s[i] = si;
        a[i] = rho * a[i]! + c * d * d;
        p[i] = p[i]! - lr * d;
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const gi = Math.fround(g[i]! * gs) + wd * p[i]!;
      const si = rho * s[i]! + c * gi * gi;
      const d = Math.sqrt((a[i]! + eps) / (si + eps)) * gi; // = √(a + ε)/√(s + ε)·g, one sqrt
      s[i] = si;
      a[i] = rho * a[i]! + c * d * d;
      p[i] = p[i]! - lr * d;
    }
  }
}
