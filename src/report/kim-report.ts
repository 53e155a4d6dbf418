// The report data of a Kim (2014) run folder (bertcnn train --preset kim2014, src/presets/kim2014/run-folder.ts):
// the epoch curves from log.jsonl (train loss, dev accuracy and the other dev scores), the evaluation of one split
// from metrics.json (the classification format: summary, per-class table, confusion matrix; default dev, else
// test) with the labels of labels.json, and the kim.json settings. Rendered by html.ts's renderReport.
import { basename, join } from 'node:path';
import { loadLabelMap } from '../data/labels.ts';
import { readKimRunConfig } from '../tasks/kim/kim-run-config.ts';
import { splitEvaluation } from './classification-report.ts';
import { readEpochs } from './epochs.ts';
import type { ReportData } from './html.ts';
import { readJsonObject } from './read-json.ts';

export async function readKimReport(dir: string, opts: { split?: 'dev' | 'test' } = {}): Promise<ReportData> {
  const config = await readKimRunConfig(dir);
  const labels = await loadLabelMap(join(dir, 'labels.json'));
  const metricsPath = join(dir, 'metrics.json');
  const train = config.data.train ? ` on ${basename(config.data.train)}` : '';
  const fold = config.data.fold ? ` (fold ${config.data.fold})` : '';
  return {
    title: `kim2014 CNN-${config.variant} · ${config.source.description}${train}${fold}`,
    config,
    epochs: await readEpochs(dir),
    evaluation: splitEvaluation(await readJsonObject(metricsPath), labels.labels, opts.split, metricsPath),
  };
}
