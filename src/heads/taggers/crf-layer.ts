// The CRF output layer of a tagger: the linear-chain CRF's parameters, named and initialised as pytorch-crf
// (kmkurn/pytorch-crf `CRF(num_tags)`): start_transitions [L], end_transitions [L], transitions [L, L]
// (transitions[i, j] = score of tag i → tag j), each ~ U(−0.1, 0.1). The loss (forward algorithm) is
// src/engine/losses/crf.ts; decoding (Viterbi) runs on the host over `host()` (src/engine/losses/viterbi.ts).
// Lafferty et al. 2001; the BiLSTM-CRF of Huang et al. 2015 / Lample et al. 2016.
import type { CrfHostParams, CrfParams } from '../../engine/losses/index.ts';
import type { Param } from '../../engine/param.ts';
import type { BuildContext } from '../../engine/program.ts';
import type { Rng } from '../../engine/rng.ts';
import { Module } from '../../nn/module.ts';

export class CrfLayer extends Module {
  readonly start: Param;
  readonly end: Param;
  readonly transitions: Param;

  constructor(
    name: string,
    readonly numTags: number,
    rng: Rng,
  ) {
    super(name);
    const L = numTags;
    const init = (n: number) => rng.fillUniform(new Float32Array(n), -0.1, 0.1);
    this.start = this.addParam('start_transitions', [L], init(L), { noDecay: true });
    this.end = this.addParam('end_transitions', [L], init(L), { noDecay: true });
    this.transitions = this.addParam('transitions', [L, L], init(L * L), { noDecay: true });
  }

  /** The parameters as graph values, for crfNll. */
  params(ctx: BuildContext): CrfParams {
    return { start: ctx.param(this.start), end: ctx.param(this.end), transitions: ctx.param(this.transitions) };
  }

  /** The current parameter values, for Viterbi on the host. */
  host(): CrfHostParams {
    return { start: this.start.data, end: this.end.data, transitions: this.transitions.data };
  }
}
