// `npm run bench -- kim [--epochs 25] [--variant static]`: one Kim (2014) CNN-static fold on MR (fold 1 of 10:
// ≈ 8.6k train / 1k dev / 1.07k test sentences, kim2014 preset, wink vectors) — wall time of the 25 epochs
// (dev evaluation each epoch and test evaluation at each new best included, vector loading excluded) and the
// process's peak RSS. Target ≤ 60 s. Threads: BERTCNN_THREADS (default all cores). Also: cpu_s = CPU seconds
// of the fold alone (vector loading excluded), ms_per_step (fold wall time / training steps, evaluation
// included) and the 1-minute load average before and after (the machine is shared; read wall time with it).
// --vector-scale raw: the vectors as stored instead of the preset's rescaling.
import { loadDataset } from '../scripts/kim2014/datasets.ts';
import { defaultThreads } from '../src/engine/session.ts';
import { loadVectors } from '../src/encoders/static/index.ts';
import { runKim } from '../src/tasks/kim/experiment.ts';
import os from 'node:os';
import type { KimVariant, VectorScale } from '../src/tasks/kim/preset.ts';
import { emit, machine, summarize } from './common.ts';

export async function benchKim(args: string[]): Promise<void> {
  const flag = (f: string, d: string) => (args.includes(f) ? args[args.indexOf(f) + 1]! : d);
  const epochs = Number(flag('--epochs', '25'));
  const variant = flag('--variant', 'static') as KimVariant;
  const data = loadDataset('mr');
  const vectors = variant === 'rand' ? null : await loadVectors('wink');
  const vectorScale = flag('--vector-scale', 'kim') as VectorScale;
  const load0 = os.loadavg()[0]!;
  const cpu0 = process.cpuUsage();
  let steps = 0;
  const r = await runKim(data.units[0]!, {
    variant,
    source: vectors ? { kind: 'vectors', vectors } : { kind: 'random' },
    seed: 1,
    vectorScale,
    train: { epochs },
    onEpoch: (e) => void (steps += e.steps),
  });
  const cpu = process.cpuUsage(cpu0);
  emit(
    summarize(`kim/mr-fold-${variant}`, [r.seconds], 's', {
      epochs,
      test_accuracy: r.test_accuracy,
      best_epoch: r.best_epoch,
      vector_scale: vectorScale,
      ms_per_step: Math.round((1000 * r.seconds) / Math.max(1, steps) * 10) / 10,
      load_avg: [Math.round(load0 * 10) / 10, Math.round(os.loadavg()[0]! * 10) / 10],
      cpu_s: Math.round((cpu.user + cpu.system) / 1e4) / 100,
      threads: defaultThreads(),
      target_s: 60,
      ...machine(),
    }),
  );
}
