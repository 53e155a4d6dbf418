// Reads the labelled files of a training job into label-encoded splits, checking every split against the
// training label map before any work (unknown labels: error listing them, or skip with a count). A file with no
// examples (empty, header only, every text empty) is refused naming it: an empty train file has nothing to learn,
// an empty dev/test file would score 0 and pick epoch 1 as the best.
import { DataError, UsageError } from '../../errors.ts';
import { checkLabels } from '../../data/label-check.ts';
import { buildLabelMap, encodeLabels, type LabelMap } from '../../data/labels.ts';
import { inputName, type DataInput } from '../../data/lines.ts';
import { readExamples, type TextReadOptions } from '../../data/read.ts';
import { holdoutSplit, kFold } from '../../data/splits.ts';
import type { ReadSummary, TextExample } from '../../data/types.ts';
import type { LabelledSplit } from './evaluate.ts';

export interface SplitSummary {
  file: string;
  records: number;
  skippedEmpty: number;
  skippedUnknownLabel: number;
}

export interface JobData {
  labels: LabelMap;
  train: LabelledSplit;
  dev?: LabelledSplit;
  test?: LabelledSplit;
  summaries: SplitSummary[];
}

/** Refuses a file that yielded no examples, naming it and what was skipped. */
function requireExamples(file: string, role: string, examples: readonly unknown[], s: ReadSummary): void {
  if (examples.length > 0) return;
  const why = s.skippedEmpty > 0 ? `all ${s.skippedEmpty} texts are empty` : 'the file is empty or holds only a header';
  throw new DataError(
    file,
    `no examples in the ${role} file (${why}); expected labelled texts, e.g. label<TAB>text per line`,
  );
}

function toSplit(examples: readonly TextExample[], map: LabelMap, source: string): LabelledSplit {
  return { texts: examples.map((e) => e.text), y: encodeLabels(examples, map, source) };
}

export async function readSplit(
  input: DataInput,
  map: LabelMap,
  read: TextReadOptions,
  unknownLabel: 'error' | 'skip',
  role = 'evaluation',
): Promise<{ split: LabelledSplit; summary: SplitSummary }> {
  const file = inputName(input);
  const { examples, summary } = await readExamples(input, read);
  requireExamples(file, role, examples, summary);
  const checked = checkLabels(examples, map, { unknownLabel, source: file });
  return {
    split: toSplit(checked.kept, map, file),
    summary: {
      file,
      records: checked.kept.length,
      skippedEmpty: summary.skippedEmpty,
      skippedUnknownLabel: checked.skippedUnknown,
    },
  };
}

/** What was read from one file (or part), as training prints it: `train.tsv: 6920 examples (4 empty text(s) skipped)`. */
export function summaryLine(s: SplitSummary): string {
  const skipped = [
    s.skippedEmpty ? `${s.skippedEmpty} empty text(s) skipped` : '',
    s.skippedUnknownLabel ? `${s.skippedUnknownLabel} unknown-label record(s) skipped` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `${s.file}: ${s.records} examples${skipped ? ` (${skipped})` : ''}`;
}

export interface JobFiles {
  /** File paths, or in-memory contents ({ name, data }). */
  train: DataInput;
  dev?: DataInput;
  test?: DataInput;
  /** Fraction of train held out as dev when no dev file is given (0 = no dev). */
  devFraction?: number;
  /** Cross-validation: fold `index` (0-based) of `k` of the train file is the test split, and dev is `devFraction`
   *  (default 0.1) of the other folds; with a test file, fold `index` is dev instead. */
  fold?: { k: number; index: number };
  seed?: number;
  read?: TextReadOptions;
  unknownLabel?: 'error' | 'skip';
  /** A fixed label map (resume / fine-tuning an existing run); default: built from train. */
  labels?: LabelMap;
}

const CONLL_EXTENSION = /\.(conll|conllu|iob|iob2|bio|bioes)$/i;
const TAG = /^(O|[BIES]-\S+)$/;

/** A CoNLL token file (one token per line, a tag per token) read as texts would train a classifier on single words:
 *  refused with the way to train a tagger. Recognised by its extension, or by texts that are nearly all tags (the
 *  default label<TAB>text layout puts a CoNLL line's tag in the text column). */
function refuseTokenFile(name: string, examples: readonly { text: string }[]): void {
  const tagTexts = examples.filter((e) => TAG.test(e.text.trim())).length;
  const looksTagged = examples.length >= 5 && tagTexts >= 0.9 * examples.length;
  if (CONLL_EXTENSION.test(name) || looksTagged)
    throw new UsageError(
      `${name} looks like a CoNLL token file (one token per line${looksTagged ? `, ${tagTexts} of ${examples.length} texts are tags like O / B-PER` : ''}): ` +
        'train a tagger with --task ner, or give one text per line for classification',
    );
}

export async function readJobData(f: JobFiles): Promise<JobData> {
  const read = f.read ?? {};
  const trainName = inputName(f.train);
  const { examples, summary } = await readExamples(f.train, read);
  requireExamples(trainName, 'training', examples, summary);
  refuseTokenFile(trainName, examples);
  const labels = f.labels ?? buildLabelMap(examples);
  const trainChecked = checkLabels(examples, labels, { unknownLabel: f.unknownLabel, source: trainName });
  let trainExamples = trainChecked.kept;
  const summaries: SplitSummary[] = [
    {
      file: trainName,
      records: trainExamples.length,
      skippedEmpty: summary.skippedEmpty,
      skippedUnknownLabel: trainChecked.skippedUnknown,
    },
  ];
  let dev: LabelledSplit | undefined;
  let foldTest: LabelledSplit | undefined;
  if (f.dev) {
    const r = await readSplit(f.dev, labels, read, f.unknownLabel ?? 'error', 'dev');
    dev = r.split;
    summaries.push(r.summary);
  } else if (f.fold) {
    // Cross-validation. Fold i is scored as test and nothing about it is seen in training: the best epoch is chosen
    // on a dev part carved from the other folds (devFraction, Kim's 10% by default). With a test file, fold i is
    // the dev part instead and the test file is scored (no fold is then held out untouched).
    const keys = trainExamples.map((e) => (e.labels ?? [e.label ?? '']).join('|'));
    const total = trainExamples.length;
    const fold = kFold(keys, f.fold.k, { seed: f.seed })[f.fold.index];
    if (!fold) throw new RangeError(`fold index ${f.fold.index} is outside 0..${f.fold.k - 1}`);
    const what = `fold ${f.fold.index + 1} of ${f.fold.k}`;
    const part = (idx: readonly number[], name: string) =>
      toSplit(
        idx.map((i) => trainExamples[i]!),
        labels,
        `${trainName} (${name})`,
      );
    if (f.test) {
      dev = part(fold.test, `${what}, dev`);
      trainExamples = fold.train.map((i) => trainExamples[i]!);
      summaries.push({
        file: `${trainName} (${what} held out as dev)`,
        records: fold.test.length,
        skippedEmpty: 0,
        skippedUnknownLabel: 0,
      });
    } else {
      const rest = fold.train;
      const frac = f.devFraction ?? 0.1;
      const carved = holdoutSplit(
        rest.map((i) => keys[i]!),
        { fraction: frac, seed: f.seed },
      );
      dev = part(
        carved.dev.map((j) => rest[j]!),
        `dev: ${Math.round(100 * frac)}% of the other folds`,
      );
      foldTest = part(fold.test, `${what}, test`);
      trainExamples = carved.train.map((j) => trainExamples[rest[j]!]!);
      summaries.push(
        {
          file: `${trainName} (${Math.round(100 * frac)}% of the other folds held out as dev)`,
          records: carved.dev.length,
          skippedEmpty: 0,
          skippedUnknownLabel: 0,
        },
        {
          file: `${trainName} (${what} held out as test)`,
          records: fold.test.length,
          skippedEmpty: 0,
          skippedUnknownLabel: 0,
        },
      );
    }
    summaries[0]!.file = `${trainName} (training part of its ${total} records)`;
    summaries[0]!.records = trainExamples.length;
  } else if ((f.devFraction ?? 0) > 0) {
    const keys = trainExamples.map((e) => (e.labels ?? [e.label ?? '']).join('|'));
    const total = trainExamples.length;
    const { train, dev: held } = holdoutSplit(keys, { fraction: f.devFraction, seed: f.seed });
    dev = toSplit(
      held.map((i) => trainExamples[i]!),
      labels,
      `${trainName} (held-out dev)`,
    );
    trainExamples = train.map((i) => trainExamples[i]!);
    summaries.push({
      file: `${trainName} (${Math.round(100 * f.devFraction!)}% held out as dev)`,
      records: held.length,
      skippedEmpty: 0,
      skippedUnknownLabel: 0,
    });
    summaries[0]!.file = `${trainName} (training part of its ${total} records)`;
    summaries[0]!.records = trainExamples.length;
  }
  let test: LabelledSplit | undefined = foldTest;
  if (f.test) {
    const r = await readSplit(f.test, labels, read, f.unknownLabel ?? 'error', 'test');
    test = r.split;
    summaries.push(r.summary);
  }
  return { labels, train: toSplit(trainExamples, labels, trainName), dev, test, summaries };
}
