// Tagging inference and evaluation: run the pipeline's inference Program (emissions [B, T, L]) over sentences in
// deterministic length-sorted batches, read each labelled word's emission row at its first sub-token, decode
// (argmax, or constrained Viterbi for CRF taggers), give words without a sub-token (cut by truncation) 'O', restore
// the input order, and score against gold BIO tags entity by entity (conlleval).
import { evalBatches } from '../../data/batching.ts';
import { constrainedCrf, decodeWords } from './decode.ts';
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

/** Tags per word, in input order; `shared` programs are reused (and not released), else compiled and released. */
export async function predictTags(
  pipeline: TaggingPipeline,
  task: TaggingTask,
  sentences: readonly (readonly string[])[],
  batchSize: number,
  shared?: ProgramCache,
): Promise<TagPredictions> {
  const head = pipeline.head;
  const programs = shared ?? inferencePrograms(pipeline);
  const L = task.labels.length;
  const crf = head.crf ? constrainedCrf(head.crf.host(), task.labels) : null;
  const aligns = sentences.map((w) => pipeline.alignment(w));
  try {
    const plan = evalBatches(
      aligns.map((a) => a.tokens),
      batchSize,
    );
    const perBatch: string[][][] = [];
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
          const rows = new Float32Array(a.labelled.length * L); // [n, L], the labelled words' first sub-tokens
          a.labelled.forEach((w, j) =>
            rows.set(em.subarray((b * T + a.firstToken[w]!) * L, (b * T + a.firstToken[w]! + 1) * L), j * L),
          );
          const tags = new Array<string>(a.words).fill('O');
          decodeWords(rows, a.labelled.length, L, crf).forEach((y, j) => (tags[a.labelled[j]!] = task.labels[y]!));
          return tags;
        }),
      );
    }
    return { tags: plan.restore(perBatch), ...countCut(pipeline, sentences) };
  } finally {
    if (!shared) await programs.release();
  }
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
