// Public surface of src/data: readers (TSV/CSV/JSONL/CoNLL), label maps and checks, batching and splits.
export { readLines, readLineBlocks, inputName, firstBadByte, type DataInput, type Line } from './lines.ts';
export { CsvParser, tsvRecord, toCsvRecord, type RawRecord } from './records.ts';
export { openDelimited, type DelimitedOptions } from './delimited.ts';
export { openJsonl, type JsonlOptions } from './jsonl.ts';
export { openConll, type ConllOptions } from './conll.ts';
export {
  openExamples,
  readExamples,
  readSentences,
  detectFormat,
  type TextFormat,
  type TextReadOptions,
} from './read.ts';
export { readAll, type DataStream, type ReadSummary, type TextExample, type TaggedSentence } from './types.ts';
export {
  buildLabelMap,
  buildTagMap,
  sortLabels,
  labelIndex,
  encodeLabels,
  recordLabels,
  saveLabelMap,
  loadLabelMap,
  type LabelMap,
} from './labels.ts';
export { checkLabels, checkTags, type LabelCheckOptions, type LabelCheckResult } from './label-check.ts';
export { lengthBucketBatches, evalBatches, restoreOrder, type BucketOptions, type EvalBatches } from './batching.ts';
export { kFold, holdoutSplit, type Fold, type SplitOptions } from './splits.ts';
