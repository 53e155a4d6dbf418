// Shapes shared by the data readers: one classification example, one tagged sentence, the per-file summary
// (what was read and what was skipped) and the stream type every reader returns: an async iterable whose
// `summary` is complete once iteration has finished.

/** One sentence-classification example. Exactly one of `label` / `labels` is set for labelled data. */
export interface TextExample {
  text: string;
  /** Single-label class name. */
  label?: string;
  /** Multi-label class names (possibly empty). */
  labels?: string[];
  /** 1-based line where the record starts. */
  line: number;
}

/** One CoNLL sentence: parallel tokens and tags. */
export interface TaggedSentence {
  tokens: string[];
  /** Empty when the file is read without a tag column. */
  tags: string[];
  /** Line of the first token. */
  line: number;
}

export interface ReadSummary {
  /** File path or in-memory name. */
  source: string;
  /** Examples (or sentences) yielded. */
  records: number;
  /** Records whose text was empty or only whitespace, skipped. */
  skippedEmpty: number;
  /** Line numbers of the first few skipped empty texts (at most 10). */
  skippedEmptyLines: number[];
  /** Blank lines between records (ignored; sentence separators in CoNLL are not counted). */
  blankLines: number;
  /** CoNLL only: tokens read and `-DOCSTART-` lines skipped. */
  tokens?: number;
  docStarts?: number;
}

export interface DataStream<T> extends AsyncIterable<T> {
  /** Filled in while iterating; final after the loop ends. */
  readonly summary: ReadSummary;
  /** The same items in arrays (one per read block): one await per block instead of one per item. */
  blocks(): AsyncGenerator<T[]>;
}

export function newSummary(source: string): ReadSummary {
  return { source, records: 0, skippedEmpty: 0, skippedEmptyLines: [], blankLines: 0 };
}

export function noteEmpty(summary: ReadSummary, line: number): void {
  summary.skippedEmpty++;
  if (summary.skippedEmptyLines.length < 10) summary.skippedEmptyLines.push(line);
}

/** Wraps a block generator factory as a DataStream sharing `summary`. Each iteration re-reads the input. */
export function dataStream<T>(summary: ReadSummary, blocks: () => AsyncGenerator<T[]>): DataStream<T> {
  return {
    summary,
    blocks,
    async *[Symbol.asyncIterator]() {
      for await (const block of blocks()) yield* block;
    },
  };
}

/** Collects a whole stream: the convenience form of any reader. */
export async function readAll<T>(stream: DataStream<T>): Promise<{ items: T[]; summary: ReadSummary }> {
  const items: T[] = [];
  for await (const block of stream.blocks()) for (const x of block) items.push(x);
  return { items, summary: stream.summary };
}
