// `npm run bench -- kim [--epochs 25] [--variant static]`: one Kim (2014) CNN-static fold on MR (fold 1 of 10:
// ≈ 8.6k train / 1k dev / 1.07k test sentences, kim2014 preset, wink vectors) — wall time of the 25 epochs
// (dev evaluation each epoch and test evaluation at each new best included, vector loading excluded) and the
// process's peak RSS. Target ≤ 60 s. Threads: BERTCNN_THREADS (default all cores).
import { loadDataset } from '../scripts/kim2014/datasets.ts';
import { defaultThreads } from '../src/engine/session.ts';
import { loadVectors } from '../src/encoders/static/index.ts';
import { runKim } from '../src/tasks/kim/experiment.ts';
import type { KimVariant } from '../src/tasks/kim/preset.ts';
import { emit, machine, summarize } from './common.ts';

export async function benchKim(args: string[]): Promise<void> {
  const flag = (f: string, d: string) => (args.includes(f) ? args[args.indexOf(f) + 1]! : d);
  const epochs = Number(flag('--epochs', '25'));
  const variant = flag('--variant', 'static') as KimVariant;
  const data = loadDataset('mr');
  const vectors = variant === 'rand' ? null : await loadVectors('wink');
  const r = await runKim(data.units[0]!, { variant, source: vectors ? { kind: 'vectors', vectors } : { kind: 'random' }, seed: 1, train: { epochs } });
  const cpu = process.cpuUsage();
  emit(
    summarize(`kim/mr-fold-${variant}`, [r.seconds], 's', {
      epochs,
      test_accuracy: r.test_accuracy,
      cpu_s: Math.round((cpu.user + cpu.system) / 1e4) / 100,
      threads: defaultThreads(),
      target_s: 60,
      ...machine(),
    }),
  );
}
