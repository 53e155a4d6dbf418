// `bertcnn eval RUN --input FILE` for a NER run: scores it on a labelled CoNLL file. Tags are checked against the
// run's tag set before the model loads (an unseen entity type → exit 1 listing the tags; `--unknown-label skip`
// drops those sentences and says how many). Prints conlleval's summary and a seqeval-style entity report (micro,
// macro and weighted averages); `--json` prints the entity scores as one JSON object.
import { UsageError } from '../errors.ts';
import { entityReport, formatConlleval, formatReport } from '../metrics/index.ts';
import { TAGGING_METRICS } from '../tasks/ner/scores.ts';
import { evaluateConllFile } from '../tasks/ner/inference.ts';
import { int, oneOf } from './flags.ts';
import { metricLine } from './format.ts';
import { featureProgress } from './progress.ts';

/** The flags of `bertcnn eval`, for both run kinds. */
export interface EvalFlags {
  allowIncomplete?: boolean;
  /** The labelled file (`--input`; `--data` is its alias). */
  input: string;
  unknownLabel?: string;
  format?: string;
  header?: boolean;
  textColumn?: string;
  labelColumn?: string;
  labelSeparator?: string;
  batchSize?: string;
  threshold?: string;
  cache?: string;
  digits?: string;
  json?: boolean;
  quiet?: boolean;
}

/** A CoNLL column flag: a 0-based number. */
export function conllColumn(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag}: CoNLL columns are 0-based numbers, got '${value}'`);
  return Number(value);
}

export async function runNerEval(runDir: string, o: EvalFlags): Promise<void> {
  for (const [flag, v] of [
    ['--threshold', o.threshold],
    ['--format', o.format],
    ['--header', o.header],
    ['--label-separator', o.labelSeparator],
  ] as const) {
    if (v !== undefined) throw new UsageError(`${flag} does not apply to NER runs (CoNLL data)`);
  }
  const conll = {
    tokenColumn: conllColumn('--text-column', o.textColumn),
    tagColumn: conllColumn('--label-column', o.labelColumn),
  };
  const unknownLabel =
    o.unknownLabel === undefined ? 'error' : oneOf('--unknown-label', o.unknownLabel, ['error', 'skip'] as const);
  const batchSize = o.batchSize === undefined ? undefined : int('--batch-size', o.batchSize);
  const digits = int('--digits', o.digits ?? '4');
  const quiet = o.quiet === true || o.json === true;
  const say = (s: string) => {
    if (!quiet) process.stderr.write(`${s}\n`);
  };
  const features = featureProgress(quiet);
  const r = await evaluateConllFile(runDir, o.input, {
    conll: Object.fromEntries(Object.entries(conll).filter(([, v]) => v !== undefined)),
    unknownLabel,
    batchSize,
    cacheDir: o.cache,
    onWarning: (m) => say(`warning: ${m}`),
    onFeatures: features.onFeatures,
  }).finally(features.stop);
  const { summary, evaluation: ev } = r;
  if (summary.skippedUnknownLabel)
    say(`${o.input}: skipped ${summary.skippedUnknownLabel} sentence(s) with tags the run does not know`);
  if (ev.cutWords)
    say(
      `${o.input}: ${ev.cutWords} word(s) in ${ev.cutSentences} sentence(s) lie beyond the run's max length (${r.config.encoder.maxLength} tokens): predicted 'O'`,
    );
  const s = ev.scores;
  if (o.json) {
    console.log(
      JSON.stringify({
        run: runDir,
        data: o.input, // the JSON field keeps its name
        sentences: summary.records,
        skipped_unknown_label: summary.skippedUnknownLabel,
        cut_words: ev.cutWords,
        ...s.summary,
        entities: s.entities.overall.support,
        predicted: s.entities.overall.predicted,
        per_type: s.perType,
      }),
    );
    return;
  }
  console.log(`${runDir} on ${o.input}: ${summary.records} sentences  ${metricLine(s.summary, TAGGING_METRICS)}\n`);
  console.log(formatConlleval(s.entities));
  console.log(formatReport(entityReport(s.entities), digits));
}
