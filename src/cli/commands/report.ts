// `bertcnn report RUN [--out report.html] [--split dev|test]`: writes a self-contained HTML report (inline CSS and
// SVG, no scripts), atomically, for any folder bertcnn train writes (src/report/run-report.ts dispatches):
//   classification run   curves from log.jsonl, confusion heat map and per-class table from metrics.json, config
//   NER run (--task ner) curves, entity-level precision/recall/F1 per split and per entity type, config
//   Kim 2014 run         curves, scores as for classification, the kim.json settings
//   --folds K folder     mean ± std per metric (cv.json; computed from the folds present when it is absent),
//                        per-fold scores and curves with one line per fold
import { join } from 'node:path';
import type { Command } from 'commander';
import { writeBytesAtomic } from '../../io/atomic.ts';
import { runReportHtml } from '../../report/run-report.ts';
import { warn } from '../format.ts';
import { oneOf } from '../flags.ts';

interface ReportFlags {
  allowIncomplete?: boolean;
  out?: string;
  split?: string;
  quiet?: boolean;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'write a self-contained HTML report of a run (curves, scores, config): classification, NER, kim2014 or a --folds folder',
    )
    .argument('<run>', 'run folder (or cross-validation folder) written by bertcnn train')
    .option('--out <file>', 'HTML file to write (default: <run>/report.html)')
    .option(
      '--split <name>',
      'dev|test: which scores of metrics.json to show (default: dev, else test; NER and --folds: both)',
    )
    .option('--allow-incomplete', 'use a run whose training did not finish (default: refuse it, naming its status)')
    .option('--quiet', 'print nothing')
    .action(async (run: string, o: ReportFlags) => {
      const split = o.split === undefined ? undefined : oneOf('--split', o.split, ['dev', 'test'] as const);
      const out = o.out ?? join(run, 'report.html');
      await writeBytesAtomic(
        out,
        await runReportHtml(run, { split, allowIncomplete: o.allowIncomplete, onWarning: warn(o.quiet) }),
      );
      if (!o.quiet) console.log(`report written to ${out}`);
    });
}
