// `bertcnn embed --model REF --input data.tsv --out cache/`: fills the persistent feature cache (src/data/
// feature-cache.ts) with a file's texts, embedding only those not cached yet, and prints a summary (texts, new vs
// cached, truncated, skipped empty texts, seconds, sentences/s, peak RSS). The input file is only read.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { LayerSelection, Pooling, Precision } from '../../encoders/encoder.ts';
import { loadEncoder } from '../../encoders/load.ts';
import { FeatureCache } from '../../data/feature-cache.ts';
import { readExamples, type TextFormat, type TextReadOptions } from '../../data/read.ts';
import { UsageError } from '../../errors.ts';
import { int } from '../flags.ts';
import { type Progress, progressBar } from '../progress.ts';

interface EmbedFlags {
  model: string;
  input: string;
  out: string;
  format?: string;
  header?: boolean;
  textColumn?: string;
  layers: string;
  combine: string;
  pooling?: string;
  tokens: boolean;
  maxLength?: string;
  windowStride?: string;
  precision: string;
  batchSize: string;
  threads?: string;
  json?: boolean;
  quiet?: boolean;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got '${value}'`);
  return n;
}

/** 'last' or a comma-separated list of hidden-state indices (negative = from the end). */
export function parseLayers(value: string, combine: string): LayerSelection {
  const c = oneOf('--combine', combine, ['concat', 'sum', 'mean'] as const);
  if (value === 'last') return { layers: 'last', combine: c };
  const parts = value.split(',').map((s) => s.trim());
  if (parts.some((p) => !/^-?\d+$/.test(p))) throw new UsageError(`--layers must be 'last' or a list of layer indices like -4,-3,-2,-1, got '${value}'`);
  return { layers: parts.map(Number), combine: c };
}

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
  const layers = parseLayers(o.layers, o.combine);
  const pooling = o.pooling === undefined ? null : oneOf<Pooling>('--pooling', o.pooling, ['cls', 'pooler', 'mean']);
  if (!o.tokens && !pooling) throw new UsageError('--no-tokens stores pooled vectors only: give --pooling cls|pooler|mean');
  const precision = oneOf<Precision>('--precision', o.precision, ['fp32', 'int8']);
  const maxLength = positiveInt('--max-length', o.maxLength);
  const windowStride = o.windowStride === undefined ? undefined : int('--window-stride', o.windowStride);
  const batchSize = positiveInt('--batch-size', o.batchSize);
  const threads = positiveInt('--threads', o.threads);
  const say = (s: string) => {
    if (!o.quiet && !o.json) process.stderr.write(`${s}\n`);
  };
  const started = performance.now();

  const { examples, summary: read } = await readExamples(o.input, readOptions(o));
  const texts = examples.map((e) => e.text);
  say(`read ${texts.length} texts from ${o.input}${read.skippedEmpty ? ` (${read.skippedEmpty} empty skipped)` : ''}`);
  const encoder = await loadEncoder(o.model, { threads, onWarning: (m) => say(`warning: ${m}`) });
  let bar: Progress | undefined;
  try {
    const cache = await FeatureCache.open(o.out, encoder, { layers, pooling, tokens: o.tokens, maxLength, precision, windowStride });
    for (const d of cache.recovery.discarded) say(`feature cache: discarded ${d}`);
    if (cache.recovery.adopted.length) say(`feature cache: recovered ${cache.recovery.adopted.length} shard(s) missing from the index`);
    const s = await cache.embed(texts, {
      batchSize,
      onProgress: (done, total) => {
        if (total === 0) return;
        bar ??= progressBar(total, 'embed', { quiet: o.quiet || o.json });
        bar.update(done);
      },
    });
    bar?.stop();
    const result = {
      input: o.input,
      model: o.model,
      cache: cache.dir,
      space: cache.spaceId,
      texts: s.texts,
      unique: s.unique,
      new: s.embedded,
      cached: s.cached,
      truncated: s.truncated,
      windowed: s.windowed,
      window_stride: cache.spec.windowStride ?? null,
      skipped_empty: read.skippedEmpty,
      max_length: cache.spec.maxLength,
      layers: cache.spec.layers,
      pooling: cache.spec.pooling,
      precision,
      embed_seconds: round(s.seconds),
      seconds: round((performance.now() - started) / 1000),
      sentences_per_s: s.embedded > 0 ? round(s.embedded / s.seconds) : 0,
      peak_rss_mb: round(peakRssMb()),
    };
    cache.close();
    if (o.json) console.log(JSON.stringify(result));
    else if (!o.quiet) console.log(formatSummary(result));
  } finally {
    bar?.stop();
    await encoder.release();
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

function formatSummary(r: Record<string, string | number | null>): string {
  return [
    `embedded ${r.new} new text(s), ${r.cached} already cached (${r.texts} texts, ${r.unique} distinct)`,
    r.window_stride === null
      ? `  truncated to ${r.max_length} tokens: ${r.truncated}   skipped empty: ${r.skipped_empty}`
      : `  longer than ${r.max_length} tokens, embedded in windows sharing ${r.window_stride} tokens: ${r.windowed}   skipped empty: ${r.skipped_empty}`,
    `  ${r.embed_seconds} s embedding (${r.sentences_per_s} sentences/s), ${r.seconds} s total, peak RSS ${r.peak_rss_mb} MB`,
    `  cache ${r.cache} (layers ${r.layers}, pooling ${r.pooling ?? 'none'}, ${r.precision})`,
  ].join('\n');
}

export function registerEmbed(program: Command): void {
  program
    .command('embed')
    .description('compute encoder features for a file of texts into the persistent feature cache (only missing texts are embedded)')
    .requiredOption('--model <ref>', 'Hugging Face Hub id or local model folder')
    .requiredOption('--input <file>', 'TSV/CSV/JSONL file of texts (label<TAB>text by default)')
    .requiredOption('--out <dir>', 'feature cache folder (created if missing; shared by every model and option set)')
    .option('--format <fmt>', 'tsv|csv|jsonl (default: from the file extension)')
    .option('--header', 'the first row of a TSV/CSV file is a header')
    .option('--text-column <col>', 'text column: a header name (implies --header) or a 0-based index; JSONL field name')
    .option('--layers <list>', "'last' or hidden-state indices, e.g. -4,-3,-2,-1", 'last')
    .option('--combine <how>', 'concat|sum|mean for several layers', 'concat')
    .option('--pooling <how>', 'also store pooled vectors: cls|pooler|mean')
    .option('--no-tokens', 'store pooled vectors only (needs --pooling)')
    .option('--max-length <n>', "truncation length in tokens, specials included (default: the model's)")
    .option('--window-stride <n>', 'embed longer texts whole, in windows of --max-length sharing n tokens, instead of truncating')
    .option('--precision <p>', 'fp32|int8', 'fp32')
    .option('--batch-size <n>', 'sentences per encoder run', '32')
    .option('--threads <n>', 'ONNX Runtime intra-op threads (default: all cores)')
    .option('--json', 'print the summary as one JSON object')
    .option('--quiet', 'no progress bar or messages')
    .action((o: EmbedFlags) => runEmbed(o));
}
