// Fuzz targets for the data readers (src/data): TSV/CSV, JSONL, CoNLL and the UTF-8 line reader. Inputs are
// random bytes, random text, or a valid file generated from known records and then damaged by byte edits.
// Every reader must return records (a faithful round trip when the file was not damaged) or throw a DataError
// that names `file:line` with a line inside the file — never another error type, never hang.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { openConll, type ConllOptions } from '../../../src/data/conll.ts';
import { openDelimited, type DelimitedOptions } from '../../../src/data/delimited.ts';
import { openJsonl, type JsonlOptions } from '../../../src/data/jsonl.ts';
import { readLines } from '../../../src/data/lines.ts';
import { toCsvRecord } from '../../../src/data/records.ts';
import { readAll, type DataStream } from '../../../src/data/types.ts';
import { DataError, UsageError } from '../../../src/errors.ts';
import { applyByteEdits, someByteEdits, utf8 } from '../mutate.ts';
import { escapeRe, expectOnly, lineOf, type FuzzTarget } from '../target.ts';
import { trickyChar } from './text.ts';

/** What `s` reads back as after UTF-8 encoding: lone surrogates become U+FFFD. */
const wellFormed = (s: string) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(utf8(s));

/** Lines the file has (a final newline does not start another). */
function lineCount(bytes: Uint8Array): number {
  let n = 1;
  for (let i = 0; i < bytes.length - 1; i++) if (bytes[i] === 0x0a) n++;
  return n;
}

/** Records of `open()`, or the DataError it throws, which must name `name:N` with 1 ≤ N ≤ the file's lines. */
async function readOrDataError<T>(
  name: string,
  bytes: Uint8Array,
  open: () => DataStream<T>,
  usage?: RegExp,
): Promise<T[] | undefined> {
  try {
    return (await readAll(open())).items;
  } catch (e) {
    if (usage && e instanceof UsageError) return void assert.match(e.message, usage);
    expectOnly(e, DataError, new RegExp(`^${escapeRe(name)}:\\d+: `));
    const line = lineOf(e.message, name)!;
    assert.ok(line >= 1 && line <= lineCount(bytes), `error names line ${line} of a ${lineCount(bytes)}-line file`);
    return undefined;
  }
}

/** Lines of records must be increasing and inside the file. */
function checkLines(items: readonly { line: number }[], bytes: Uint8Array): void {
  let prev = 0;
  for (const it of items) {
    assert.ok(it.line > prev && it.line <= lineCount(bytes), `record line ${it.line} (previous ${prev})`);
    prev = it.line;
  }
}

const textUnit = fc.oneof(trickyChar, fc.constantFrom(',', '"', '\t', '\n', '\r', ';', '|', '{', '}', ':'));
/** Random content: bytes (invalid UTF-8 included) or text rich in delimiters, quotes and line breaks. */
const randomContent = fc.oneof(
  fc.uint8Array({ maxLength: 80 }),
  fc.string({ unit: textUnit, maxLength: 80 }).map(utf8),
);

/** A label: trimmed, non-empty, free of delimiters and line breaks. */
const label = fc.string({ unit: fc.constantFrom('a', 'B', '0', '1', 'é', '-', '_', '中'), minLength: 1, maxLength: 5 });
/** Free text without line breaks or tabs (any TSV field). */
const lineText = fc
  .string({ unit: fc.oneof(trickyChar, fc.constantFrom(',', '"', ' ')), maxLength: 12 })
  .map((s) => s.replace(/[\t\n\r\u0085\u2028\u2029\ufeff]/g, ''));
const anyText = fc.string({ unit: textUnit, maxLength: 12 });

const delimitedOptions: fc.Arbitrary<DelimitedOptions> = fc.record(
  {
    format: fc.constantFrom('tsv' as const, 'csv' as const),
    header: fc.boolean(),
    labelColumn: fc.constantFrom(0, 1, 2, null, 'label', 'text', 'x'),
    textColumn: fc.constantFrom(0, 1, 2, 'text', 'sentence'),
    delimiter: fc.constantFrom(';', '|', ','),
    labelSeparator: fc.constantFrom(',', '|'),
  },
  { requiredKeys: ['format'] },
);

const delimited: FuzzTarget = {
  name: 'delimited-reader',
  area: 'data',
  what: 'TSV/CSV reader: random or damaged files under random column options give records with non-blank text in line order, or a DataError naming file:line inside the file; an undamaged generated file reads back exactly',
  property: () =>
    fc.asyncProperty(
      fc.oneof(
        fc.tuple(randomContent, delimitedOptions).map(([bytes, opts]) => ({ bytes, opts, expect: undefined })),
        fc
          .tuple(
            fc.array(fc.tuple(label, fc.boolean()), { maxLength: 6 }),
            fc.array(fc.oneof(lineText, anyText), { minLength: 6, maxLength: 6 }),
            fc.boolean(),
            someByteEdits,
          )
          .map(([rows, texts, csv, edits]) => {
            // label<sep>text per line; TSV texts cannot hold tabs or line breaks
            const ex = rows.map(([l], i) => ({
              label: l,
              text: csv ? texts[i]! : texts[i]!.replace(/[\t\n\r]/g, ' '),
            }));
            const body = ex.map((e) => (csv ? toCsvRecord([e.label, e.text]) : `${e.label}\t${e.text}`)).join('\n');
            const bytes = applyByteEdits(utf8(body), edits);
            const expect = edits.length
              ? undefined
              : ex
                  .filter((e) => e.text.trim() !== '')
                  .map((e) => ({ label: e.label, text: wellFormed(e.text).replace(/\r\n/g, '\n') }));
            return { bytes, opts: { format: csv ? ('csv' as const) : ('tsv' as const) }, expect };
          }),
      ),
      async ({ bytes, opts, expect }) => {
        const name = `fz.${opts.format}`;
        const sameColumn = /label and text are the same column|columns given by name need a header row/;
        const items = await readOrDataError(name, bytes, () => openDelimited({ name, data: bytes }, opts), sameColumn);
        if (!items) return assert.equal(expect, undefined, `an undamaged file failed to read`);
        checkLines(items, bytes);
        for (const it of items) {
          assert.notEqual(it.text.trim(), '', `line ${it.line}: a blank text was not skipped`);
          if (it.label !== undefined)
            assert.ok(
              it.label !== '' && it.label === it.label.trim(),
              `line ${it.line}: label ${JSON.stringify(it.label)}`,
            );
        }
        if (expect)
          assert.deepEqual(
            items.map((e) => ({ label: e.label, text: e.text })),
            expect,
          );
      },
    ),
};

const jsonlOptions: fc.Arbitrary<JsonlOptions> = fc.record(
  {
    textField: fc.constantFrom('text', 'sentence'),
    labelField: fc.constantFrom('label', null),
    labelsField: fc.constantFrom('labels', 'tags'),
  },
  { requiredKeys: [] },
);

const jsonl: FuzzTarget = {
  name: 'jsonl-reader',
  area: 'data',
  what: 'JSONL reader: random or damaged files give records with non-blank text in line order, or a DataError naming file:line inside the file; an undamaged generated file reads back exactly',
  property: () =>
    fc.asyncProperty(
      fc.oneof(
        fc.tuple(randomContent, jsonlOptions).map(([bytes, opts]) => ({ bytes, opts, expect: undefined })),
        fc
          .tuple(
            fc.array(fc.record({ text: anyText, label: fc.oneof(label, fc.integer().map(String)) }), { maxLength: 6 }),
            fc.boolean(),
            someByteEdits,
          )
          .map(([rows, numeric, edits]) => {
            const ex = rows.map((r, i) => ({ text: r.text, label: numeric ? String(i) : r.label }));
            const body = ex
              .map((e) => JSON.stringify({ text: e.text, label: numeric ? Number(e.label) : e.label }))
              .join('\n');
            const bytes = applyByteEdits(utf8(body), edits);
            const expect = edits.length ? undefined : ex.filter((e) => e.text.trim() !== '');
            return { bytes, opts: {}, expect };
          }),
      ),
      async ({ bytes, opts, expect }) => {
        const items = await readOrDataError('fz.jsonl', bytes, () =>
          openJsonl({ name: 'fz.jsonl', data: bytes }, opts),
        );
        if (!items) return assert.equal(expect, undefined, `an undamaged file failed to read`);
        checkLines(items, bytes);
        for (const it of items) assert.notEqual(it.text.trim(), '', `line ${it.line}: a blank text was not skipped`);
        if (expect)
          assert.deepEqual(
            items.map((e) => ({ text: e.text, label: e.label })),
            expect,
          );
      },
    ),
};

const conllOptions: fc.Arbitrary<ConllOptions> = fc.record(
  { tokenColumn: fc.constantFrom(0, 1, 2), tagColumn: fc.constantFrom(-1, -2, 0, 1, 3, null) },
  { requiredKeys: [] },
);
const conllField = fc
  .string({ unit: fc.constantFrom('a', 'B', '-', 'O', 'é', '.', '中', '😀', 'I'), minLength: 1, maxLength: 5 })
  .filter((s) => s !== '-DOCSTART-');

const conll: FuzzTarget = {
  name: 'conll-reader',
  area: 'data',
  what: 'CoNLL reader: random or damaged files under random column options give sentences with one tag per token (tokens non-empty), or a DataError naming file:line inside the file; an undamaged generated file reads back exactly',
  property: () =>
    fc.asyncProperty(
      fc.oneof(
        fc
          .tuple(
            fc.oneof(
              randomContent,
              fc
                .string({
                  unit: fc.constantFrom('a', 'B-X', 'O', ' ', '\t', '\n', '\r', '-DOCSTART-', '\ufeff'),
                  maxLength: 60,
                })
                .map(utf8),
            ),
            conllOptions,
          )
          .map(([bytes, opts]) => ({ bytes, opts, expect: undefined })),
        fc
          .tuple(
            fc.array(fc.array(fc.tuple(conllField, conllField), { minLength: 1, maxLength: 4 }), { maxLength: 4 }),
            someByteEdits,
          )
          .map(([sentences, edits]) => {
            const body = sentences.map((s) => s.map(([tok, tag]) => `${tok}\t${tag}`).join('\n')).join('\n\n');
            const bytes = applyByteEdits(utf8(`-DOCSTART- O\n\n${body}\n`), edits);
            const expect = edits.length
              ? undefined
              : sentences.map((s) => ({ tokens: s.map((p) => p[0]), tags: s.map((p) => p[1]) }));
            return { bytes, opts: {} as ConllOptions, expect };
          }),
      ),
      async ({ bytes, opts, expect }) => {
        const items = await readOrDataError('fz.conll', bytes, () =>
          openConll({ name: 'fz.conll', data: bytes }, opts),
        );
        if (!items) return assert.equal(expect, undefined, `an undamaged file failed to read`);
        checkLines(items, bytes);
        for (const s of items) {
          assert.ok(s.tokens.length > 0 && s.tokens.every((t) => t !== ''), `line ${s.line}: empty sentence or token`);
          assert.equal(s.tags.length, opts.tagColumn === null ? 0 : s.tokens.length, `line ${s.line}: tags per token`);
        }
        if (expect)
          assert.deepEqual(
            items.map((s) => ({ tokens: s.tokens, tags: s.tags })),
            expect,
          );
      },
    ),
};

/** The lines a strict UTF-8 decode of the whole file gives (BOM and CR of CRLF dropped), or the first bad line. */
function expectedLines(bytes: Uint8Array): { lines: string[] } | { badLine: number } {
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    let text = strict.decode(bytes);
    if (bytes.length === 0) return { lines: [] };
    if (text.startsWith('\ufeff')) text = text.slice(1);
    if (text.endsWith('\n')) text = text.slice(0, -1);
    return { lines: text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)) };
  } catch {
    let start = 0;
    for (let line = 1; ; line++) {
      const nl = bytes.indexOf(0x0a, start);
      const end = nl < 0 ? bytes.length : nl;
      try {
        strict.decode(bytes.subarray(start, end));
      } catch {
        return { badLine: line };
      }
      start = end + 1;
    }
  }
}

const lines: FuzzTarget = {
  name: 'line-reader',
  area: 'data',
  what: 'UTF-8 line reader: random bytes give exactly the lines of a strict UTF-8 decode (BOM and CRLF handled), or a DataError naming the first line holding invalid UTF-8 and a byte before which the line is valid',
  property: () =>
    fc.asyncProperty(
      fc.oneof(
        fc.uint8Array({ maxLength: 60 }),
        fc.uint8Array({ maxLength: 60, min: 0x80 }),
        randomContent,
        fc.tuple(randomContent, someByteEdits).map(([b, e]) => applyByteEdits(b, e)),
      ),
      async (bytes) => {
        const want = expectedLines(bytes);
        const got: string[] = [];
        try {
          for await (const l of readLines({ name: 'fz.txt', data: bytes })) {
            assert.equal(l.line, got.length + 1, 'line numbers are consecutive from 1');
            got.push(l.text);
          }
        } catch (e) {
          expectOnly(e, DataError, /^fz\.txt:\d+: invalid UTF-8 at byte \d+ of the line/);
          assert.ok('badLine' in want, `valid UTF-8 refused: ${e.message}`);
          assert.equal(lineOf(e.message, 'fz.txt'), want.badLine, 'the error names the wrong line');
          // the reported byte: the line is valid UTF-8 before it
          const at = Number(/at byte (\d+)/.exec(e.message)![1]) - 1;
          const lineStart = bytes.findIndex((_, i) =>
            i === 0 || bytes[i - 1] === 0x0a ? --want.badLine === 0 : false,
          );
          const before = bytes.subarray(lineStart, lineStart + at);
          assert.ok(!before.includes(0x0a), 'reported byte lies past the end of the line');
          new TextDecoder('utf-8', { fatal: true }).decode(before);
          return;
        }
        assert.ok('lines' in want, 'invalid UTF-8 was accepted');
        assert.deepEqual(got, want.lines);
      },
    ),
};

export const DATA_TARGETS: FuzzTarget[] = [delimited, jsonl, conll, lines];
