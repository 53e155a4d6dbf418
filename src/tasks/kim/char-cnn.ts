// Character CNN word vectors (the `char-cnn` OOV policy): each word's characters → embedding → Conv over
// character windows → ReLU → max over the word → one vector per word, learned jointly with the sentence model.
//   chars [B, T, L] int64 (0 = padding char) → Embedding [B, T, L, E] → [B, E, T, L] → Conv2d (1 × k) →
//   [B, F, T, L−k+1] → max over L → [B, T, F]
// A (1 × k) Conv2d over [B, E, T, L] is a Conv1d over each word's characters, with no reshape of the batch.
import type { BuildContext } from '../../engine/program.ts';
import type { Value } from '../../engine/graph.ts';
import type { Rng } from '../../engine/rng.ts';
import * as op from '../../engine/ops/index.ts';
import { Conv2d } from '../../nn/conv.ts';
import { Embedding } from '../../nn/embedding.ts';
import { Module } from '../../nn/module.ts';
import type { HostTensor } from '../../engine/tensor.ts';

export interface CharCnnOptions {
  /** Distinct characters + 2 (0 = padding, 1 = unknown character). */
  numChars: number;
  charDim?: number; // default 16
  filters?: number; // default 50
  kernel?: number; // default 3
}

export class CharCnn extends Module {
  readonly embedding: Embedding;
  readonly conv: Conv2d;
  readonly outDim: number;

  constructor(name: string, opts: CharCnnOptions, rng: Rng) {
    super(name);
    const E = opts.charDim ?? 16;
    this.outDim = opts.filters ?? 50;
    this.embedding = this.addChild(new Embedding(this.path('embedding'), opts.numChars, E, rng, { std: 0.1 }));
    this.conv = this.addChild(new Conv2d(this.path('conv'), E, this.outDim, [1, opts.kernel ?? 3], rng));
  }

  /** chars [B, T, L] → [B, T, F]. */
  forward(ctx: BuildContext, chars: Value): Value {
    return ctx.g.scope(this.name, () => {
      const e = op.transpose(this.embedding.forward(ctx, chars), [0, 3, 1, 2]); // [B, E, T, L]
      const y = op.relu(this.conv.forward(ctx, e)); // [B, F, T, L−k+1]
      return op.transpose(op.reduceMax(y, [3]), [0, 2, 1]); // [B, T, F]
    });
  }
}

/** Maps words to fixed-length character id rows (0 pads, 1 = a character not seen when the map was built). */
export class CharVocab {
  private readonly ids = new Map<string, number>();

  constructor(
    words: Iterable<string>,
    /** Characters per word (longer words are cut). */
    readonly length = 16,
  ) {
    for (const w of words) for (const c of w) if (!this.ids.has(c)) this.ids.set(c, this.ids.size + 2);
  }

  get size(): number {
    return this.ids.size + 2;
  }

  /** chars [B, T, L] int64 for rows of words (null = a padding position). */
  batch(rows: readonly (readonly (string | null)[])[], T: number): HostTensor {
    const L = this.length;
    const data = new BigInt64Array(rows.length * T * L);
    rows.forEach((ws, b) =>
      ws.forEach((w, t) => {
        if (!w) return;
        let j = 0;
        for (const c of w) {
          if (j >= L) break;
          data[(b * T + t) * L + j++] = BigInt(this.ids.get(c) ?? 1);
        }
      }),
    );
    return { dtype: 'int64', shape: [rows.length, T, L], data };
  }
}
