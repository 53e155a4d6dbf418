// Tagging inference and evaluation: run the pipeline's inference Program (emissions [B, T, L]) over sentences in
// deterministic length-sorted batches, read each labelled word's emission row at its first sub-token, decode
// (argmax, or constrained Viterbi for CRF taggers), give words without a sub-token (cut by truncation) 'O', restore
// the input order, and score against gold BIO tags entity by entity (conlleval).
import { evalBatches } from '../../data/batching.ts';
import { constrainedCrf, decodeWords } from './decode.ts';
import type { CrfHostParams } from '../../engine/losses/viterbi.ts';
import { scoreTagging, type TaggingScores } from './scores.ts';
import type { TaggingTask } from './types.ts';
import { ProgramCache } from '../../train/program-cache.ts';
import type { TaggingPipeline } from './pipeline.ts';
import type { TaggedSplit } from './data.ts';

export interface TagPredictions {
  /** BIO tags per sentence, one per word. */
  tags: string[][];
  /** Words without a sub-token (cut by truncation), predicted 'O'. */
  cutWords: number;
  cutSentences: number;
}

export interface TaggingEvaluation extends TagPredictions {
  scores: TaggingScores;
}

/** Words without a sub-token (cut by truncation; predicted 'O', never trained on) and the sentences holding them. */
export function countCut(
  pipeline: TaggingPipeline,
  sentences: readonly (readonly string[])[],
): { cutWords: number; cutSentences: number } {
  let cutWords = 0;
  let cutSentences = 0;
  for (const w of sentences) {
    const a = pipeline.alignment(w);
    cutWords += a.words - a.labelled.length;
    if (a.words > a.labelled.length) cutSentences++;
  }
  return { cutWords, cutSentences };
}

/** The inference Programs of a pipeline (emissions [B, T, L]); keep one across dev evaluations to compile once. */
export function inferencePrograms(pipeline: TaggingPipeline): ProgramCache {
  return new ProgramCache(pipeline.head.staticLength, (T) => ({
    label: `${pipeline.mode} tagging inference [T=${T}]`,
    training: false,
    inputs: pipeline.inputSpecs(T),
    build: (ctx, x) => ({ outputs: { emissions: pipeline.build(ctx, x) } }),
  }));
}

/** Each sentence's emission rows [n, L] at its n labelled words' first sub-tokens (words cut by truncation have
 *  none), in input order; `shared` programs are reused (and not released), else compiled and released. */
export async function wordEmissions(
  pipeline: TaggingPipeline,
  L: number,
  sentences: readonly (readonly string[])[],
  batchSize: number,
  shared?: ProgramCache,
): Promise<Float32Array[]> {
  const programs = shared ?? inferencePrograms(pipeline);
  const aligns = sentences.map((w) => pipeline.alignment(w));
  try {
    const plan = evalBatches(
      aligns.map((a) => a.tokens),
      batchSize,
    );
    const perBatch: Float32Array[][] = [];
    for (const idx of plan.batches) {
      const T = programs.padded(Math.max(...idx.map((k) => aligns[k]!.tokens)));
      const program = await programs.get(T);
      const r = await program.run(
        await pipeline.feeds(
          idx.map((k) => sentences[k]!),
          T,
        ),
      );
      const em = r.outputs.emissions!.data as Float32Array; // [B, T, L]
      perBatch.push(
        idx.map((k, b) => {
          const a = aligns[k]!;
          const rows = new Float32Array(a.labelled.length * L); // [n, L]
          a.labelled.forEach((w, j) =>
            rows.set(em.subarray((b * T + a.firstToken[w]!) * L, (b * T + a.firstToken[w]! + 1) * L), j * L),
          );
          return rows;
        }),
      );
    }
    return plan.restore(perBatch);
  } finally {
    if (!shared) await programs.release();
  }
}

/** BIO tags of a sentence of `words` words from its labelled words' emission rows [n, L] (the rest 'O'). */
export function tagsOfRows(
  rows: Float32Array,
  words: number,
  labelled: readonly number[],
  labels: readonly string[],
  crf: CrfHostParams | null,
): string[] {
  const tags = new Array<string>(words).fill('O');
  decodeWords(rows, labelled.length, labels.length, crf).forEach((y, j) => (tags[labelled[j]!] = labels[y]!));
  return tags;
}

/** Tags per word, in input order; `shared` programs are reused (and not released), else compiled and released. */
export async function predictTags(
  pipeline: TaggingPipeline,
  task: TaggingTask,
  sentences: readonly (readonly string[])[],
  batchSize: number,
  shared?: ProgramCache,
): Promise<TagPredictions> {
  const crf = pipeline.head.crf ? constrainedCrf(pipeline.head.crf.host(), task.labels) : null;
  const rows = await wordEmissions(pipeline, task.labels.length, sentences, batchSize, shared);
  const tags = sentences.map((w, k) =>
    tagsOfRows(rows[k]!, w.length, pipeline.alignment(w).labelled, task.labels, crf),
  );
  return { tags, ...countCut(pipeline, sentences) };
}

export async function evaluateTagging(
  pipeline: TaggingPipeline,
  task: TaggingTask,
  split: TaggedSplit,
  batchSize: number,
  shared?: ProgramCache,
): Promise<TaggingEvaluation> {
  const p = await predictTags(pipeline, task, split.words, batchSize, shared);
  return { ...p, scores: scoreTagging(split.tags, p.tags) };
}
