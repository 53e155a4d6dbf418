// `bertcnn report RUN_DIR [--out report.html]`: writes the run's self-contained HTML report (curves from
// log.jsonl, confusion heat map and per-class table from metrics.json, the configuration), atomically.
import { join } from 'node:path';
import type { Command } from 'commander';
import { writeBytesAtomic } from '../../io/atomic.ts';
import { renderReport } from '../../report/html.ts';
import { readRunReport } from '../../report/run-report.ts';
import { oneOf } from '../flags.ts';

interface ReportFlags {
  out?: string;
  split?: string;
  quiet?: boolean;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write a self-contained HTML report of a run (curves, confusion heat map, per-class scores, config)')
    .argument('<run>', 'run folder written by bertcnn train')
    .option('--out <file>', 'HTML file to write (default: <run>/report.html)')
    .option('--split <name>', 'dev|test: which scores of metrics.json to show (default dev, else test)')
    .option('--quiet', 'print nothing')
    .action(async (run: string, o: ReportFlags) => {
      const split = o.split === undefined ? undefined : oneOf('--split', o.split, ['dev', 'test'] as const);
      const out = o.out ?? join(run, 'report.html');
      await writeBytesAtomic(out, renderReport(await readRunReport(run, { split })));
      if (!o.quiet) console.log(`report written to ${out}`);
    });
}
