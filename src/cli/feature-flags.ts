// The encoder-feature flags `bertcnn embed` and `bertcnn worker --encoder` share (layers, pooling, tokens, max
// length, windowing, precision), and their conversion to the feature-cache options a queue name is made from.
import type { Command } from 'commander';
import type { LayerSelection, Pooling, Precision } from '../encoders/encoder.ts';
import type { EmbedFeatureOptions } from '../queue/naming.ts';
import { UsageError } from '../errors.ts';
import { DEFAULT_MAX_LENGTH } from '../train/run-config.ts';
import { int, oneOf } from './flags.ts';

export interface FeatureFlags {
  layers: string;
  combine: string;
  pooling?: string;
  tokens: boolean;
  maxLength?: string;
  windowStride?: string;
  precision: string;
}

export function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} must be a positive integer, got '${value}'`);
  return n;
}

/** 'last' or a comma-separated list of hidden-state indices (negative = from the end). */
export function parseLayers(value: string, combine: string): LayerSelection {
  const c = oneOf('--combine', combine, ['concat', 'sum', 'mean'] as const);
  if (value === 'last') return { layers: 'last', combine: c };
  const parts = value.split(',').map((s) => s.trim());
  if (parts.some((p) => !/^-?\d+$/.test(p)))
    throw new UsageError(`--layers must be 'last' or a list of layer indices like -4,-3,-2,-1, got '${value}'`);
  return { layers: parts.map(Number), combine: c };
}

/** The feature-cache options of the flags below (shared with `bertcnn worker --encoder`). */
export function featureFlags(o: FeatureFlags): EmbedFeatureOptions {
  const layers = parseLayers(o.layers, o.combine);
  const pooling = o.pooling === undefined ? null : oneOf<Pooling>('--pooling', o.pooling, ['cls', 'pooler', 'mean']);
  if (!o.tokens && !pooling)
    throw new UsageError('--no-tokens stores pooled vectors only: give --pooling cls|pooler|mean');
  const precision = oneOf<Precision>('--precision', o.precision, ['fp32', 'int8']);
  // train's default (a run's encoder.maxLength), so `embed` then `train --cache` share one cache space
  const maxLength = positiveInt('--max-length', o.maxLength) ?? DEFAULT_MAX_LENGTH;
  const windowStride = o.windowStride === undefined ? undefined : int('--window-stride', o.windowStride);
  return { layers, pooling, tokens: o.tokens, maxLength, precision, windowStride };
}

export function addFeatureOptions(cmd: Command): Command {
  return cmd
    .option('--layers <list>', "'last' or hidden-state indices, e.g. -4,-3,-2,-1 (as train)", 'last')
    .option('--combine <how>', 'concat|sum|mean for several layers (as train)', 'concat')
    .option('--pooling <how>', 'also store pooled vectors: cls|pooler|mean')
    .option('--no-tokens', 'store pooled vectors only (needs --pooling)')
    .option(
      '--max-length <n>',
      `truncation length in tokens, specials included (default ${DEFAULT_MAX_LENGTH}, as train)`,
    )
    .option(
      '--window-stride <n>',
      'embed longer texts whole, in windows of --max-length sharing n tokens, instead of truncating',
    )
    .option('--precision <p>', 'fp32|int8', 'fp32');
}
