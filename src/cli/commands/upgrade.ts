// `bertcnn upgrade RUN`: rewrites a version-1 run folder in the current run-folder format (src/runs/format.ts):
// config.json gains its `kind`, and a Kim run's kim.json becomes config.json. A cross-validation folder is upgraded
// fold by fold; a folder already current is left untouched. Old folders load without this; it only makes them
// look like the ones `bertcnn train` writes today.
import type { Command } from 'commander';
import { upgradeRun } from '../../runs/format.ts';

export function registerUpgrade(program: Command): void {
  program
    .command('upgrade')
    .description('rewrite a run folder written by an older bertcnn in the current run-folder format')
    .argument('<run>', 'run folder (or cross-validation folder) written by bertcnn train')
    .option('--quiet', 'print nothing')
    .action(async (run: string, o: { quiet?: boolean }) => {
      for (const u of await upgradeRun(run)) {
        if (o.quiet) continue;
        console.log(
          u.changed.length === 0
            ? `${u.dir}: ${u.kind} run, already format version ${u.to}`
            : `${u.dir}: ${u.kind} run upgraded from format version ${u.from} to ${u.to}`,
        );
      }
    });
}
