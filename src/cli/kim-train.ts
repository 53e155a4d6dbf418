// `bertcnn train --preset kim2014 …`: the flags turned into KimSettings (kim-flags.ts), the preset's job run
// (src/presets/kim2014/job.ts trainKim: one run folder, or --folds K folds plus cv.json), the result printed
// (kim-output.ts).
import { trainKim } from '../presets/kim2014/job.ts';
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
  const r = await trainKim(s, say);
  const seconds = (performance.now() - started) / 1000;
  if (r.cv) printKimCv(r, s, json);
  else printKimRun(r, s, seconds, json, o.quiet === true);
}
