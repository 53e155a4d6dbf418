// What `bertcnn train --task ner` prints when a tagging run finishes: the tagger, its tag set, the best epoch and
// the entity-level scores on dev/test (`--json`: one JSON object on stdout, the same fields).
import { entityTypes } from '../tasks/ner/scheme.ts';
import { TAGGING_METRICS } from '../tasks/ner/scores.ts';
import { summaryOf } from '../train/cross-validate.ts';
import { trainedParameters } from '../train/run-stats.ts';
import type { TaggingJobResult } from '../train/tagging-job.ts';
import { metricLine, thousands } from './format.ts';
import type { TrainSpec } from './train-spec.ts';

export async function printTaggingRun(
  r: TaggingJobResult,
  spec: TrainSpec,
  seconds: number,
  json: boolean,
  quiet: boolean,
): Promise<void> {
  const out = spec.out!;
  const dev = r.metrics.dev ? summaryOf(r.metrics.dev) : undefined;
  const test = r.metrics.test ? summaryOf(r.metrics.test) : undefined;
  const parameters = await trainedParameters(out, r.config);
  const res = {
    out,
    head: r.config.head.kind,
    crf: r.config.head.options.crf === true,
    mode: r.config.mode,
    task: 'ner',
    scheme: r.config.task.scheme,
    labels: r.config.task.labels,
    best_epoch: r.result.bestEpoch,
    epochs_run: r.result.history.length,
    stopped_early: r.result.stoppedEarly,
    ...(dev ? { dev } : {}),
    ...(test ? { test } : {}),
    parameters,
    seconds: Math.round(seconds * 100) / 100,
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
  if (!dev) console.log('  (no dev set: the last epoch was kept; --dev FILE or --dev-split 0.1 select the best epoch)');
  console.log(`  ${thousands(parameters)} trained parameters, ${seconds.toFixed(1)} s`);
  console.log(`run folder: ${out}   next: bertcnn eval ${out} --data FILE · bertcnn predict ${out} --input FILE`);
}
