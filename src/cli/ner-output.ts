// What `bertcnn train --task ner` prints when a tagging run finishes: the tagger, its tag set, the best epoch and
// the entity-level scores on dev/test (`--json`: one JSON object on stdout, the same fields).
import { entityTypes } from '../tasks/ner/scheme.ts';
import { TAGGING_METRICS } from '../tasks/ner/scores.ts';
import type { TaggingJobResult } from '../tasks/ner/job.ts';
import { metricLine } from './format.ts';
import { printRunFooter, runOutcome } from './run-outcome.ts';
import type { TrainSpec } from './train-spec.ts';

export async function printTaggingRun(
  r: TaggingJobResult,
  spec: TrainSpec,
  seconds: number,
  json: boolean,
  quiet: boolean,
): Promise<void> {
  const out = spec.out!;
  const { dev, test, fields } = await runOutcome(r, out, seconds);
  const res = {
    out,
    head: r.config.head.kind,
    crf: r.config.head.options.crf === true,
    mode: r.config.mode,
    task: 'ner',
    scheme: r.config.task.scheme,
    labels: r.config.task.labels,
    ...fields,
  };
  if (json) {
    console.log(JSON.stringify(res));
    return;
  }
  if (quiet) return;
  const early = r.result.stoppedEarly ? ', stopped early' : '';
  const types = entityTypes([r.config.task.labels]).join(', ');
  console.log(
    `${res.head}${res.crf ? ' + CRF' : ''} (${res.mode}, ner ${res.scheme}: ${types}): best epoch ${res.best_epoch ?? '-'} of ${res.epochs_run}${early}`,
  );
  if (dev) console.log(`  dev   ${metricLine(dev, TAGGING_METRICS)}  (entity-level, micro)`);
  if (test) console.log(`  test  ${metricLine(test, TAGGING_METRICS)}`);
  printRunFooter(
    dev !== undefined,
    res.parameters,
    seconds,
    out,
    `bertcnn predict ${out} --input FILE`,
    res.frozen_parameters,
  );
}
