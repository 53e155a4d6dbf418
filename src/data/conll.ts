// CoNLL reader for token classification (NER): one token per line, a blank line between sentences.
// Two-column `token<TAB>tag` files and the space-separated multi-column CoNLL-2003 originals
// (`token POS chunk NER`) both read as they are: a line that contains a tab is split on tabs, otherwise on runs
// of spaces; the token is column 0 and the tag the last column unless told otherwise. `-DOCSTART-` lines are
// skipped (and counted). Every token line must have as many columns as the first one. Bad input → DataError at
// file:line with the line quoted (clipped).
import { DataError, UsageError, clip } from '../errors.ts';
import { inputName, readLineBlocks, type DataInput } from './lines.ts';
import { dataStream, newSummary, type DataStream, type TaggedSentence } from './types.ts';

export interface ConllOptions {
  /** Column of the token, default 0. */
  tokenColumn?: number;
  /** Column of the tag; negative counts from the end. Default -1 (last). null = untagged input (one column ok). */
  tagColumn?: number | null;
}

export function openConll(input: DataInput, opts: ConllOptions = {}): DataStream<TaggedSentence> {
  const name = inputName(input);
  const tokenCol = opts.tokenColumn ?? 0;
  const tagCol = opts.tagColumn === undefined ? -1 : opts.tagColumn;
  if (!Number.isInteger(tokenCol) || tokenCol < 0)
    throw new UsageError(`tokenColumn must be an index ≥ 0, got ${tokenCol}`);
  if (tagCol !== null && !Number.isInteger(tagCol)) throw new UsageError(`tagColumn must be an integer, got ${tagCol}`);
  const summary = newSummary(name);
  return dataStream(summary, async function* () {
    Object.assign(summary, newSummary(name), { tokens: 0, docStarts: 0 });
    let cur: TaggedSentence | undefined;
    let width = -1;
    for await (const lines of readLineBlocks(input)) {
      const out: TaggedSentence[] = [];
      for (const { text, line } of lines) {
        if (text.trim() === '') {
          if (cur) out.push(cur);
          else summary.blankLines++;
          cur = undefined;
          continue;
        }
        const fields = text.includes('\t') ? text.split('\t') : text.trim().split(/ +/);
        if (fields[0] === '-DOCSTART-') {
          summary.docStarts!++;
          continue;
        }
        const where = `${name}:${line}`;
        const quoted = () => clip(JSON.stringify(text));
        if (width < 0) {
          width = fields.length;
          const need = Math.max(tokenCol + 1, tagCol === null ? 1 : tagCol < 0 ? -tagCol + 1 : tagCol + 1);
          if (width < need)
            throw new DataError(
              where,
              `missing column: need ${need} columns (token and tag), found ${width}: ${quoted()}`,
            );
        } else if (fields.length !== width) {
          throw new DataError(
            where,
            `expected ${width} columns like the first token line, found ${fields.length}: ${quoted()}`,
          );
        }
        const token = fields[tokenCol]!;
        if (token === '') throw new DataError(where, `empty token: ${quoted()}`);
        cur ??= { tokens: [], tags: [], line };
        cur.tokens.push(token);
        if (tagCol !== null) {
          const tag = fields[tagCol < 0 ? width + tagCol : tagCol]!.trim();
          if (tag === '') throw new DataError(where, `empty tag: ${quoted()}`);
          cur.tags.push(tag);
        }
        summary.tokens!++;
      }
      summary.records += out.length;
      if (out.length) yield out;
    }
    if (cur) {
      summary.records++;
      yield [cur];
    }
  });
}
