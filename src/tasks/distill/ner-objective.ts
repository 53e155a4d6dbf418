// What a distilled tagger minimises (the NER counterpart of loss.ts), per real word — padding is masked out:
//
//   loss = α · hard  +  (1 − α) · Σ_w m_w · D(s_w, t_w) / Σ_w m_w
//
//   hard   cross-entropy over the words of labelled sentences (gold tags; other sentences' targets are −100), or,
//          for a CRF student, the CRF NLL of each labelled sentence averaged over them (`labelled` [B] weights)
//   D      loss.ts rowDistance between the student's emission row s_w and the teacher's t_w (both [C], before
//          any CRF): 'mse' the mean of (s − t)² over the tags, 'kl' T² · KL(softmax(t/T) ‖ softmax(s/T))
//   m_w    1 for a word that has a teacher row (not padding, not cut by the teacher's max length)
//
// Program inputs besides the pipeline's: word_index, word_mask [B, T] (ner/targets.ts), targets [B, T] (α > 0),
// labelled [B] (α > 0, CRF student), teacher [B, T, C] and teacher_mask [B, T] (α < 1).
import type { Value } from '../../engine/graph.ts';
import * as op from '../../engine/ops/index.ts';
import { crfNll, crossEntropy } from '../../engine/losses/index.ts';
import { safeDiv } from '../../engine/losses/common.ts';
import type { HostTensor } from '../../engine/tensor.ts';
import { gatherWords } from '../ner/loss.ts';
import { IGNORE_INDEX, wordInputSpecs, wordTensors } from '../ner/targets.ts';
import type { TaggingObjective } from '../ner/trainer.ts';
import { rowDistance, type DistillLossOptions } from './loss.ts';

export interface NerDistillObjectiveOptions {
  /** Tags (tag indices per word) of each training sentence, or null (augmented copies, unlabeled sentences). */
  tags: readonly (readonly number[] | null)[];
  /** The teacher's rows [m, C] of each training sentence (m ≤ its words); null when α = 1. */
  teacher: readonly Float32Array[] | null;
  /** Number of tags C. */
  C: number;
  /** The student has a CRF layer (hard term: CRF NLL). */
  crf: boolean;
  loss: DistillLossOptions;
}

export function nerDistillObjective(o: NerDistillObjectiveOptions): TaggingObjective {
  const { alpha } = o.loss;
  const { C } = o;
  return {
    inputSpecs(T) {
      const specs = wordInputSpecs(T, alpha > 0);
      if (alpha > 0 && o.crf) specs.push({ name: 'labelled', dtype: 'float32', shape: ['B'] });
      if (alpha < 1)
        specs.push(
          { name: 'teacher', dtype: 'float32', shape: ['B', T, C] },
          { name: 'teacher_mask', dtype: 'float32', shape: ['B', T] },
        );
      return specs;
    },
    loss(emissions, x, crf) {
      return emissions.graph.scope('ner_distill_loss', () => {
        const words = gatherWords(emissions, x.word_index!); // [B, T, C]
        let hard: Value | null = null;
        if (alpha > 0) {
          if (!crf) hard = crossEntropy(words, x.targets!, { ignoreIndex: IGNORE_INDEX });
          else {
            const nll = crfNll(crf, words, x.targets!, x.word_mask!, 'none'); // [B]
            hard = safeDiv(op.reduceSum(op.mul(nll, x.labelled!), [0]), op.reduceSum(x.labelled!, [0]));
          }
        }
        let soft: Value | null = null;
        if (alpha < 1) {
          const d = rowDistance(words, x.teacher!, o.loss); // [B, T]
          const m = x.teacher_mask!;
          soft = safeDiv(op.reduceSum(op.mul(d, m), [0, 1]), op.reduceSum(m, [0, 1]));
        }
        if (!soft) return hard!;
        if (!hard) return soft;
        return op.add(op.mul(hard, alpha), op.mul(soft, 1 - alpha));
      });
    },
    feeds(rows, aligns, T) {
      // Unlabelled sentences: −100 targets (ignored by cross-entropy), or tag 0 with weight 0 under a CRF (its
      // gold score must gather a real tag at every unmasked word).
      const none = (k: number) => new Array<number>(aligns[k]!.words).fill(o.crf ? 0 : IGNORE_INDEX);
      const feeds: Record<string, HostTensor> = wordTensors(
        aligns,
        T,
        alpha > 0 ? rows.map((i, k) => o.tags[i] ?? none(k)) : undefined,
      );
      const B = rows.length;
      if (alpha > 0 && o.crf)
        feeds.labelled = { dtype: 'float32', shape: [B], data: Float32Array.from(rows, (i) => (o.tags[i] ? 1 : 0)) };
      if (alpha < 1) {
        const t = new Float32Array(B * T * C); // [B, T, C]
        const m = new Float32Array(B * T); // [B, T]
        rows.forEach((i, b) => {
          const r = o.teacher![i]!; // [m, C]
          const have = r.length / C;
          aligns[b]!.labelled.forEach((w, k) => {
            if (w >= have) return; // cut by the teacher's max length
            t.set(r.subarray(w * C, (w + 1) * C), (b * T + k) * C);
            m[b * T + k] = 1;
          });
        });
        feeds.teacher = { dtype: 'float32', shape: [B, T, C], data: t };
        feeds.teacher_mask = { dtype: 'float32', shape: [B, T], data: m };
      }
      return feeds;
    },
  };
}
