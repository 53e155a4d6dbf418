// `bertcnn report`'s reader: the self-contained HTML report of any run folder bertcnn train writes, dispatched on
// the folder's kind (src/runs/kind.ts):
//   classification   classification-report.ts → html.ts  (curves, confusion heat map, per-class table, config)
//   kim2014          kim-report.ts → html.ts             (the same sections; kim.json as the configuration)
//   ner              ner-report.ts                       (curves, entity-level and per-type P/R/F1, config)
//   cross-validation cv-report.ts → cv-html.ts           (mean ± std, per-fold scores, curves per fold)
import { readClassificationReport } from './classification-report.ts';
import { renderCvReport } from './cv-html.ts';
import { readCvReport } from './cv-report.ts';
import { renderReport } from './html.ts';
import { readKimReport } from './kim-report.ts';
import { readNerReport, renderNerReport } from './ner-report.ts';
import { folderKind } from '../runs/kind.ts';
import { checkComplete } from '../runs/status.ts';

export interface RunReportOptions {
  /** Which scores of metrics.json to show (classification / Kim default: dev, else test; NER and CV: both). */
  split?: 'dev' | 'test';
  /** The "Generated …" time (default: now). */
  generatedAt?: string;
  /** Report a run whose training did not finish (src/runs/status.ts) instead of refusing it. */
  allowIncomplete?: boolean;
  onWarning?(message: string): void;
}

/** The HTML report of the run folder `dir`, whatever its kind. */
export async function runReportHtml(dir: string, opts: RunReportOptions = {}): Promise<string> {
  const at = opts.generatedAt === undefined ? {} : { generatedAt: opts.generatedAt };
  const kind = folderKind(dir);
  if (kind !== 'cross-validation') await checkComplete(dir, opts); // a CV report says itself which folds finished
  switch (kind) {
    case 'classification':
      return renderReport({ ...(await readClassificationReport(dir, opts)), ...at });
    case 'kim2014':
      return renderReport({ ...(await readKimReport(dir, opts)), ...at });
    case 'ner':
      return renderNerReport({ ...(await readNerReport(dir, opts)), ...at });
    case 'cross-validation':
      return renderCvReport({ ...(await readCvReport(dir, opts)), ...at });
  }
}
