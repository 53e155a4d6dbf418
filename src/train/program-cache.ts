// Compiled Programs by padded sequence length. Graphs with an unrolled recurrence (BiLSTM, CRF forward algorithm)
// need a static T, so they are compiled once per length bucket (T rounded up to a multiple of LENGTH_STEP, which
// bounds the number of graphs); every other graph is compiled once with a dynamic 'T' and serves every length.
import { Program, type ProgramSpec } from '../engine/program.ts';

export const LENGTH_STEP = 8;

export class ProgramCache {
  private readonly programs = new Map<number | 'T', Promise<Program>>();

  /** `spec(T)` builds the Program spec for a static length T, or for the dynamic 'T'. */
  constructor(
    readonly staticLength: boolean,
    private readonly spec: (T: number | 'T') => ProgramSpec,
  ) {}

  /** The padded length of a batch whose longest row has `longest` tokens. */
  padded(longest: number): number {
    const n = Math.max(1, longest);
    return this.staticLength ? Math.ceil(n / LENGTH_STEP) * LENGTH_STEP : n;
  }

  /** The Program for a batch padded to T (compiled on first use). */
  get(T: number): Promise<Program> {
    const key = this.staticLength ? T : 'T';
    let p = this.programs.get(key);
    if (!p) {
      p = Program.compile(this.spec(key));
      this.programs.set(key, p);
      p.catch(() => this.programs.delete(key));
    }
    return p;
  }

  get size(): number {
    return this.programs.size;
  }

  async release(): Promise<void> {
    const all = [...this.programs.values()];
    this.programs.clear();
    for (const p of all) await (await p.catch(() => null))?.release();
  }
}
