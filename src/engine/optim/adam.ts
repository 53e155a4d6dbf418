// Adam (Kingma & Ba 2015), exactly torch.optim.Adam (amsgrad=false): weight decay is classic L2, added to the
// gradient before the moments (g ← g + wd·p), unlike AdamW's decoupled decay. Same loop as ./adamw.ts.

import { AdamW, type AdamWOptions } from './adamw.ts';
import type { ParamGroup } from './optimizer.ts';
import type { Param } from '../param.ts';

export type AdamOptions = AdamWOptions;

export class Adam extends AdamW {
  /** Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weightDecay 0 (torch's). */
  constructor(groups: ParamGroup[] | Param[], options: AdamOptions = {}) {
    super(groups, options, 'Adam', false);
  }
}
