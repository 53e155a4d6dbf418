// How many of a job's texts are longer than the encoder's max length, and what became of them: truncated (the
// default) or, with a window stride (frozen mode), windowed — and into how many windows in all. The texts are
// tokenized without truncation in chunks; windows are planned exactly as src/encoders/window.ts plans them (a
// window keeps the row's leading and trailing special tokens and holds maxLength − specials text tokens).
// Recorded in metrics.json as `long_texts` and printed in `bertcnn train`'s summary.
import type { Encoder } from '../encoders/encoder.ts';
import { planWindows } from '../encoders/window.ts';
import { charBudget } from '../tokenize/encode-batch.ts';

export type LongTexts =
  | { texts: number; max_length: number; truncated: number }
  | { texts: number; max_length: number; window_stride: number; windowed: number; windows: number };

const CHUNK = 512;

export function longTexts(
  encoder: Encoder,
  texts: readonly string[],
  maxLength: number,
  windowStride?: number,
): LongTexts {
  let long = 0;
  let windows = 0;
  for (let at = 0; at < texts.length; at += CHUNK) {
    // Unpadded (one long text must not pad the whole chunk to its length); without windows only "longer than
    // maxLength" matters, so the truncating character budget applies (src/tokenize/encode-batch.ts).
    const maxChars = windowStride === undefined ? charBudget(maxLength) : undefined;
    const enc = encoder.tokenize(texts.slice(at, at + CHUNK), {
      maxLength,
      truncation: false,
      padding: false,
      maxChars,
    });
    enc.lengths.forEach((length, b) => {
      if (length <= maxLength) return;
      long++;
      if (windowStride === undefined) return;
      const seq = enc.sequenceIds[b]!;
      let lead = 0;
      while (lead < length && seq[lead] === null) lead++;
      let trail = 0;
      while (trail < length - lead && seq[length - 1 - trail] === null) trail++;
      windows += planWindows(length - lead - trail, maxLength - lead - trail, windowStride).length;
    });
  }
  if (windowStride === undefined) return { texts: texts.length, max_length: maxLength, truncated: long };
  return { texts: texts.length, max_length: maxLength, window_stride: windowStride, windowed: long, windows };
}

/** One line for the summary, e.g. "3 of 120 texts longer than 16 tokens: windowed into 11 windows (stride 4)". */
export function longTextsLine(r: LongTexts): string {
  const head = `${'windowed' in r ? r.windowed : r.truncated} of ${r.texts} texts longer than ${r.max_length} tokens`;
  return 'windowed' in r
    ? `${head}: windowed into ${r.windows} windows (stride ${r.window_stride})`
    : `${head}: truncated`;
}
