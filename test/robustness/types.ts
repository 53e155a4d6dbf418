// The bad-input matrix (issue #17 item 6): one table-driven case per hostile input. A case sets up its files in
// its own folder, says what to run — the CLI in process, an HTTP request to the shared server, raw bytes on its
// socket, a queue job for a predict worker's handler, or a real process piped into a reader — and what must be
// observed: the exit code (or HTTP status, or job outcome) and a pattern the error message must match.
// test/robustness/matrix.test.ts asserts every case; scripts/robust/robustness-doc.ts writes docs/robustness.md
// from the same tables.
import type { InjectOptions } from 'fastify';

/** The shared fixtures every case may use (built once, lazily; see context.ts). */
export interface Ctx {
  /** Temp root of this matrix run. */
  root: string;
  /** A tiny random BERT folder (real bert-base-uncased vocab), trained on by `run()`; never modified by cases. */
  model: string;
  /** Good toy data: label<TAB>text TSVs and a plain text file of texts. */
  train: string;
  dev: string;
  texts: string;
  /** A finished classification run (frozen TextCNN over `model`, 1 epoch), trained on first use. */
  run(): Promise<string>;
  /** A copy of the finished run in `dir`, for cases that break one of its files. */
  copyRun(dir: string): Promise<string>;
  /** A copy of test/fixtures/tiny_bert (vocab 120, hidden 32, 2 layers) in `dir`, for cases that break it. */
  copyTinyBert(dir: string): string;
}

/** What a case runs. */
export type Action =
  /** `bertcnn ARGV` through main(argv) in this process. */
  | { argv: string[] }
  /** A request to the shared server over the finished run (fastify inject). */
  | { http: InjectOptions }
  /** Raw bytes written to the shared server's TCP socket (for what Node's HTTP parser rejects itself). */
  | { raw: string }
  /** A queue job's data handed to a predict worker's handler over the finished run, or (worker 'embed') to an
   *  embed worker's handler over the tiny BERT. */
  | { job: unknown; worker?: 'predict' | 'embed' }
  /** `bertcnn ARGV | READER` as real processes (bash): the exit status is bertcnn's own. */
  | { pipe: { argv: string[]; reader: string } };

export interface Expect {
  /** CLI exit code (also for `pipe`). */
  exit?: number;
  /** HTTP status. */
  status?: number;
  /** Queue job outcome. */
  job?: 'failed' | 'done';
  /** Must match the observed message (CLI: stderr from the first error line; HTTP: error.message; job: the error). */
  message: RegExp;
}

export interface RobustCase {
  /** Input kind, a key of KINDS (cases/index.ts). */
  kind: string;
  /** Unique within the tables; the doc lists it verbatim. */
  name: string;
  /** The bad input, in a few words, for the doc. */
  input: string;
  make(dir: string, ctx: Ctx): Action | Promise<Action>;
  expect: Expect;
  /** A known, not yet fixed problem: the case runs as a todo and the doc shows this text. */
  knownIssue?: string;
}

/** What running a case showed. */
export interface Observation {
  exit?: number;
  status?: number;
  job?: 'failed' | 'done';
  /** The message the expectation is matched against (paths of the temp root replaced by `…`). */
  message: string;
  /** Everything printed (stderr, or the HTTP body), for the stack-trace and error-shape checks. */
  transcript: string;
  /** HTTP: the body is exactly {"error": {"code", "message"}} (undefined for other actions or 2xx). */
  errorShape?: boolean;
  ms: number;
}
