// The streaming line reader: line endings, BOM, multi-byte characters across read blocks, and UTF-8 validation
// errors that name file:line (inline bytes and TREC's one non-UTF-8 byte in the original release).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { firstBadByte, readLineBlocks, readLines, type DataInput } from '../../src/data/lines.ts';
import { NO_SHARED, SHARED, dataError, scratchFile } from './helpers.ts';

async function lines(input: DataInput): Promise<string[]> {
  const out: string[] = [];
  for await (const l of readLines(input)) out.push(`${l.line}:${l.text}`);
  return out;
}

test('LF, CRLF, BOM, missing final newline, empty lines', async () => {
  assert.deepEqual(await lines({ name: 'a', data: 'x\ny\n' }), ['1:x', '2:y']);
  assert.deepEqual(await lines({ name: 'a', data: '\ufeffx\r\n\r\ny' }), ['1:x', '2:', '3:y']);
  assert.deepEqual(await lines({ name: 'a', data: '' }), []);
  assert.deepEqual(await lines({ name: 'a', data: '\n' }), ['1:']);
});

test('a file larger than one read block, with multi-byte characters straddling block edges', async () => {
  const row = 'é€😀 texte\t1\n'; // 2-, 3- and 4-byte characters
  const n = Math.ceil((3 << 20) / Buffer.byteLength(row));
  const path = await scratchFile('big.tsv', row.repeat(n));
  const want = row.slice(0, -1);
  let count = 0;
  let blocks = 0;
  for await (const block of readLineBlocks(path)) {
    blocks++;
    for (const l of block) {
      if (l.line !== ++count) assert.fail(`line ${l.line} out of order`);
      if (l.text !== want) assert.fail(`line ${l.line} garbled: ${JSON.stringify(l.text)}`);
    }
  }
  assert.equal(count, n);
  assert.ok(blocks >= 3, `${blocks} blocks`);
});

test('invalid UTF-8 → DataError with file:line and the offending bytes', async () => {
  const bytes = Buffer.concat([Buffer.from('ok\nfine too\nbad '), Buffer.from([0xc3, 0x28]), Buffer.from(' here\n')]);
  const path = await scratchFile('bad.tsv', bytes);
  await assert.rejects(lines(path), dataError(/bad\.tsv:3: invalid UTF-8 at byte 5 of the line \(0xc3 0x28/));
  await assert.rejects(
    lines({ name: 'mem.txt', data: new Uint8Array([0x61, 0x0a, 0xff]) }),
    dataError(/^mem\.txt:2: invalid UTF-8 at byte 1/),
  );
  // Overlong encodings and surrogates are invalid too.
  assert.equal(firstBadByte(new Uint8Array([0xc0, 0x80])), 0);
  assert.equal(firstBadByte(new Uint8Array([0x41, 0xed, 0xa0, 0x80])), 1);
  assert.equal(firstBadByte(new TextEncoder().encode('héllo 😀')), -1);
});

test('missing file → DataError naming the path', async () => {
  await assert.rejects(
    lines('/nonexistent/train.tsv'),
    dataError(/\/nonexistent\/train\.tsv: cannot read: file not found/),
  );
});

test("TREC's original release has one cp1252 byte: reported at TREC.train:66", { skip: NO_SHARED }, async () => {
  // SOURCE.md: "One byte in TREC.train is not UTF-8 (0xF0 in "sister\xf0city")".
  await assert.rejects(
    lines(join(SHARED, 'TREC/original/TREC.train')),
    dataError(/TREC\.train:66: invalid UTF-8 .*0xf0/),
  );
});
