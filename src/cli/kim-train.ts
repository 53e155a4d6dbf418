// `bertcnn train --preset kim2014 …`: the flags turned into KimSettings (kim-flags.ts), the preset's job run
// (src/presets/kim2014/job.ts trainKim: one run folder, or --folds K folds plus cv.json), the result printed
// (kim-output.ts).
import { trainKim } from '../presets/kim2014/job.ts';
import { CliExit, INTERRUPTED, watchInterrupt } from './interrupt.ts';
import { kimSettings } from './kim-flags.ts';
import { printKimCv, printKimRun } from './kim-output.ts';
import type { FlagDef } from './train-flags.ts';

export async function runKimTrain(o: Record<string, unknown>, trainFlags: readonly FlagDef[]): Promise<void> {
  const s = kimSettings(o, trainFlags);
  const json = o.json === true;
  const say = (m: string) => {
    if (o.quiet !== true) process.stderr.write(`${m}\n`);
  };
  const started = performance.now();
  // Ctrl-C stops at the next step, as in plain train; finished folds stay saved and --resume trains the rest.
  const interrupt = watchInterrupt();
  const r = await trainKim(s, say, undefined, interrupt.stopped).finally(() => interrupt.dispose());
  const seconds = (performance.now() - started) / 1000;
  if (r.interrupted) {
    const done = r.units.length;
    throw new CliExit(
      INTERRUPTED,
      s.folds
        ? `interrupted during fold ${done + 1} of ${s.folds}; ${done} finished fold(s) kept in ${s.out}. ` +
            `Resume: the same command with --resume (finished folds are read back, the rest trained)`
        : `interrupted; a Kim run is not saved unfinished (it trains in minutes): run the command again`,
    );
  }
  if (r.cv) printKimCv(r, s, json);
  else printKimRun(r, s, seconds, json, o.quiet === true);
}
