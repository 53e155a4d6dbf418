// Scores of a tagging run on one split: entity-level precision, recall and F1 exactly as conlleval / seqeval
// count them (src/metrics/entities.ts), micro over all entities plus one row per type, and conlleval's token
// accuracy. The flat summary is what logs, early stopping (default metric: f1) and tables read.
import { entityScores, type EntityScores, type EntityTypeScore } from '../../metrics/entities.ts';

export interface TaggingScores {
  /** precision, recall, f1 (entity-level, micro), token_accuracy. */
  summary: Record<string, number>;
  perType: Record<string, EntityTypeScore>;
  entities: EntityScores;
}

export const TAGGING_METRICS = ['f1', 'precision', 'recall', 'token_accuracy'] as const;

/** Gold and predicted BIO tags per sentence (same shapes). */
export function scoreTagging(
  gold: readonly (readonly string[])[],
  pred: readonly (readonly string[])[],
): TaggingScores {
  const s = entityScores(gold, pred);
  return {
    summary: {
      precision: s.overall.precision,
      recall: s.overall.recall,
      f1: s.overall.f1,
      token_accuracy: s.tokenAccuracy,
    },
    perType: s.perType,
    entities: s,
  };
}

/** The metrics.json section of a split. */
export function scoresJson(s: TaggingScores, extra: Record<string, number> = {}): Record<string, unknown> {
  return {
    ...s.summary,
    entities: s.entities.overall.support,
    predicted: s.entities.overall.predicted,
    ...extra,
    per_type: s.perType,
  };
}
