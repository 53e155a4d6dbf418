// Public surface of src/metrics: classification, multi-label, threshold tuning, reports and entity scores.
export { safeDiv, prfFromCounts, type Prf } from './prf.ts';
export {
  accuracy,
  confusionMatrix,
  classificationScores,
  argmaxRows,
  type ClassificationScores,
} from './classification.ts';
export {
  multiLabelScores,
  toIndicator,
  checkIndicator,
  type MultiLabelScores,
  type IndicatorRows,
} from './multilabel.ts';
export { tuneThresholds, applyThresholds, type ThresholdOptions, type TunedThresholds } from './thresholds.ts';
export { classificationReport, formatReport, type ClassificationReport, type ReportRow } from './report.ts';
export { pyFixed } from './format.ts';
export {
  splitTag,
  chunkStarts,
  chunkEnds,
  extractEntities,
  entityScores,
  type EntitySpan,
  type EntityScores,
  type EntityTypeScore,
} from './entities.ts';
export { formatConlleval, entityReport } from './entities-report.ts';
