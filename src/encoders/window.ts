// Sliding windows for texts longer than an encoder's maximum length ("windowed when asked", instead of
// truncation). Any Encoder works: texts are tokenized without truncation, each row's content tokens (between
// its leading and trailing special tokens, e.g. [CLS] … [SEP]) are cut into windows of maxLength − specials
// tokens where consecutive windows share `stride` tokens, every window is wrapped in the row's own specials and
// run through the frozen path, and the windows are stitched back into one row of the text's full length:
//   content token j  ← the window where j has the most context on both sides (BERT's run_squad
//                      `_check_is_max_context`: max of min(left, right) context; the earlier window on ties)
//   leading specials ← the first window, trailing specials ← the last window
//   pooled           ← 'mean': masked mean over the stitched tokens (exactly what a long model would pool);
//                      'cls' / 'pooler': mean of the windows' vectors (each window has its own [CLS])
// Texts that fit get one window and the same features as extract(). Shapes follow encoder.ts; a row may be
// longer than maxLength (tokens [B, T, D] with T up to the longest text).
import { UsageError } from '../errors.ts';
import type { Encoder, FeatureBatch, FeatureOptions } from './encoder.ts';

export interface WindowOptions {
  /** Tokens shared by consecutive windows (0 ≤ stride < window size). */
  stride: number;
}

/** [start, end) ranges over `content` tokens, `size` long, consecutive ones overlapping by `stride`. */
export function planWindows(content: number, size: number, stride: number): Array<[number, number]> {
  if (!(Number.isInteger(size) && size >= 1)) throw new UsageError(`window size must be an integer ≥ 1, got ${size}`);
  if (!(Number.isInteger(stride) && stride >= 0 && stride < size)) {
    throw new UsageError(
      `window stride must be an integer in 0..${size - 1} (the window holds ${size} tokens), got ${stride}`,
    );
  }
  const out: Array<[number, number]> = [];
  for (let s = 0; ; s += size - stride) {
    out.push([s, Math.min(s + size, content)]);
    if (s + size >= content) return out;
  }
}

/** For each content token, the index of the window that gives it the most context. */
export function maxContextOwner(windows: ReadonlyArray<[number, number]>, content: number): Int32Array {
  const owner = new Int32Array(content);
  for (let j = 0; j < content; j++) {
    let best = -1;
    let bestScore = -1;
    windows.forEach(([s, e], w) => {
      if (j < s || j >= e) return;
      const score = Math.min(j - s, e - 1 - j);
      if (score > bestScore) [best, bestScore] = [w, score];
    });
    owner[j] = best;
  }
  return owner;
}

type WindowedOptions = Omit<FeatureOptions, 'textPairs' | 'bucket' | 'maxTokens'> & WindowOptions;

/** Like encoder.extractStream, with windows instead of truncation; rows come back in input order, `batchSize` texts
 *  at a time (windows of one batch run together, `batchSize` windows per encoder run). */
export async function* extractWindowedStream(
  encoder: Encoder,
  texts: readonly string[],
  opts: WindowedOptions,
): AsyncGenerator<FeatureBatch> {
  if ('textPairs' in opts && opts.textPairs)
    throw new UsageError('windowing splits single texts; text pairs are not supported');
  const maxLength = opts.maxLength ?? encoder.maxLength;
  const batchSize = opts.batchSize ?? 32;
  const pooling = opts.pooling ?? encoder.defaultPooling;
  const outputs = opts.outputs ?? 'both';
  const D = encoder.featureDim(opts.layers);
  const P = encoder.pooledDim(pooling, opts.layers);
  const needTokens = outputs !== 'pooled' || pooling === 'mean';
  const runOutputs = !needTokens ? 'pooled' : pooling === 'mean' ? 'tokens' : 'both';
  const runOpts = { layers: opts.layers, pooling, precision: opts.precision, outputs: runOutputs } as const;
  for (let at = 0; at < texts.length; at += batchSize) {
    const part = texts.slice(at, at + batchSize);
    const enc = encoder.tokenize(part, { maxLength, truncation: false, padding: false }); // unpadded: rows differ widely
    const rows = part.map((_, b) =>
      windowRows(enc.inputIds[b]!, enc.sequenceIds[b]!, enc.lengths[b]!, maxLength, opts.stride),
    );
    const all = rows.flatMap((r) => r.windows.map((w) => w.ids));
    const states: Float32Array[] = []; // one [len, D] per window
    const pooledOf: Float32Array[] = []; // one [P] per window
    for (let s = 0; s < all.length; s += batchSize) {
      const chunk = all.slice(s, s + batchSize);
      const T = Math.max(...chunk.map((c) => c.length));
      const pad = (c: number[], fill: number) =>
        Int32Array.from({ length: T }, (_, t) => (t < c.length ? c[t]! : fill));
      const f = await encoder.extractEncoded(
        {
          inputIds: chunk.map((c) => pad(c, 0)),
          attentionMask: chunk.map((c) =>
            pad(
              c.map(() => 1),
              0,
            ),
          ),
        },
        runOpts,
      );
      chunk.forEach((c, b) => {
        if (f.tokens) states.push((f.tokens.data as Float32Array).slice(b * T * D, (b * T + c.length) * D));
        if (f.pooled) pooledOf.push((f.pooled.data as Float32Array).slice(b * P, (b + 1) * P));
      });
    }
    const lengths = Int32Array.from(rows, (r) => r.length);
    const T = Math.max(0, ...lengths);
    const tokens = new Float32Array(part.length * T * D);
    const pooled = new Float32Array(part.length * P);
    const mask = new Float32Array(part.length * T);
    let w0 = 0;
    rows.forEach((r, b) => {
      mask.fill(1, b * T, b * T + r.length);
      for (let t = 0; needTokens && t < r.length; t++) {
        const [w, pos] = r.source[t]!;
        tokens.set(states[w0 + w]!.subarray(pos * D, (pos + 1) * D), (b * T + t) * D);
      }
      const out = pooled.subarray(b * P, (b + 1) * P);
      if (pooling === 'mean') {
        for (let t = 0; t < r.length; t++)
          for (let d = 0; d < D; d++) out[d]! += tokens[(b * T + t) * D + d]! / r.length;
      } else {
        for (let w = 0; w < r.windows.length; w++)
          pooledOf[w0 + w]!.forEach((v, d) => (out[d]! += v / r.windows.length));
      }
      w0 += r.windows.length;
    });
    yield {
      indices: Int32Array.from(part, (_, b) => at + b),
      tokens: outputs === 'pooled' ? null : { dtype: 'float32', shape: [part.length, T, D], data: tokens },
      pooled: outputs === 'tokens' ? null : { dtype: 'float32', shape: [part.length, P], data: pooled },
      mask: { dtype: 'float32', shape: [part.length, T], data: mask },
      lengths,
      truncated: 0,
    };
  }
}

interface WindowedRow {
  length: number;
  windows: { ids: number[] }[];
  /** For each token of the full row: [window, position inside that window]. */
  source: Array<[number, number]>;
}

function windowRows(
  ids: Int32Array,
  sequenceIds: readonly (0 | 1 | null)[],
  length: number,
  maxLength: number,
  stride: number,
): WindowedRow {
  let lead = 0;
  while (lead < length && sequenceIds[lead] === null) lead++;
  let trail = 0;
  while (trail < length - lead && sequenceIds[length - 1 - trail] === null) trail++;
  const content = length - lead - trail;
  const size = maxLength - lead - trail;
  const head = Array.from(ids.subarray(0, lead));
  const tail = Array.from(ids.subarray(length - trail, length));
  const spans = content === 0 ? [[0, 0] as [number, number]] : planWindows(content, size, stride);
  const windows = spans.map(([s, e]) => ({ ids: [...head, ...Array.from(ids.subarray(lead + s, lead + e)), ...tail] }));
  const owner = maxContextOwner(spans, content);
  const last = spans.length - 1;
  const source: Array<[number, number]> = [];
  for (let t = 0; t < lead; t++) source.push([0, t]);
  for (let j = 0; j < content; j++) source.push([owner[j]!, lead + j - spans[owner[j]!]![0]]);
  const lastLen = windows[last]!.ids.length;
  for (let t = 0; t < trail; t++) source.push([last, lastLen - trail + t]);
  return { length, windows, source };
}
