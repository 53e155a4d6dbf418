// Token classification (NER) as a task: tag schemes, sub-word alignment, word-level targets, the loss, decoding
// and entity-level scores. Training and evaluation are wired in src/train/tagging-*.ts.
export {
  TAG_SCHEMES,
  type TagScheme,
  checkTagSyntax,
  detectScheme,
  spansToTags,
  toBio,
  fromBio,
  entityTypes,
  bioLabels,
} from './scheme.ts';
export {
  sentenceText,
  tokenWordIds,
  firstSubwords,
  alignSentence,
  wordsFromTokens,
  type SentenceText,
} from './alignment.ts';
export { IGNORE_INDEX, wordInputSpecs, wordTensors } from './targets.ts';
export { gatherWords, taggingLoss } from './loss.ts';
export { bioConstraints, constrainedCrf, decodeWords } from './decode.ts';
export { scoreTagging, scoresJson, TAGGING_METRICS, type TaggingScores } from './scores.ts';
export type { TaggingTask, WordAlignment } from './types.ts';
