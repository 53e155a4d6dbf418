// Reproduces a cell of Kim (2014) Table 2 with the kim2014 preset:
//   npx tsx scripts/kim2014/run.ts --dataset mr|sst2|trec --variant rand|static|non-static|multichannel
//        [--folds 10] [--first-fold 1] [--seeds 3] [--first-seed 1] [--vectors wink|<file>] [--bert <hf-folder> --oov unk|pieces-mean|char-cnn
//        --level word|wordpiece] [--combine shared|separate] [--vector-scale kim|raw] [--epochs 25] [--limit N]
//        [--out results.jsonl]
// --vector-scale: 'kim' (default) rescales the static vectors to the entry std of Kim's U[−0.25, 0.25]
// (≈ word2vec's) before training, 'raw' uses them as stored (see src/tasks/kim/paper.ts).
// MR is 10-fold cross-validation (--folds N runs folds 1…N of the 10; --first-fold F starts at fold F, so one
// cell can be spread over several processes); SST-2 and TREC are evaluated on
// their test sets, once per seed (--seeds N runs seeds 1…N; --first-seed S starts at seed S, likewise). Prints the vectors' coverage of the dataset, one line per run, and the mean
// accuracy ± population std (with min–max) over all runs; --out appends one JSON line per run and a summary.
import { appendFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadVectors, type VectorFormat } from '../../src/encoders/static/index.ts';
import { readBertWordEmbeddings, type OovPolicy } from '../../src/encoders/static/bert-init.ts';
import { words } from '../../src/tasks/kim/clean-str.ts';
import { runKim, type KimRunResult } from '../../src/presets/kim2014/experiment.ts';
import { KIM_VARIANTS, VECTOR_SCALES, type KimVariant, type VectorScale } from '../../src/tasks/kim/paper.ts';
import type { VectorSource } from '../../src/tasks/kim/tables.ts';
import { countWords } from '../../src/tasks/kim/vocab.ts';
import { DATASETS, loadDataset, type Dataset } from './datasets.ts';

export interface RunSummary {
  dataset: Dataset;
  variant: KimVariant;
  source: string;
  runs: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  coverage?: { type_rate: number; token_rate: number; types: number };
}

export async function main(argv: string[]): Promise<RunSummary> {
  const { values: a } = parseArgs({
    args: argv,
    options: {
      dataset: { type: 'string' },
      variant: { type: 'string', default: 'static' },
      folds: { type: 'string', default: '10' },
      'first-fold': { type: 'string', default: '1' },
      'first-seed': { type: 'string', default: '1' },
      seeds: { type: 'string', default: '1' },
      vectors: { type: 'string', default: 'wink' },
      format: { type: 'string', default: 'auto' },
      bert: { type: 'string' },
      oov: { type: 'string', default: 'unk' },
      level: { type: 'string', default: 'word' },
      combine: { type: 'string', default: 'shared' },
      'vector-scale': { type: 'string', default: 'kim' },
      epochs: { type: 'string' },
      limit: { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const dataset = a.dataset as Dataset;
  const variant = a.variant as KimVariant;
  if (!DATASETS.includes(dataset)) throw new Error(`--dataset must be one of ${DATASETS.join(', ')}`);
  if (!KIM_VARIANTS.includes(variant)) throw new Error(`--variant must be one of ${KIM_VARIANTS.join(', ')}`);
  const vectorScale = a['vector-scale'] as VectorScale;
  if (!VECTOR_SCALES.includes(vectorScale))
    throw new Error(`--vector-scale must be one of ${VECTOR_SCALES.join(', ')}`);
  const limit = a.limit ? Number(a.limit) : undefined;
  const data = loadDataset(dataset, { limit });
  const log = (s: string) => !a.quiet && console.log(s);
  let source: VectorSource = { kind: 'random' };
  let sourceName = 'random 300-d U[-0.25, 0.25]';
  if (a.bert) {
    const bert = await readBertWordEmbeddings(a.bert);
    source = { kind: 'bert', bert, level: a.level as 'word' | 'wordpiece', oov: a.oov as OovPolicy };
    sourceName = `bert:${a.bert} (${bert.tensor} [${bert.vocabSize}, ${bert.dim}], ${a.level}, oov ${a.oov})`;
  } else if (variant !== 'rand') {
    const vectors = await loadVectors(a.vectors!, { format: a.format as VectorFormat });
    source = { kind: 'vectors', vectors };
    sourceName = `${a.vectors} (${vectors.size} × ${vectors.dim}${vectorScale === 'raw' ? ', raw scale' : ''})`;
  }
  let coverage: RunSummary['coverage'];
  if (source.kind === 'vectors') {
    const c = source.vectors.coverage(countWords(data.sentences.map(words)));
    coverage = { type_rate: c.typeRate, token_rate: c.tokenRate, types: c.types };
    log(
      `coverage of ${dataset} by ${sourceName}: types ${(100 * c.typeRate).toFixed(1)}% (${c.typesFound}/${c.types}, ${c.typesFoundLower} via lower case), tokens ${(100 * c.tokenRate).toFixed(1)}%`,
    );
  }
  const nFolds = dataset === 'mr' ? Math.min(Number(a.folds), data.units.length) : 1;
  const nSeeds = Number(a.seeds);
  const firstFold = Number(a['first-fold']);
  if (!Number.isInteger(firstFold) || firstFold < 1 || firstFold > nFolds)
    throw new Error(`--first-fold must be an integer in 1…${nFolds}`);
  const firstSeed = Number(a['first-seed']);
  if (!Number.isInteger(firstSeed) || firstSeed < 1 || firstSeed > nSeeds)
    throw new Error(`--first-seed must be an integer in 1…${nSeeds}`);
  const results: KimRunResult[] = [];
  const machine = { nproc: os.availableParallelism(), cpu: os.cpus()[0]?.model ?? 'unknown' };
  for (let f = firstFold - 1; f < nFolds; f++) {
    for (let s = firstSeed; s <= nSeeds; s++) {
      const r = await runKim(data.units[f]!, {
        variant,
        source,
        seed: s,
        combine: a.combine as 'shared' | 'separate',
        vectorScale,
        train: a.epochs ? { epochs: Number(a.epochs) } : {},
        onEpoch: (e) =>
          log(
            `  epoch ${e.epoch}: loss ${e.train_loss.toFixed(4)} dev ${(100 * (e.dev?.accuracy ?? NaN)).toFixed(2)} (${e.seconds.toFixed(1)} s)`,
          ),
        onBest: (epoch, dev, test) =>
          log(`  best dev so far at epoch ${epoch}: dev ${(100 * dev).toFixed(2)}, test ${(100 * test).toFixed(2)}`),
      });
      results.push(r);
      log(
        `${dataset} ${variant} fold ${f + 1}/${nFolds} seed ${s}: test ${(100 * r.test_accuracy).toFixed(2)} (dev ${(100 * r.dev_accuracy).toFixed(2)} @ epoch ${r.best_epoch}, ${r.seconds.toFixed(0)} s, vocab ${r.vocab_size}, ${JSON.stringify(r.init)})`,
      );
      if (a.out)
        appendFileSync(
          a.out,
          JSON.stringify({
            dataset,
            variant,
            source: sourceName,
            fold: f + 1,
            seed: s,
            ...r,
            ...machine,
            date: new Date().toISOString(),
          }) + '\n',
        );
    }
  }
  const acc = results.map((r) => 100 * r.test_accuracy);
  const mean = acc.reduce((x, y) => x + y, 0) / acc.length;
  const std = Math.sqrt(acc.reduce((x, y) => x + (y - mean) ** 2, 0) / acc.length);
  const summary: RunSummary = {
    dataset,
    variant,
    source: sourceName,
    runs: acc.length,
    mean,
    std,
    min: Math.min(...acc),
    max: Math.max(...acc),
    coverage,
  };
  console.log(
    `${dataset} CNN-${variant}: ${mean.toFixed(2)} ± ${std.toFixed(2)} (min ${summary.min.toFixed(2)}, max ${summary.max.toFixed(2)}; ${firstFold > 1 ? `folds ${firstFold}–${nFolds}` : `${nFolds} fold(s)`} × ${firstSeed > 1 ? `seeds ${firstSeed}–${nSeeds}` : `${nSeeds} seed(s)`}; ${sourceName})`,
  );
  if (a.out)
    appendFileSync(a.out, JSON.stringify({ summary, argv, ...machine, date: new Date().toISOString() }) + '\n');
  return summary;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main(process.argv.slice(2)).catch((e: Error) => {
    console.error(e.message);
    process.exit(1);
  });
}
