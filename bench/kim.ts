// `npm run bench -- kim [--epochs 25] [--variant static] [--peer-epochs 3]`: one Kim (2014) CNN-static fold on MR
// (fold 1 of 10: ≈ 8.6k train / 1k dev / 1.07k test sentences, kim2014 preset, wink vectors) — wall time of the
// 25 epochs (dev evaluation each epoch and test evaluation at each new best included, vector loading excluded)
// and the process's peak RSS. Target ≤ 60 s. Threads: BERTCNN_THREADS (default all cores). Also: cpu_s = CPU
// seconds of the fold alone (vector loading excluded), ms_per_step (fold wall time / training steps, evaluation
// included) and the 1-minute load average before and after (the machine is shared; read wall time with it).
// --vector-scale raw: the vectors as stored instead of the preset's rescaling.
// With python3 + torch (CNN-static only): the same fold — the vocabulary ids and the [V, D] table our run used,
// exported to a temp folder — through bench/peer/kim_fold.py for --peer-epochs epochs, with Kim's fixed-length
// layout and with our length-bucketed one, right after our run; seconds per epoch (training steps + dev
// evaluation) side by side and the ratios (peer / ours: > 1 means we are faster). Absolute times drift with the
// host's load; the ratio, measured minutes apart in one run, is the comparable figure.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../scripts/kim2014/datasets.ts';
import { defaultThreads } from '../src/engine/session.ts';
import { loadVectors } from '../src/encoders/static/index.ts';
import { fitKim, type KimFit, kimTrainDev } from '../src/presets/kim2014/fit.ts';
import { wordEncoder } from '../src/presets/kim2014/pipeline.ts';
import type { KimVariant, VectorScale } from '../src/tasks/kim/paper.ts';
import type { LabelledSplit } from '../src/tasks/classification/evaluate.ts';
import { emit, machine, median, round, summarize, torchPeer, torchPython } from './common.ts';

export async function benchKim(args: string[]): Promise<void> {
  const flag = (f: string, d: string) => (args.includes(f) ? args[args.indexOf(f) + 1]! : d);
  const epochs = Number(flag('--epochs', '25'));
  const variant = flag('--variant', 'static') as KimVariant;
  const data = loadDataset('mr');
  const fold = data.units[0]!;
  const vectors = variant === 'rand' ? null : await loadVectors('wink');
  const vectorScale = flag('--vector-scale', 'kim') as VectorScale;
  const load0 = os.loadavg()[0]!;
  const cpu0 = process.cpuUsage();
  let steps = 0;
  const epochSeconds: number[] = [];
  const fit = await fitKim(fold, {
    variant,
    source: vectors ? { kind: 'vectors', vectors } : { kind: 'random' },
    seed: 1,
    vectorScale,
    train: { epochs },
    onEpoch: (e) => {
      steps += e.steps;
      epochSeconds.push(e.seconds);
    },
  });
  const r = fit.result;
  const cpu = process.cpuUsage(cpu0);
  emit(
    summarize(`kim/mr-fold-${variant}`, [r.seconds], 's', {
      epochs,
      test_accuracy: r.test_accuracy,
      best_epoch: r.best_epoch,
      vector_scale: vectorScale,
      ms_per_step: Math.round(((1000 * r.seconds) / Math.max(1, steps)) * 10) / 10,
      seconds_per_epoch: round(median(epochSeconds)),
      load_avg: [Math.round(load0 * 10) / 10, Math.round(os.loadavg()[0]! * 10) / 10],
      cpu_s: Math.round((cpu.user + cpu.system) / 1e4) / 100,
      threads: defaultThreads(),
      target_s: 60,
      ...machine(),
    }),
  );
  if (variant !== 'static' || !fit.vocab)
    return emit({ name: 'kim_peer', peer: null, note: 'the PyTorch peer runs CNN-static only' });
  if (!torchPython())
    return emit({ name: 'kim_peer', peer: null, note: 'python3 with torch not importable: no PyTorch figures' });
  if (Number(flag('--peer-epochs', '3')) < 1) return emit({ name: 'kim_peer', peer: null, note: '--peer-epochs 0' });
  const dir = mkdtempSync(join(os.tmpdir(), 'bertcnn-bench-kim-'));
  try {
    const base = exportFold(dir, fit, kimTrainDev(fold, 1), fold.test, fold.labels.length);
    const ours = round(median(epochSeconds));
    for (const layout of ['kim', 'bucketed']) {
      const p = torchPeer(
        [base, '--epochs', flag('--peer-epochs', '3'), '--threads', String(defaultThreads()), '--layout', layout],
        'bench/peer/kim_fold.py',
      );
      if (!p) continue;
      emit({
        name: 'kim_epoch_seconds',
        ...p,
        ours_seconds_per_epoch: ours,
        ratio: round(Number(p.seconds_per_epoch) / ours),
        unit: 'x (pytorch seconds / ours; > 1 = we are faster)',
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The fold as our run encoded it (ids of each split, labels) + its static [V, D] table, for the peer. */
function exportFold(
  dir: string,
  fit: KimFit,
  split: { train: LabelledSplit; dev: LabelledSplit },
  test: LabelledSplit,
  classes: number,
): string {
  const encode = wordEncoder(fit.vocab!);
  const part = (s: LabelledSplit) => ({ ids: s.texts.map((t) => encode(t).ids), y: s.y });
  const base = join(dir, 'mr-fold-1');
  const table = fit.tables.channels[0]!.init;
  writeFileSync(
    `${base}.json`,
    JSON.stringify({
      V: fit.tables.vocabSize,
      D: fit.tables.dim,
      C: classes,
      train: part(split.train),
      dev: part(split.dev),
      test: part(test),
    }),
  );
  writeFileSync(`${base}.f32`, Buffer.from(table.buffer, table.byteOffset, table.byteLength));
  return base;
}
