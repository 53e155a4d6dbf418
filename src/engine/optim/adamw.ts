// AdamW (Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization"), exactly torch.optim.AdamW
// (amsgrad=false, maximize=false):
//   p ← p·(1 − lr·wd)                          decoupled decay, before the Adam step (0 for noDecay params)
//   m ← β1·m + (1 − β1)·g                       exp_avg
//   v ← β2·v + (1 − β2)·g²                      exp_avg_sq
//   p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
// Note ε is added after dividing √v by the bias correction (torch's placement, not Kingma & Ba's ε̂ on v̂).
// Adam (./adam.ts) shares the loop with `decoupled = false`: then wd is L2 added to the gradient.

import { Optimizer, checkNumber, type UpdateSettings, type BaseOptions, type ParamGroup } from './optimizer.ts';
import type { Param } from '../param.ts';

export interface AdamWOptions extends BaseOptions {
  /** Default 1e-3. */
  lr?: number;
  /** Default (0.9, 0.999). */
  betas?: readonly [number, number];
  /** Default 1e-8. */
  eps?: number;
  /** AdamW default 1e-2 (decoupled); Adam default 0 (L2 on the gradient). */
  weightDecay?: number;
}

export class AdamW extends Optimizer {
  protected readonly bufferNames = ['exp_avg', 'exp_avg_sq'] as const;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;

  constructor(
    groups: ParamGroup[] | Param[],
    options: AdamWOptions = {},
    kind = 'AdamW',
    private readonly decoupled = true,
  ) {
    super(kind, groups, { lr: options.lr ?? 1e-3, weightDecay: options.weightDecay ?? (decoupled ? 1e-2 : 0) });
    const [b1, b2] = options.betas ?? [0.9, 0.999];
    this.beta1 = checkNumber('betas[0]', b1, 0, 1, true);
    this.beta2 = checkNumber('betas[1]', b2, 0, 1, true);
    this.eps = checkNumber('eps', options.eps ?? 1e-8, 0);
    this.allocate();
  }

  protected update(p: Float32Array, g: Float32Array, bufs: Float32Array[], u: UpdateSettings): void {
    const { lr, wd, step, gradScale: gs } = u;
    const m = bufs[0]!;
    const v = bufs[1]!;
    const b1 = this.beta1;
    const b2 = this.beta2;
    const c1 = 1 - b1;
    const c2 = 1 - b2;
    const eps = this.eps;
    const stepSize = lr / (1 - Math.pow(b1, step));
    const invBc2Sqrt = 1 / Math.sqrt(1 - Math.pow(b2, step)); // a multiply in the loop is cheaper than a divide
    const n = p.length;
    // Locals (not re-read from the Float32Arrays) keep the loop in registers; intermediates are float64, torch's
    // float32 — the difference is far below the 1e-6 parity tolerance.
    if (this.decoupled) {
      const keep = 1 - lr * wd;
      for (let i = 0; i < n; i++) {
        const gi = Math.fround(g[i]! * gs); // the clipped gradient, as float32 (optimizer.ts step)
        const mi = b1 * m[i]! + c1 * gi;
        const vi = b2 * v[i]! + c2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i]! * keep - (stepSize * mi) / (Math.sqrt(vi) * invBc2Sqrt + eps);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const gi = Math.fround(g[i]! * gs) + wd * p[i]!;
        const mi = b1 * m[i]! + c1 * gi;
        const vi = b2 * v[i]! + c2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i]! - (stepSize * mi) / (Math.sqrt(vi) * invBc2Sqrt + eps);
      }
    }
  }
}
