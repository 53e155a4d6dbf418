// Compiled Programs by padded sequence length. Graphs with an unrolled recurrence (BiLSTM, CRF forward algorithm)
// need a static T, so they are compiled once per length bucket (T rounded up to a multiple of LENGTH_STEP, which
// bounds the number of graphs); every other graph is compiled once with a dynamic 'T' and serves every length.
// A static-length cache holds one ONNX Runtime session per bucket, and each session's memory arena keeps its own
// peak activations for good: 13 buckets of a fine-tuned MiniLM + CNN-CRF tagger held 3.9 GB at batch 4 with arenas,
// 1.7 GB without (same losses bit for bit, same epoch time), and the full CoNLL-2003 fine-tune at batch 32 peaked at
// 3.7 GB instead of ~10.8 GB, so those Programs run without an arena; a dynamic-'T' cache has one session and keeps it.
// `runs()` reports how often each compiled Program has run (keyed 'T' or the length), the random state a
// checkpoint keeps; a cache built with those counts compiles each Program to continue from them (skipRuns).
import { Program, type ProgramSpec } from '../engine/program.ts';

export const LENGTH_STEP = 8;

type CompileListener = (T: number | 'T') => void;
const compileListeners = new Set<CompileListener>();

/** Calls `listener` whenever a ProgramCache starts compiling a Program (key: the static length, or 'T'); the CLI
 *  announces it, since a first epoch that compiles a graph per length can take many times the next one.
 *  Returns the unsubscribe function. */
export function onProgramCompile(listener: CompileListener): () => void {
  compileListeners.add(listener);
  return () => compileListeners.delete(listener);
}

export class ProgramCache {
  private readonly programs = new Map<number | 'T', Promise<Program>>();
  private readonly compiled = new Map<number | 'T', Program>();

  /** `spec(T)` builds the Program spec for a static length T, or for the dynamic 'T'; `skipRuns` are the
   *  `runs()` of an earlier cache (resume). */
  constructor(
    readonly staticLength: boolean,
    private readonly spec: (T: number | 'T') => ProgramSpec,
    private readonly skipRuns: Record<string, number> = {},
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
      for (const l of compileListeners) l(key);
      p = Program.compile(this.specFor(key));
      this.programs.set(key, p);
      p.then(
        (program) => this.compiled.set(key, program),
        () => this.programs.delete(key),
      );
    }
    return p;
  }

  /** What the Program for `key` is compiled from (no memory arena for one of several static-length sessions). */
  specFor(key: number | 'T'): ProgramSpec {
    const spec = { ...this.spec(key), skipRuns: this.skipRuns[String(key)] ?? 0 };
    return this.staticLength ? { ...spec, memoryArena: false } : spec;
  }

  /** Runs of every Program compiled so far and of those an earlier cache ran (by key), for a checkpoint. */
  runs(): Record<string, number> {
    const out = { ...this.skipRuns };
    for (const [key, program] of this.compiled) out[String(key)] = program.runs;
    return out;
  }

  get size(): number {
    return this.programs.size;
  }

  async release(): Promise<void> {
    const all = [...this.programs.values()];
    this.programs.clear();
    this.compiled.clear();
    for (const p of all) await (await p.catch(() => null))?.release();
  }
}
