// From a validated train spec (train-spec.ts) to the library's TrainJob (classification) or TaggingJob (--task
// ner): head kind, mode and options (checked against the head's schema before any work; `--head cnn-alone` runs in
// mode 'ids', no encoder pass; --crf adds a tagger's CRF layer), reader options (a named column is also the JSONL
// field; for CoNLL the token and tag columns), the TrainOptions subset and the encoder selection.
import { UsageError } from '../errors.ts';
import { storedEncoderRef } from '../encoders/run-ref.ts';
import type { TextReadOptions } from '../data/read.ts';
import type { TrainJob } from '../tasks/classification/job.ts';
import type { TaggingJob } from '../tasks/ner/job.ts';
import { TrainOptionsSchema, type TrainOptionsInput } from '../train/options.ts';
import { classifierHead, taggerHead, type TrainSpec } from './train-spec.ts';

const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function readOptions(
  s: Pick<TrainSpec, 'format' | 'header' | 'textColumn' | 'labelColumn' | 'labelSeparator'>,
): TextReadOptions {
  return defined({
    format: s.format,
    header: s.header,
    textColumn: s.textColumn,
    labelColumn: s.labelColumn,
    labelSeparator: s.labelSeparator,
    textField: typeof s.textColumn === 'string' ? s.textColumn : undefined,
    labelField: typeof s.labelColumn === 'string' ? s.labelColumn : undefined,
  });
}

export function trainOptions(s: TrainSpec): TrainOptionsInput {
  return Object.fromEntries(
    Object.keys(TrainOptionsSchema.shape).map((k) => [k, s[k as keyof TrainSpec]]),
  ) as TrainOptionsInput;
}

function encoderSpec(s: TrainSpec): TrainJob['encoder'] {
  return {
    ref: storedEncoderRef(s.encoder!), // a local folder absolute, so the run loads from any directory
    ...defined({
      layers: s.layers,
      combine: s.combine,
      pooling: s.pooling,
      maxLength: s.maxLength,
      precision: s.precision,
      windowStride: s.windowStride,
    }),
  };
}

export function toTrainJob(s: TrainSpec): TrainJob {
  if (s.task === 'ner')
    throw new UsageError('--task ner trains a tagger with bertcnn train; this command handles text classification');
  const { head, mode } = classifierHead(s);
  return {
    out: s.out!,
    trainFile: s.train!,
    devFile: s.dev,
    testFile: s.test,
    devFraction: s.devSplit,
    read: readOptions(s),
    unknownLabel: s.unknownLabel,
    task: s.task,
    classWeights: s.classWeights,
    mode,
    encoder: encoderSpec(s),
    head,
    options: trainOptions(s),
    freezeLayers: s.freezeLayers,
    resume: s.resume,
  };
}

export function toTaggingJob(s: TrainSpec): TaggingJob {
  const head = taggerHead(s);
  const words = s.mode === 'words';
  // mode words: no encoder; its max length counts words (defaults of the encoder spec otherwise unused)
  const encoder = words ? { ref: '', ...defined({ maxLength: s.maxLength }) } : encoderSpec(s);
  const num = (v: string | number | undefined) => (typeof v === 'number' ? v : undefined);
  return {
    out: s.out!,
    trainFile: s.train!,
    devFile: s.dev,
    testFile: s.test,
    devFraction: s.devSplit,
    conll: defined({ tokenColumn: num(s.textColumn), tagColumn: num(s.labelColumn) }),
    unknownLabel: s.unknownLabel,
    mode: s.mode,
    encoder,
    head,
    ...(words ? { embeddings: defined({ init: s.initEmbeddings, oov: s.oov, freeze: s.freezeEmbeddings }) } : {}),
    options: trainOptions(s),
    freezeLayers: s.freezeLayers,
    resume: s.resume,
  };
}
