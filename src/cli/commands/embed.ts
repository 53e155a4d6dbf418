// `bertcnn embed --encoder REF --input data.tsv --out cache/`: fills the persistent feature cache (src/data/
// feature-cache.ts) with a file's texts, embedding only those not cached yet, and prints a summary (texts, new vs
// cached, truncated, skipped empty texts, seconds, sentences/s, peak RSS). The input file is only read.
// --redis URL: the missing texts are embedded by `bertcnn worker` processes in chunks (src/queue/remote-embed.ts);
// this process alone writes its cache, and the result is the cache a local embed writes.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openEncoder } from '../../encoders/load.ts';
import { FeatureCache, type CacheSpec, type EmbedSummary } from '../../features/feature-cache.ts';
import { MAX_JOB_BATCH } from '../../queue/job-data.ts';
import type { EmbedFeatureOptions } from '../../queue/naming.ts';
import { remoteEmbed } from '../../queue/remote-embed.ts';
import { readExamples, type TextFormat, type TextReadOptions } from '../../data/read.ts';
import { UsageError } from '../../errors.ts';
import { oneOf } from '../flags.ts';
import { addFeatureOptions, featureFlags, positiveInt, type FeatureFlags } from '../feature-flags.ts';
import { type Progress, progressBar } from '../progress.ts';

interface EmbedFlags extends FeatureFlags {
  encoder: string;
  input: string;
  out: string;
  format?: string;
  header?: boolean;
  textColumn?: string;
  batchSize: string;
  threads?: string;
  json?: boolean;
  quiet?: boolean;
  redis?: string;
  chunk?: string;
  queueTimeout?: string;
  allowNonFiniteWeights?: boolean;
}

/** --queue-timeout default: generous (a big corpus on few workers takes long), but not forever. */
export const DEFAULT_QUEUE_TIMEOUT_S = 6 * 3600;

function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.memoryUsage().rss / 2 ** 20;
}

function readOptions(o: EmbedFlags): TextReadOptions {
  const format = o.format === undefined ? undefined : oneOf<TextFormat>('--format', o.format, ['tsv', 'csv', 'jsonl']);
  const col = o.textColumn;
  const opts: TextReadOptions = { format, header: o.header, labelField: null };
  // Labels are not needed here: with a header or an explicit text column no label column is read at all;
  // otherwise the project's default layout `label<TAB>text` applies.
  if (col !== undefined) {
    opts.textColumn = /^\d+$/.test(col) ? Number(col) : col;
    opts.labelColumn = null;
    opts.textField = col;
  } else if (o.header) opts.labelColumn = null;
  return opts;
}

export async function runEmbed(o: EmbedFlags): Promise<void> {
  const features = featureFlags(o);
  const { layers, pooling, maxLength, precision, windowStride } = features;
  const batchSize = positiveInt('--batch-size', o.batchSize);
  // Workers refuse larger batches (job data is untrusted), so a local run takes no more either.
  if (batchSize !== undefined && batchSize > MAX_JOB_BATCH)
    throw new UsageError(`--batch-size must be at most ${MAX_JOB_BATCH}, got ${batchSize}`);
  const threads = positiveInt('--threads', o.threads);
  const say = (s: string) => {
    if (!o.quiet && !o.json) process.stderr.write(`${s}\n`);
  };
  const started = performance.now();

  const { examples, summary: read } = await readExamples(o.input, readOptions(o));
  const texts = examples.map((e) => e.text);
  say(`read ${texts.length} texts from ${o.input}${read.skippedEmpty ? ` (${read.skippedEmpty} empty skipped)` : ''}`);
  if (o.redis !== undefined) {
    return embedOverQueue(
      { ...o, redis: o.redis },
      examples,
      read.skippedEmpty,
      { ...features, batchSize },
      started,
      say,
    );
  }
  const encoder = await openEncoder(o.encoder, {
    threads,
    allowNonFinite: o.allowNonFiniteWeights,
    onWarning: (m) => say(`warning: ${m}`),
  });
  let bar: Progress | undefined;
  try {
    if (o.maxLength === undefined && maxLength! > encoder.maxLength)
      throw new UsageError(
        `--max-length: the default ${maxLength} (train's) is beyond ${o.encoder}'s ${encoder.maxLength} positions; give --max-length ${encoder.maxLength} here and to train`,
      );
    const cache = await FeatureCache.open(o.out, encoder, {
      layers,
      pooling,
      tokens: o.tokens,
      maxLength,
      precision,
      windowStride,
    });
    for (const d of cache.recovery.discarded) say(`feature cache: discarded ${d}`);
    if (cache.recovery.adopted.length)
      say(`feature cache: recovered ${cache.recovery.adopted.length} shard(s) missing from the index`);
    const s = await cache.embed(texts, {
      batchSize,
      onProgress: (done, total) => {
        if (total === 0) return;
        bar ??= progressBar(total, 'embed', { quiet: o.quiet || o.json });
        bar.update(done);
      },
    });
    bar?.stop();
    const result = summaryOf(o, cache, s, read.skippedEmpty, features, started);
    cache.close();
    printSummary(o, result);
  } finally {
    bar?.stop();
    await encoder.release();
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

type Summary = Record<string, string | number | null>;

function summaryOf(
  o: EmbedFlags,
  cache: { dir: string; spaceId: string; spec: CacheSpec },
  s: EmbedSummary,
  skippedEmpty: number,
  features: Pick<EmbedFeatureOptions, 'layers' | 'precision'>,
  started: number,
): Summary {
  const { precision } = features;
  const sel = features.layers.layers;
  return {
    input: o.input,
    encoder: o.encoder,
    cache: cache.dir,
    space: cache.spaceId,
    texts: s.texts,
    unique: s.unique,
    new: s.embedded,
    cached: s.cached,
    truncated: s.truncated,
    windowed: s.windowed,
    window_stride: cache.spec.windowStride ?? null,
    skipped_empty: skippedEmpty,
    max_length: cache.spec.maxLength,
    // as train records it in config.json (encoder.layers / encoder.combine), not the space's resolved key
    layers: sel === 'last' ? 'last' : sel.join(','),
    combine: features.layers.combine ?? 'concat',
    pooling: cache.spec.pooling,
    precision,
    embed_seconds: round(s.seconds),
    seconds: round((performance.now() - started) / 1000),
    sentences_per_s: s.embedded > 0 ? round(s.embedded / s.seconds) : 0,
    peak_rss_mb: round(peakRssMb()),
  };
}

function printSummary(o: EmbedFlags, result: Summary): void {
  if (o.json) console.log(JSON.stringify(result));
  else if (!o.quiet) console.log(formatSummary(result));
}

/** --redis: the texts not cached yet are embedded by `bertcnn worker --encoder …` processes (src/queue/remote-embed.ts). */
async function embedOverQueue(
  o: EmbedFlags & { redis: string },
  examples: { text: string; line: number }[],
  skippedEmpty: number,
  features: EmbedFeatureOptions & { batchSize?: number },
  started: number,
  say: (s: string) => void,
): Promise<void> {
  let bar: Progress | undefined;
  try {
    const r = await remoteEmbed(
      examples.map((e) => e.text),
      {
        redis: o.redis,
        model: o.encoder,
        features,
        root: o.out,
        batchSize: features.batchSize,
        source: o.input,
        lines: examples.map((e) => e.line),
        chunk: positiveInt('--chunk', o.chunk),
        timeoutS: positiveInt('--queue-timeout', o.queueTimeout) ?? DEFAULT_QUEUE_TIMEOUT_S,
        onError: (m) => say(`warning: ${m}`),
        onProgress: (done, total) => {
          if (total === 0) return;
          bar ??= progressBar(total, 'embed', { quiet: o.quiet || o.json });
          bar.update(done);
        },
      },
    );
    bar?.stop();
    for (const d of r.recovery.discarded) say(`feature cache: discarded ${d}`);
    printSummary(o, { ...summaryOf(o, r, r.summary, skippedEmpty, features, started), queue: r.queue });
  } finally {
    bar?.stop();
  }
}

function formatSummary(r: Record<string, string | number | null>): string {
  return [
    `embedded ${r.new} new text(s), ${r.cached} already cached (${r.texts} texts, ${r.unique} distinct)`,
    r.window_stride === null
      ? `  truncated to ${r.max_length} tokens: ${r.truncated}   skipped empty: ${r.skipped_empty}`
      : `  longer than ${r.max_length} tokens, embedded in windows sharing ${r.window_stride} tokens: ${r.windowed}   skipped empty: ${r.skipped_empty}`,
    `  ${r.embed_seconds} s embedding (${r.sentences_per_s} sentences/s), ${r.seconds} s total, peak RSS ${r.peak_rss_mb} MB`,
    `  cache ${r.cache} (layers ${r.layers}, combine ${r.combine}, pooling ${r.pooling ?? 'none'}, ${r.precision})`,
  ].join('\n');
}

export function registerEmbed(program: Command): void {
  const cmd = program
    .command('embed')
    .description(
      'compute encoder features for a file of texts into the persistent feature cache (only missing texts are embedded)',
    )
    .requiredOption('--encoder <ref>', 'encoder: Hugging Face Hub id or local model folder')
    .requiredOption('--input <file>', 'TSV/CSV/JSONL file of texts (label<TAB>text by default)')
    .requiredOption('--out <dir>', 'feature cache folder (created if missing; shared by every model and option set)')
    .option('--format <fmt>', 'tsv|csv|jsonl (default: from the file extension)')
    .option('--header', 'the first row of a TSV/CSV file is a header')
    .option(
      '--text-column <col>',
      'text column: a header name (implies --header) or a 0-based index; JSONL field name',
    );
  addFeatureOptions(cmd)
    .option('--batch-size <n>', 'sentences per encoder run', '32')
    .option('--threads <n>', 'ONNX Runtime intra-op threads (default: all cores)')
    .option('--allow-non-finite-weights', 'load an encoder whose weights hold NaN/Inf (refused by default)')
    .option(
      '--redis <url>',
      'embed on `bertcnn worker --encoder …` processes through this Redis (redis://host:port); this process writes the cache',
    )
    .option('--chunk <n>', '--redis: texts per job', '256')
    .option(
      '--queue-timeout <s>',
      `--redis: give up when the jobs are not done after this many seconds (default ${DEFAULT_QUEUE_TIMEOUT_S})`,
    )
    .option('--json', 'print the summary as one JSON object')
    .option('--quiet', 'no progress bar or messages')
    .action((o: EmbedFlags) => runEmbed(o));
}
