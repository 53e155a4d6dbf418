// `bertcnn eval RUN_DIR --input FILE`: scores a trained run on a labelled file. Labels are checked against the
// run's label map before the model loads (unseen labels → exit 1 with the list; `--unknown-label skip` drops
// those records and says how many). Prints a scikit-learn-style classification report and the confusion matrix;
// `--json` prints the scores as one JSON object. NER runs (train --task ner) are scored on a CoNLL file with
// entity-level precision/recall/F1 (ner-eval.ts).
import type { Command } from 'commander';
import { readRunConfig } from '../../train/run-dir.ts';
import { UsageError } from '../../errors.ts';
import { classificationReport, formatReport, toIndicator } from '../../metrics/index.ts';
import { evaluateFile } from '../../tasks/classification/inference.ts';
import { runKind } from '../../runs/kind.ts';
import { checkComplete } from '../../runs/status.ts';
import { warn } from '../format.ts';
import { kimEvaluateFile } from '../../presets/kim2014/inference.ts';
import { checkExtendVocab, EXTEND_VOCAB_HELP } from '../kim-flags.ts';
import { runNerEval, type EvalFlags } from '../ner-eval.ts';
import { column, int, num, oneOf } from '../flags.ts';
import { confusionTable, metricLine } from '../format.ts';
import { featureProgress } from '../progress.ts';
import { readOptions } from '../train-job.ts';

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description(
      'score a trained run on a labelled file: classification report and confusion matrix (NER runs: CoNLL, entity F1)',
    )
    .argument('<run>', 'run folder written by bertcnn train')
    .requiredOption('--input <file>', 'labelled TSV/CSV/JSONL file (same layout flags as train; CoNLL for NER runs)')
    .option('--unknown-label <how>', 'error|skip: records whose label the run never saw (default error)')
    .option('--format <fmt>', 'tsv|csv|jsonl (default: from the file extension)')
    .option('--header', 'the first row of a TSV/CSV file is a header')
    .option('--text-column <col>', 'text column: 0-based index or header name; JSONL field')
    .option('--label-column <col>', 'label column: 0-based index or header name; JSONL field')
    .option('--label-separator <sep>', 'split the label field into several labels (multi-label)')
    .option('--batch-size <n>', "evaluation batch size (default: the run's)")
    .option('--threshold <p>', 'decision threshold for binary / multi-label runs (default: the run’s, else 0.5)')
    .option('--cache <dir>', 'frozen runs: persistent feature cache folder (shared with train and embed)')
    .option('--digits <n>', 'decimals in the report', '4')
    .option('--json', 'print the scores as one JSON object')
    .option('--extend-vocab', EXTEND_VOCAB_HELP)
    .option('--allow-incomplete', 'use a run whose training did not finish (default: refuse it, naming its status)')
    .option('--quiet', 'no progress bar or messages')
    .action((run: string, o: EvalFlags & { extendVocab?: boolean }) => runEval(run, o));
}

export async function runEval(runDir: string, o: EvalFlags & { extendVocab?: boolean }): Promise<void> {
  const kind = runKind(runDir); // classification, ner or kim2014 (a CV folder: an error naming a fold)
  await checkComplete(runDir, { allowIncomplete: o.allowIncomplete, onWarning: warn(o.quiet || o.json) });
  checkExtendVocab(kind, o.extendVocab);
  if (kind === 'ner') return runNerEval(runDir, o);
  const kim = kind === 'kim2014'; // kim-infer.ts
  // A multi-label run's labelled files are split the way its training file was, unless the flag says otherwise.
  const trainedSeparator = kim ? undefined : (await readRunConfig(runDir)).data.labelSeparator;
  const read = readOptions({
    format: o.format === undefined ? undefined : oneOf('--format', o.format, ['tsv', 'csv', 'jsonl'] as const),
    header: o.header,
    textColumn: o.textColumn === undefined ? undefined : column('--text-column', o.textColumn),
    labelColumn: o.labelColumn === undefined ? undefined : column('--label-column', o.labelColumn),
    labelSeparator: o.labelSeparator ?? trainedSeparator,
  });
  const unknownLabel =
    o.unknownLabel === undefined ? 'error' : oneOf('--unknown-label', o.unknownLabel, ['error', 'skip'] as const);
  const batchSize = o.batchSize === undefined ? undefined : int('--batch-size', o.batchSize);
  const threshold = o.threshold === undefined ? undefined : num('--threshold', o.threshold);
  const digits = int('--digits', o.digits ?? '4');
  if (digits < 0 || digits > 20) throw new UsageError(`--digits must be in 0..20, got ${digits}`);
  const quiet = o.quiet === true || o.json === true;
  const say = (s: string) => {
    if (!quiet) process.stderr.write(`${s}\n`);
  };
  const features = featureProgress(quiet);
  const r = await (kim ? kimEvaluateFile : evaluateFile)(runDir, o.input, {
    read,
    unknownLabel,
    batchSize,
    threshold,
    extendVocab: o.extendVocab,
    cacheDir: o.cache,
    onWarning: (m) => say(`warning: ${m}`),
    onFeatures: features.onFeatures,
  }).finally(features.stop);
  const { summary, evaluation: ev, task, split } = r;
  if (summary.skippedUnknownLabel)
    say(`${o.input}: skipped ${summary.skippedUnknownLabel} record(s) with labels the run does not know`);
  if (summary.skippedEmpty) say(`${o.input}: skipped ${summary.skippedEmpty} empty text(s)`);
  if (o.json) {
    console.log(
      JSON.stringify({
        run: runDir,
        data: o.input, // the JSON field keeps its name
        records: summary.records,
        skipped_unknown_label: summary.skippedUnknownLabel,
        skipped_empty: summary.skippedEmpty,
        ...ev.scores.summary,
        per_class: ev.scores.perClass,
        confusion: ev.scores.confusion,
      }),
    );
    return;
  }
  const L = task.labels.length;
  const report =
    task.kind === 'multilabel'
      ? classificationReport(
          toIndicator(split.y as number[][], L),
          toIndicator(ev.decisions as number[][], L),
          task.labels,
        )
      : classificationReport(split.y as number[], ev.decisions as number[], task.labels);
  console.log(`${runDir} on ${o.input}: ${summary.records} examples  ${metricLine(ev.scores.summary)}\n`);
  console.log(formatReport(report, digits));
  if (ev.scores.confusion)
    console.log(
      `confusion matrix (rows: true label, columns: predicted)\n${confusionTable(task.labels, ev.scores.confusion)}`,
    );
}
