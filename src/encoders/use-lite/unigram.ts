// SentencePiece unigram segmentation (Viterbi over the lattice of vocabulary pieces, Kudo 2018), exactly as the
// TF.js Universal Sentence Encoder tokenizer does it (tfjs-models `universal-sentence-encoder/tokenizer`, also
// bundled by @energetic-ai/embeddings), including its quirks, so ids match what the model was used with:
//   - symbols are Unicode code points; the first 6 vocabulary entries (unk, <s>, </s>, 3 extras) are never matched;
//     a repeated piece keeps its last id and score
//   - a position where no piece starts gets a 1-symbol unknown arc (id 0, score 0)
//   - best[end] is replaced when it is still exactly 0 or when the new path scores >= it (ties go to the later
//     start); arcs are visited by end position, then start position, ascending
//   - positions no arc reaches keep id 0 and are stepped over one symbol at a time in the backward pass
//   - runs of consecutive unknown tokens merge into one
// Output: one entry per token with the symbol span it covers (for offsets).
export const UNK_ID = 0;
const RESERVED = 6;

interface TrieNode {
  children: Map<string, TrieNode>;
  id: number; // -1 = no piece ends here
  score: number;
}

export interface Segment {
  id: number;
  /** Covered symbols [start, end) (code point indices into the processed text). */
  start: number;
  end: number;
}

export class UnigramModel {
  private readonly root: TrieNode = { children: new Map(), id: -1, score: 0 };
  /** Length in symbols of each piece, for the backward pass (unk = 1). */
  private readonly lengths: Int32Array;

  constructor(readonly vocab: ReadonlyArray<readonly [string, number]>) {
    this.lengths = Int32Array.from(vocab, ([p]) => [...p].length);
    this.lengths[UNK_ID] = 1;
    for (let id = RESERVED; id < vocab.length; id++) {
      const [piece, score] = vocab[id]!;
      let node = this.root;
      for (const ch of piece) {
        let next = node.children.get(ch);
        if (!next) {
          next = { children: new Map(), id: -1, score: 0 };
          node.children.set(ch, next);
        }
        node = next;
      }
      if (node !== this.root) {
        node.id = id;
        node.score = score;
      }
    }
  }

  get size(): number {
    return this.vocab.length;
  }

  /** Best segmentation of `symbols` (code points). */
  segment(symbols: readonly string[]): Segment[] {
    const n = symbols.length;
    // Arcs grouped by end position; starts ascend because positions are scanned in order.
    const arcs: Array<Array<{ start: number; id: number; score: number }>> = Array.from({ length: n + 1 }, () => []);
    for (let i = 0; i < n; i++) {
      let node = this.root.children.get(symbols[i]!);
      let found = false;
      for (let j = i; node; j++) {
        if (node.id >= 0) {
          arcs[j + 1]!.push({ start: i, id: node.id, score: node.score });
          found = true;
        }
        node = j + 1 < n ? node.children.get(symbols[j + 1]!) : undefined;
      }
      if (!found) arcs[i + 1]!.push({ start: i, id: UNK_ID, score: 0 });
    }
    const best = new Float64Array(n + 1);
    const words = new Int32Array(n + 1); // id of the best arc ending at each position (0 = none / unk)
    for (let end = 1; end <= n; end++) {
      for (const a of arcs[end]!) {
        const score = a.score + best[a.start]!;
        if (best[end] === 0 || score >= best[end]!) {
          best[end] = score;
          words[end] = a.id;
        }
      }
    }
    const out: Segment[] = []; // built backwards
    for (let end = n; end > 0;) {
      const id = words[end]!;
      const start = Math.max(0, end - this.lengths[id]!);
      const last = out.at(-1);
      if (id === UNK_ID && last?.id === UNK_ID)
        last.start = start; // merge consecutive unknowns
      else out.push({ id, start, end });
      end = start;
    }
    return out.reverse();
  }
}
