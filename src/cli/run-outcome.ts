// What every finished `bertcnn train` run reports, classification or NER: the dev/test summaries, the trained
// parameter count and the trailing JSON fields (best epoch … seconds), plus the last lines of the text summary.
import type { RunConfig } from '../train/run-config.ts';
import { summaryOf } from '../tasks/classification/cross-validate.ts';
import type { TrainResult } from '../train/loop.ts';
import { parameterCounts } from '../train/run-stats.ts';
import { thousands } from './format.ts';

export interface FinishedRun {
  config: Pick<RunConfig, 'encoderSaved'>;
  result: TrainResult;
  metrics: Record<string, unknown>;
}

export async function runOutcome(r: FinishedRun, out: string, seconds: number) {
  const dev = r.metrics.dev ? summaryOf(r.metrics.dev) : undefined;
  const test = r.metrics.test ? summaryOf(r.metrics.test) : undefined;
  const counts = await parameterCounts(out, r.config);
  const parameters = counts.trainable;
  const fields = {
    best_epoch: r.result.bestEpoch,
    epochs_run: r.result.history.length,
    stopped_early: r.result.stoppedEarly,
    ...(dev ? { dev } : {}),
    ...(test ? { test } : {}),
    parameters,
    frozen_parameters: counts.frozen,
    seconds: Math.round(seconds * 100) / 100,
  };
  return { dev, test, parameters, frozenParameters: counts.frozen, fields };
}

/** The closing lines: a note when there was no dev set, the parameter counts (trained; frozen ones apart) and
 *  time, the run folder. */
export function printRunFooter(
  hasDev: boolean,
  parameters: number,
  seconds: number,
  out: string,
  next: string,
  frozen = 0,
): void {
  if (!hasDev)
    console.log('  (no dev set: the last epoch was kept; --dev FILE or --dev-split 0.1 select the best epoch)');
  const kept = frozen > 0 ? ` (${thousands(frozen)} frozen, not trained)` : '';
  console.log(`  ${thousands(parameters)} trained parameters${kept}, ${seconds.toFixed(1)} s`);
  console.log(`run folder: ${out}   next: bertcnn eval ${out} --input FILE · ${next}`);
}
