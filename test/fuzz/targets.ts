// Every fuzz target, in one list: the CI test (test/fuzz/fuzz.test.ts) runs each for a few hundred cases,
// `npm run fuzz` (scripts/fuzz.ts) for 100,000 and records docs/fuzz-results.json; docs/robustness.md is
// generated from that file and this list (name, area, what).
import { DATA_TARGETS } from './targets/data.ts';
import { MODEL_TARGETS } from './targets/model.ts';
import { SERVE_TARGETS } from './targets/serve.ts';
import { TOKENIZE_TARGETS } from './targets/tokenize.ts';
import { VECTOR_TARGETS } from './targets/vectors.ts';
import type { FuzzTarget } from './target.ts';

export type { FuzzTarget } from './target.ts';

export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  ...TOKENIZE_TARGETS,
  ...DATA_TARGETS,
  ...VECTOR_TARGETS,
  ...MODEL_TARGETS,
  ...SERVE_TARGETS,
];
