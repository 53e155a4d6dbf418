// `npm run bench -- classify`: SST-2 (6,920 training sentences, ../shared/data) with a BERT-base-shaped
// random-weight encoder (12 layers, hidden 768, real bert-base-uncased vocabulary):
//   feature_cache_build  embedding every training sentence into the persistent cache (fp32, bucketed)
//   frozen_epoch         one TextCNN epoch reading features from the cache (after it is built)
//   finetune_epoch       encoder + TextCNN end to end; timed on the first `--finetune-sentences` sentences
//                        (default 320) and extrapolated to the full epoch — said so in the output
// Options: --sentences N (subsample the training set for a quick look).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBertCheckpoint } from '../src/encoders/bert/generate.ts';
import { runTrainingJob } from '../src/tasks/classification/job.ts';
import { emit, machine, peakRssMb, round } from './common.ts';

const SST2 = join(import.meta.dirname, '..', '..', 'shared', 'data', 'SST-2', 'train.tsv');

export async function benchClassify(args: string[]): Promise<void> {
  const flag = (f: string, d: number) => (args.includes(f) ? Number(args[args.indexOf(f) + 1]) : d);
  if (!existsSync(SST2)) throw new Error(`${SST2} not found (the benchmark reads ../shared/data in place)`);
  emit({ name: 'machine', ...machine() });
  const dir = mkdtempSync(join(tmpdir(), 'bertcnn-bench-classify-'));
  try {
    const model = join(dir, 'bert-base-shaped');
    await generateBertCheckpoint(model, {
      vocab: 'bert-base-uncased',
      layers: 12,
      hidden: 768,
      heads: 12,
      ffn: 3072,
      maxPositions: 512,
      seed: 1,
    });
    const lines = readFileSync(SST2, 'utf8').trim().split('\n');
    const n = Math.min(flag('--sentences', lines.length), lines.length);
    const train = join(dir, 'train.tsv');
    writeFileSync(train, `${lines.slice(0, n).join('\n')}\n`);
    const base = {
      trainFile: train,
      encoder: { ref: model, maxLength: 128 },
      head: { kind: 'textcnn' as const },
      options: { epochs: 1, batchSize: 32, seed: 1, logEvery: 0 },
    };

    let cacheStart = 0;
    let cacheSeconds = 0;
    const t0 = performance.now();
    const frozen = await runTrainingJob(
      { ...base, out: join(dir, 'frozen'), mode: 'frozen' },
      {
        onWarning: () => {},
        onFeatures: (done, total) => {
          if (cacheStart === 0) cacheStart = performance.now();
          if (done === total) cacheSeconds = (performance.now() - cacheStart) / 1000;
        },
      },
      { cacheDir: join(dir, 'cache') },
    );
    const total = (performance.now() - t0) / 1000;
    emit({
      name: 'feature_cache_build',
      sentences: n,
      seconds: round(cacheSeconds),
      sentences_per_s: round(n / cacheSeconds),
      peak_rss_mb: round(peakRssMb()),
    });
    emit({
      name: 'frozen_epoch',
      sentences: n,
      seconds: round(frozen.result.history[0]!.seconds),
      job_seconds: round(total),
      peak_rss_mb: round(peakRssMb()),
    });

    const m = Math.min(flag('--finetune-sentences', 320), n);
    const ftTrain = join(dir, 'ft.tsv');
    writeFileSync(ftTrain, `${lines.slice(0, m).join('\n')}\n`);
    const ft = await runTrainingJob(
      { ...base, trainFile: ftTrain, out: join(dir, 'finetune'), mode: 'finetune' },
      { onWarning: () => {} },
    );
    const secs = ft.result.history[0]!.seconds;
    emit({
      name: 'finetune_epoch',
      sentences: n,
      measured_sentences: m,
      measured_seconds: round(secs),
      seconds: round((secs * n) / m),
      extrapolated: m < n,
      peak_rss_mb: round(peakRssMb()),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
