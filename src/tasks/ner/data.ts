// Reads the CoNLL files of a tagging (NER) job into splits of words + BIO tags. Every tag is checked (O or
// B-/I-/E-/S-<type>; anything else → DataError at file:line), the scheme is detected from the training file and
// every split converts to BIO through its entity spans (src/tasks/ner/scheme.ts). Dev/test tags are checked
// against the training tag set before any work (an entity type the training data lacks → DataError listing the
// tags with their first line, or those sentences skipped and counted with unknownLabel 'skip').
import { DataError } from '../../errors.ts';
import type { ConllOptions } from '../../data/conll.ts';
import { checkTags } from '../../data/label-check.ts';
import type { LabelMap } from '../../data/labels.ts';
import { inputName, type DataInput } from '../../data/lines.ts';
import { readSentences } from '../../data/read.ts';
import { holdoutSplit } from '../../data/splits.ts';
import type { TaggedSentence } from '../../data/types.ts';
import { bioLabels, checkTagSyntax, detectScheme, entityTypes, toBio } from './scheme.ts';
import type { TaggingTask } from './types.ts';
import type { SplitSummary } from '../classification/data.ts';

export interface TaggedSplit {
  /** Words of each sentence. */
  words: string[][];
  /** BIO tags of each sentence (converted from the file's scheme). */
  tags: string[][];
}

export interface TaggingData {
  task: TaggingTask;
  train: TaggedSplit;
  dev?: TaggedSplit;
  test?: TaggedSplit;
  summaries: SplitSummary[];
}

export interface TaggingFiles {
  /** File paths, or in-memory CoNLL contents ({ name, data }). */
  train: DataInput;
  dev?: DataInput;
  test?: DataInput;
  /** Fraction of train held out as dev when no dev file is given (0 = no dev). */
  devFraction?: number;
  seed?: number;
  conll?: ConllOptions;
  unknownLabel?: 'error' | 'skip';
  /** A fixed task (resume): its tag set and scheme. */
  task?: TaggingTask;
}

/** A CoNLL file's sentences with tags checked and converted to BIO (`scheme` = the file's own). */
export async function readTaggedFile(
  input: DataInput,
  conll: ConllOptions = {},
): Promise<{ sentences: TaggedSentence[]; original: string[][] }> {
  const file = inputName(input);
  const { sentences } = await readSentences(input, conll);
  const original: string[][] = [];
  const converted = sentences.map((s) => {
    if (s.tags.length !== s.tokens.length)
      throw new DataError(`${file}:${s.line}`, 'sentence has no tags (is the tag column missing?)');
    checkTagSyntax(s.tags, (k) => `${file}:${s.line + k}`);
    original.push(s.tags);
    return { ...s, tags: toBio(s.tags) };
  });
  return { sentences: converted, original };
}

const toSplit = (sentences: readonly TaggedSentence[]): TaggedSplit => ({
  words: sentences.map((s) => s.tokens),
  tags: sentences.map((s) => s.tags),
});

/** Reads and checks a labelled file against a tag set (dev, test, `bertcnn eval`). */
export async function readTaggedSplit(
  input: DataInput,
  labels: readonly string[],
  o: { conll?: ConllOptions; unknownLabel?: 'error' | 'skip' } = {},
): Promise<{ split: TaggedSplit; summary: SplitSummary }> {
  const file = inputName(input);
  const { sentences } = await readTaggedFile(input, o.conll);
  const map: LabelMap = { labels: [...labels], multiLabel: false };
  const checked = checkTags(sentences, map, { unknownLabel: o.unknownLabel ?? 'error', source: file });
  const summary = { file, records: checked.kept.length, skippedEmpty: 0, skippedUnknownLabel: checked.skippedUnknown };
  return { split: toSplit(checked.kept), summary };
}

export async function readTaggingData(f: TaggingFiles): Promise<TaggingData> {
  const trainName = inputName(f.train);
  const { sentences, original } = await readTaggedFile(f.train, f.conll);
  if (sentences.length === 0) throw new DataError(trainName, 'no sentences to train on');
  let task = f.task;
  if (!task) {
    const types = entityTypes(sentences.map((s) => s.tags));
    if (types.length === 0) throw new DataError(trainName, 'the training data has no entities (every tag is O)');
    task = { kind: 'ner', labels: bioLabels(types), scheme: detectScheme(original) };
  }
  // A fixed tag set (resume, a distilled student's teacher): the training tags are checked against it too.
  const checked = f.task
    ? checkTags(
        sentences,
        { labels: [...task.labels], multiLabel: false },
        { unknownLabel: f.unknownLabel ?? 'error', source: trainName },
      )
    : { kept: sentences, skippedUnknown: 0 };
  let train = checked.kept;
  if (train.length === 0) throw new DataError(trainName, 'no sentences left to train on');
  const summaries: SplitSummary[] = [
    { file: trainName, records: train.length, skippedEmpty: 0, skippedUnknownLabel: checked.skippedUnknown },
  ];
  let dev: TaggedSplit | undefined;
  if (f.dev) {
    const r = await readTaggedSplit(f.dev, task.labels, f);
    dev = r.split;
    summaries.push(r.summary);
  } else if ((f.devFraction ?? 0) > 0) {
    const held = holdoutSplit(train.length, { fraction: f.devFraction, seed: f.seed });
    dev = toSplit(held.dev.map((i) => train[i]!));
    train = held.train.map((i) => train[i]!);
    summaries[0]!.records = train.length;
    summaries.push({
      file: `${trainName} (${Math.round(100 * f.devFraction!)}% held out as dev)`,
      records: held.dev.length,
      skippedEmpty: 0,
      skippedUnknownLabel: 0,
    });
  }
  let test: TaggedSplit | undefined;
  if (f.test) {
    const r = await readTaggedSplit(f.test, task.labels, f);
    test = r.split;
    summaries.push(r.summary);
  }
  return { task, train: toSplit(train), dev, test, summaries };
}
