// `bertcnn predict RUN_DIR [--input FILE|-]`: classifies texts with a trained run and writes JSONL to stdout, one
// line per text in input order: {"text", "label", "probabilities": {label: p}} ("labels": [...] for multi-label
// runs). Input: plain lines (stdin by default) or a TSV/CSV/JSONL column (see predict-input.ts). Empty texts are
// skipped with a count on stderr. NER runs write {"words", "tags", "entities"} per sentence (ner-predict.ts);
// kim2014 runs the classification JSONL (kim-infer.ts). A cross-validation folder gets an error naming a fold.
// --redis URL: the texts go in chunks to `bertcnn worker --run RUN` processes (src/queue/remote-predict.ts), for
// every kind of run (NER: raw-text lines); the output is the same JSONL, in input order.
import type { Command } from 'commander';
import { PREDICT_CHUNK, predictWithRun } from '../../tasks/classification/inference.ts';
import { runKind } from '../../runs/kind.ts';
import { checkComplete } from '../../runs/status.ts';
import { warn } from '../format.ts';
import { kimPredictWithRun } from '../../presets/kim2014/inference.ts';
import { checkExtendVocab, EXTEND_VOCAB_HELP } from '../kim-flags.ts';
import { readNerInput, runNerPredict, type PredictFlags } from '../ner-predict.ts';
import { column, int, num } from '../flags.ts';
import { featureProgress, progressBar, type Progress } from '../progress.ts';
import { predictFormat, readPredictInput } from '../predict-input.ts';
import { UsageError } from '../../errors.ts';
import { predictInputLines } from '../../queue/input-lines.ts';
import { remotePredict, remoteTag } from '../../queue/remote-predict.ts';
import { DEFAULT_QUEUE_TIMEOUT_S } from './embed.ts';

type QueueFlags = PredictFlags & { redis?: string; chunk?: string; queueTimeout?: string; extendVocab?: boolean };

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('classify texts with a trained run; JSONL out: {"text", "label" | "labels", "probabilities"}')
    .argument('<run>', 'run folder written by bertcnn train')
    .option('--input <file>', "texts: '-' (stdin, one per line), a text file, or a TSV/CSV/JSONL file", '-')
    .option(
      '--format <fmt>',
      'text|tsv|csv|jsonl (default: from the extension; stdin and other files: text); NER runs: text|conll',
    )
    .option('--header', 'the first row of a TSV/CSV file is a header')
    .option(
      '--text-column <col>',
      'TSV/CSV text column (0-based index or header name; default 1, the label<TAB>text layout) or JSONL field',
    )
    .option('--threshold <p>', 'decision threshold for binary / multi-label runs (default: the run’s, else 0.5)')
    .option('--cache <dir>', 'frozen runs: persistent feature cache folder (shared with train and embed)')
    .option('--batch-size <n>', "inference batch size (default: the run's evaluation batch size)")
    .option('--redis <url>', 'predict on `bertcnn worker --run RUN` processes through this Redis (redis://host:port)')
    .option(
      '--chunk <n>',
      'texts per model pass, in input order (with --redis: per job; the same --chunk gives the same bits locally and over Redis)',
      String(PREDICT_CHUNK),
    )
    .option(
      '--queue-timeout <s>',
      `--redis: give up when the jobs are not done after this many seconds (default ${DEFAULT_QUEUE_TIMEOUT_S})`,
    )
    .option('--extend-vocab', EXTEND_VOCAB_HELP)
    .option('--allow-incomplete', 'use a run whose training did not finish (default: refuse it, naming its status)')
    .option('--quiet', 'no progress bar or messages')
    .action((run: string, o: QueueFlags) => runPredict(run, o));
}

const round = (p: number) => Math.round(p * 1e6) / 1e6;

/** --redis: the probabilities come from the workers serving this run; decisions are made here. */
async function predictOverQueue(
  runDir: string,
  texts: string[],
  source: string,
  o: QueueFlags & { redis: string },
  threshold?: number,
) {
  const say = (s: string) => !o.quiet && process.stderr.write(`${s}\n`);
  if (o.cache !== undefined || o.batchSize !== undefined)
    say('warning: --cache and --batch-size do not apply with --redis (the workers hold the model)');
  const textColumn = o.textColumn === undefined ? undefined : column('--text-column', o.textColumn);
  const lines = await predictInputLines(o.input, predictFormat(o.input, o.format), { header: o.header, textColumn });
  const { chunk, timeoutS } = queueOptions(o);
  let bar: Progress | undefined;
  const onProgress = (done: number, total: number) =>
    (bar ??= progressBar(total, 'predict', { quiet: o.quiet })).update(done);
  return remotePredict(runDir, texts, {
    redis: o.redis,
    chunk,
    timeoutS,
    threshold,
    source,
    lines,
    onProgress,
    onError: (m) => say(`warning: ${m}`),
  }).finally(() => bar?.stop());
}

/** Options of --redis shared by both run kinds. */
function queueOptions(o: QueueFlags) {
  const chunk = int('--chunk', o.chunk ?? String(PREDICT_CHUNK));
  const timeoutS = o.queueTimeout === undefined ? DEFAULT_QUEUE_TIMEOUT_S : num('--queue-timeout', o.queueTimeout);
  if (chunk < 1 || !(timeoutS > 0)) throw new UsageError('--chunk and --queue-timeout must be positive');
  return { chunk, timeoutS };
}

/** A NER run with --redis: raw-text lines tagged by the workers; the same JSONL as a local raw-text predict. */
async function tagOverQueue(runDir: string, o: QueueFlags & { redis: string }): Promise<void> {
  const say = (s: string) => !o.quiet && process.stderr.write(`${s}\n`);
  if (o.threshold !== undefined) throw new UsageError('--threshold does not apply to NER runs');
  if (o.header) throw new UsageError('--header does not apply to NER runs');
  if (o.cache !== undefined || o.batchSize !== undefined)
    say('warning: --cache and --batch-size do not apply with --redis (the workers hold the model)');
  const input = await readNerInput(o.input, { format: o.format });
  if (!input.raw)
    throw new UsageError('--redis tags raw text lines; a CoNLL input (--format conll) is predicted without --redis');
  if (input.skippedEmpty) say(`${input.name}: skipped ${input.skippedEmpty} empty line(s)`);
  let bar: Progress | undefined;
  const { tagged } = await remoteTag(runDir, input.raw.lines, {
    redis: o.redis,
    ...queueOptions(o),
    source: input.name,
    lines: null,
    onProgress: (done, total) => (bar ??= progressBar(total, 'predict', { quiet: o.quiet })).update(done),
    onError: (m) => say(`warning: ${m}`),
  }).finally(() => bar?.stop());
  for (let s = 0; s < tagged.length; s += 1000)
    console.log(
      tagged
        .slice(s, s + 1000)
        .map((t) => JSON.stringify(t))
        .join('\n'),
    );
  say(`tagged ${tagged.length} sentence(s) with ${runDir} over ${o.redis}`);
}

export async function runPredict(runDir: string, o: QueueFlags): Promise<void> {
  const kind = runKind(runDir); // classification, ner or kim2014 (a CV folder: an error naming a fold)
  await checkComplete(runDir, { allowIncomplete: o.allowIncomplete, onWarning: warn(o.quiet) });
  checkExtendVocab(kind, o.extendVocab);
  if (o.extendVocab && o.redis !== undefined)
    throw new UsageError("--extend-vocab cannot go with --redis: workers predict with the run's vocabulary");
  if (kind === 'ner')
    return o.redis !== undefined ? tagOverQueue(runDir, { ...o, redis: o.redis }) : runNerPredict(runDir, o);
  const kim = kind === 'kim2014';
  const threshold = o.threshold === undefined ? undefined : num('--threshold', o.threshold);
  const batchSize = o.batchSize === undefined ? undefined : int('--batch-size', o.batchSize);
  if (batchSize !== undefined && batchSize < 1)
    throw new UsageError(`--batch-size must be a positive integer, got ${batchSize}`);
  const textColumn = o.textColumn === undefined ? undefined : column('--text-column', o.textColumn);
  const say = (s: string) => {
    if (!o.quiet) process.stderr.write(`${s}\n`);
  };
  const input = await readPredictInput(o.input, { format: o.format, header: o.header, textColumn });
  if (input.skippedEmpty) say(`${input.name}: skipped ${input.skippedEmpty} empty text(s)`);
  const features = featureProgress(o.quiet);
  const { task, predictions } = await (
    o.redis !== undefined
      ? predictOverQueue(runDir, input.texts, input.name, { ...o, redis: o.redis }, threshold)
      : (kim ? kimPredictWithRun : predictWithRun)(runDir, input.texts, {
          threshold,
          batchSize,
          extendVocab: o.extendVocab,
          chunk: int('--chunk', o.chunk ?? String(PREDICT_CHUNK)),
          cacheDir: o.cache,
          onWarning: (m) => say(`warning: ${m}`),
          onFeatures: features.onFeatures,
        })
  ).finally(features.stop);
  const L = task.labels.length;
  const lines: string[] = [];
  const flush = () => {
    if (lines.length) console.log(lines.join('\n'));
    lines.length = 0;
  };
  input.texts.forEach((text, i) => {
    const probabilities = Object.fromEntries(
      task.labels.map((l, c) => [l, round(predictions.probabilities[i * L + c]!)]),
    );
    const d = predictions.decisions[i]!;
    const decision = Array.isArray(d) ? { labels: d.map((c) => task.labels[c]!) } : { label: task.labels[d]! };
    lines.push(JSON.stringify({ text, ...decision, probabilities }));
    if (lines.length >= 1000) flush();
  });
  flush();
  say(`predicted ${input.texts.length} text(s) with ${runDir}`);
}
