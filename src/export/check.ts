// The export check: runs the written model.onnx in a fresh ONNX Runtime session on sample texts and compares its
// `probabilities` [N, C] with the in-process classifier's — the numbers `bertcnn predict` reports (same
// tokenization, length-sorted batches, probabilities computed on the host).
//   fp32 export: max |Δp| ≤ 1e-4 and every decision equal, else the check fails;
//   int8 graph (--int8, or an encoder run in int8 for a run trained on int8 features): every decision (argmax;
//     thresholds for binary / multi-label) equal, max |Δp| reported — DynamicQuantizeMatMul scales activations
//     per run, so its output depends on which texts share a batch (predict's batches differ from the check's).
// The exported model sees all samples as ONE batch padded to the longest, so the check also covers padding.
import { readFile, rm } from 'node:fs/promises';
import type { InputSpec } from '../engine/session.ts';
import { Session } from '../engine/session.ts';
import type { HostTensor } from '../engine/tensor.ts';
import type { Encoder } from '../encoders/encoder.ts';
import { GraphError } from '../errors.ts';
import { decide, type ClassificationTask } from '../tasks/classification/task.ts';
import type { Classifier } from '../tasks/classification/classifier.ts';
import { predict } from '../tasks/classification/evaluate.ts';
import { ATTENTION_MASK, INPUT_IDS, TOKEN_TYPE_IDS } from '../encoders/backbone.ts';

export const FP32_TOLERANCE = 1e-4;

/** Default sample texts: short (below a CNN's widest kernel), ordinary, long, and a text pair-like one. */
export const SAMPLE_TEXTS: readonly string[] = [
  'ok',
  'a great film',
  'the plot was boring and the acting was bad',
  'I really loved this movie, the story is fun and the actors are wonderful!',
  'worst film of the year.',
  'not good, not bad: it exists',
  `${'a long review that keeps going and going about the film, '.repeat(12)}the end`,
  'Ünïcödé, émojis 🙂 and numbers 12345',
];

export interface ExportCheck {
  samples: number;
  /** max |Δp| over every sample and class. */
  maxAbsDiff: number;
  /** fp32: FP32_TOLERANCE; int8: null (decisions must agree, the difference is reported). */
  tolerance: number | null;
  /** Samples whose decision (label, or label set) is the same in both. */
  decisionsAgree: number;
  passed: boolean;
}

/** Feeds for the exported graph: tokenized like predict, padded to the longest, every input int64 [N, T]. */
export function exportFeeds(
  encoder: Encoder,
  texts: readonly string[],
  maxLength: number,
  inputs: readonly InputSpec[],
): Record<string, HostTensor> {
  const enc = encoder.tokenize(texts, { maxLength });
  const B = enc.inputIds.length;
  const T = B > 0 ? enc.inputIds[0]!.length : 0;
  const flat = (rows: ArrayLike<number>[]) => {
    const out = new BigInt64Array(B * T);
    rows.forEach((r, b) => {
      for (let t = 0; t < T; t++) out[b * T + t] = BigInt(r[t]!);
    });
    return out;
  };
  const source: Record<string, ArrayLike<number>[]> = {
    [INPUT_IDS]: enc.inputIds,
    [ATTENTION_MASK]: enc.attentionMask,
    [TOKEN_TYPE_IDS]: enc.tokenTypeIds ?? enc.inputIds.map(() => new Int32Array(T)),
  };
  return Object.fromEntries(
    inputs.map((s) => [s.name, { dtype: 'int64', shape: [B, T], data: flat(source[s.name]!) } satisfies HostTensor]),
  );
}

/** Probabilities of the model file at `path` for `feeds` (a fresh session, released afterwards). */
export async function runExported(
  path: string,
  inputs: InputSpec[],
  feeds: Record<string, HostTensor>,
): Promise<Float32Array> {
  const session = await Session.create(await readFile(path), inputs, { label: `exported ${path}` });
  try {
    return (await session.run(feeds, ['probabilities'])).probabilities!.data as Float32Array;
  } finally {
    await session.release();
  }
}

export async function checkExport(
  path: string,
  clf: Classifier,
  inputs: InputSpec[],
  texts: readonly string[],
  int8: boolean,
): Promise<ExportCheck> {
  const N = texts.length;
  if (clf.source) await clf.source.prepare(texts);
  const expected = (await predict(clf.pipeline, clf.task, texts, clf.config.train.evalBatchSize)).probabilities;
  const got = await runExported(path, inputs, exportFeeds(clf.encoder, texts, clf.config.encoder.maxLength, inputs));
  return compareProbabilities(clf.task, expected, got, N, int8);
}

/** The check of an exported model's probabilities `got` against the in-process `expected` [N, C] (see the header). */
export function compareProbabilities(
  task: ClassificationTask,
  expected: Float32Array,
  got: Float32Array,
  N: number,
  int8: boolean,
): ExportCheck {
  let maxAbsDiff = got.length === expected.length ? 0 : Infinity;
  for (let i = 0; i < expected.length && maxAbsDiff !== Infinity; i++) {
    const d = Math.abs(got[i]! - expected[i]!);
    maxAbsDiff = Number.isNaN(d) ? Infinity : Math.max(maxAbsDiff, d);
  }
  const same = (a: number | number[], b: number | number[]) => JSON.stringify(a) === JSON.stringify(b);
  const want = decide(task, expected, N);
  const have = maxAbsDiff === Infinity ? [] : decide(task, got, N);
  const decisionsAgree = want.filter((d, i) => have[i] !== undefined && same(d, have[i]!)).length;
  const tolerance = int8 ? null : FP32_TOLERANCE;
  const passed = decisionsAgree === N && maxAbsDiff !== Infinity && (tolerance === null || maxAbsDiff <= tolerance);
  return { samples: N, maxAbsDiff, tolerance, decisionsAgree, passed };
}

/** Acts on a check: a failed fp32 check removes the model file and throws (that export would be wrong); a failed
 *  int8 check (some decision changed) is a warning. `what`: the in-process model, as the error names it. */
export async function settleCheck(
  check: ExportCheck,
  modelPath: string,
  what: string,
  onWarning?: (message: string) => void,
): Promise<void> {
  if (!check.passed && check.tolerance !== null) {
    await rm(modelPath, { force: true });
    throw new GraphError(
      `export check failed: the exported model differs from the in-process ${what} (max |Δp| = ${check.maxAbsDiff}, ` +
        `${check.decisionsAgree}/${check.samples} decisions agree); ${modelPath} was removed`,
    );
  }
  if (!check.passed)
    onWarning?.(
      `int8: ${check.samples - check.decisionsAgree} of ${check.samples} sample decisions differ from fp32 (max |Δp| = ${check.maxAbsDiff.toExponential(2)})`,
    );
}
