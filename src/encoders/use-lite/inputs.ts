// Checks of what callers hand to use-lite: run options (precision, outputs, layer selection → RunSpec) and
// already padded batches (extractEncoded / feeds: shapes and ids, then the flat PaddedBatch the frozen runner
// takes; inputIds / attentionMask are [B][T] rows, the result is [B·T] row-major).
import { UsageError } from '../../errors.ts';
import { padRows } from '../bucket.ts';
import type { EncodedInputs, FeatureOptions, LayerSelection, Pooling } from '../encoder.ts';
import { resolveLayers, type ResolvedLayers } from '../features.ts';
import type { PaddedBatch, RunSpec } from '../frozen.ts';
import type { UseLiteBackbone } from './backbone.ts';
import { UNK_ID } from './unigram.ts';

/** resolveLayers, plus: 'sum' / 'mean' cannot mix hidden state 0 (256 wide) with layers 1-2 (512). */
export function useLiteLayers(b: UseLiteBackbone, sel: LayerSelection | undefined): ResolvedLayers {
  const r = resolveLayers(sel, b.numLayers);
  if (r.combine !== 'concat' && new Set(r.indices.map((i) => b.stateDim(i))).size > 1) {
    throw new UsageError(
      `layers.combine '${r.combine}' needs equal widths: use-lite's hidden state 0 is ${b.stateDim(0)} wide, layers 1-2 are ${b.hiddenSize} (use 'concat')`,
    );
  }
  return r;
}

/** D of resolved layers: widths add up under 'concat'. */
export function widthOf(b: UseLiteBackbone, r: ResolvedLayers): number {
  const dims = r.indices.map((i) => b.stateDim(i));
  return r.combine === 'concat' ? dims.reduce((x, y) => x + y, 0) : dims[0]!;
}

/** Validated run options (pooling already checked by the encoder). */
export function runSpec(
  b: UseLiteBackbone,
  opts: Pick<FeatureOptions, 'layers' | 'precision' | 'outputs'>,
  pooling: Pooling,
): RunSpec {
  const precision = opts.precision ?? 'fp32';
  if (precision !== 'fp32' && precision !== 'int8')
    throw new UsageError(`precision must be 'fp32' or 'int8', got ${JSON.stringify(precision)}`);
  const outputs = opts.outputs ?? 'both';
  if (!['tokens', 'pooled', 'both'].includes(outputs))
    throw new UsageError(`outputs must be 'tokens', 'pooled' or 'both'`);
  return { precision, layers: useLiteLayers(b, opts.layers), pooling, outputs };
}

export function paddedInputs(
  batch: EncodedInputs,
  maxPositions: number,
  vocabRows: number,
  padId: number,
): PaddedBatch {
  const B = batch.inputIds.length;
  const T = B > 0 ? batch.inputIds[0]!.length : 0;
  if (
    batch.inputIds.some((r) => r.length !== T) ||
    batch.attentionMask.length !== B ||
    batch.attentionMask.some((r) => r.length !== T)
  ) {
    throw new UsageError(
      'extractEncoded/feeds need a padded batch: every row of inputIds and attentionMask must have the same length',
    );
  }
  if (T > maxPositions) throw new UsageError(`use-lite takes at most ${maxPositions} tokens per row, got ${T}`);
  batch.inputIds.forEach((row, b) =>
    row.forEach((id, t) => {
      if (!(Number.isInteger(id) && id >= 0 && id < vocabRows)) {
        throw new UsageError(`inputIds[${b}][${t}] = ${id} is outside the vocabulary (0..${vocabRows - 1})`);
      }
    }),
  );
  const p = padRows(
    batch,
    new Array<number>(B).fill(T),
    Int32Array.from({ length: B }, (_, i) => i),
    padId,
  );
  batch.attentionMask.forEach((row, b) => row.forEach((m, t) => (p.attentionMask[b * T + t] = m ? 1 : 0)));
  return p;
}

/** Unknown pieces (id 0) at real positions. */
export function countUnknown(batch: EncodedInputs): number {
  let n = 0;
  batch.inputIds.forEach((row, b) =>
    row.forEach((id, t) => (n += id === UNK_ID && batch.attentionMask[b]![t] ? 1 : 0)),
  );
  return n;
}
