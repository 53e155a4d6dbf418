// Fuzz targets for the static word-vector readers (src/encoders/static): word2vec/fastText/GloVe text and
// word2vec binary. A valid file is generated from known vectors, then its header numbers may be replaced by
// huge ones and its bytes damaged; it is read from disk in tiny chunks (records split across reads).
// Each read must give vectors (the same vectors when the file was undamaged) or a DataError naming the file —
// and must not reserve memory the file could never fill: a 100-byte file declaring 10^10 words of dimension
// 10^6 is refused, not answered with a RangeError ("Invalid typed array length") or a multi-GB allocation.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { readWord2vecBinary } from '../../../src/encoders/static/binary-reader.ts';
import { readTextVectors, type TextVectorFormat } from '../../../src/encoders/static/text-reader.ts';
import type { StaticVectors } from '../../../src/encoders/static/vectors.ts';
import { DataError } from '../../../src/errors.ts';
import { applyByteEdits, someByteEdits, utf8 } from '../mutate.ts';
import { escapeRe, expectOnly, scratchDir, type FuzzTarget } from '../target.ts';

/** Array-buffer memory a read may add for a file of a few hundred bytes. */
const MAX_EXTRA_BYTES = 64 << 20;

interface Vectors {
  words: string[];
  dim: number;
  rows: number[][];
}

const word = fc.string({
  unit: fc.constantFrom('a', 'B', 'é', '中', '😀', '-', '.', '#', '0'),
  minLength: 1,
  maxLength: 4,
});
const vectors: fc.Arbitrary<Vectors> = fc.integer({ min: 1, max: 4 }).chain((dim) =>
  fc.uniqueArray(word, { minLength: 1, maxLength: 5 }).chain((words) =>
    fc
      .array(
        fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), {
          minLength: dim,
          maxLength: dim,
        }),
        { minLength: words.length, maxLength: words.length },
      )
      .map((rows) => ({ words, dim, rows })),
  ),
);
/** A header number: as written, or replaced by a huge / zero one. */
const headerNumber = fc.option(
  fc.oneof(fc.constantFrom(0, 1, 2, 1e6, 2 ** 31, 2 ** 32 + 1), fc.integer({ min: 1, max: 99_999_999_999 })),
  { freq: 2, nil: undefined },
);

async function readChecked(
  path: string,
  size: number,
  read: () => Promise<StaticVectors>,
): Promise<StaticVectors | undefined> {
  const before = process.memoryUsage().arrayBuffers;
  try {
    const v = await read();
    assert.ok(v.size >= 1 && v.dim >= 1, `${v.size} words of dimension ${v.dim}`);
    assert.equal(v.matrix.length, v.size * v.dim, 'matrix length is words × dim');
    assert.ok(v.matrix.every(Number.isFinite), 'a non-finite value was accepted');
    return v;
  } catch (e) {
    expectOnly(e, DataError, new RegExp(`^${escapeRe(path)}(:\\d+)?: `));
    return undefined;
  } finally {
    const grown = process.memoryUsage().arrayBuffers - before;
    assert.ok(grown < MAX_EXTRA_BYTES, `reading a ${size}-byte file reserved ${grown} bytes of arrays`);
  }
}

/** The same words with the same float32 vectors, in order. */
function checkSame(v: StaticVectors | undefined, want: Vectors): void {
  assert.ok(v, 'an undamaged file failed to read');
  assert.deepEqual(
    Array.from({ length: v.size }, (_, i) => v.word(i)),
    want.words,
  );
  assert.equal(v.dim, want.dim);
  // + 0 turns -0 into 0: a text file writes -0 as "0"
  assert.deepEqual(
    [...v.matrix].map((x) => x + 0),
    want.rows.flat().map((x) => Math.fround(x) + 0),
  );
}

const text: FuzzTarget = {
  name: 'vectors-text',
  area: 'encoders/static',
  what: 'word2vec/fastText/GloVe text vectors: generated files with huge header numbers or damaged bytes, read in tiny chunks, give finite vectors (the same ones when undamaged) or a DataError naming the file — never a RangeError or an allocation the file cannot fill',
  property: () => {
    const path = join(scratchDir(), 'vectors.txt');
    return fc.asyncProperty(
      vectors,
      fc.constantFrom<TextVectorFormat>('auto', 'word2vec', 'fasttext', 'glove'),
      fc.tuple(headerNumber, headerNumber),
      someByteEdits,
      fc.integer({ min: 1, max: 64 }),
      async (v, format, [words, dim], edits, chunkBytes) => {
        const header = format === 'glove' ? '' : `${words ?? v.words.length} ${dim ?? v.dim}\n`;
        const body = v.words.map((w, i) => `${w} ${v.rows[i]!.join(' ')}\n`).join('');
        const bytes = applyByteEdits(utf8(header + body), edits);
        writeFileSync(path, bytes);
        const got = await readChecked(path, bytes.length, () => readTextVectors(path, format, { chunkBytes }));
        if (edits.length === 0 && words === undefined && dim === undefined) checkSame(got, v);
      },
    );
  },
};

function binaryFile(v: Vectors, words: number, dim: number): Uint8Array {
  const parts: Uint8Array[] = [utf8(`${words} ${dim}\n`)];
  v.words.forEach((w, i) => {
    parts.push(utf8(`${w} `), new Uint8Array(Float32Array.from(v.rows[i]!).buffer), utf8('\n'));
  });
  return Buffer.concat(parts);
}

const binary: FuzzTarget = {
  name: 'vectors-word2vec-binary',
  area: 'encoders/static',
  what: 'word2vec binary vectors: generated files with huge header numbers or damaged bytes, read in tiny chunks, give finite vectors (the same ones when undamaged) or a DataError naming the file — never a RangeError or an allocation the file cannot fill',
  property: () => {
    const path = join(scratchDir(), 'vectors.bin');
    return fc.asyncProperty(
      vectors,
      fc.tuple(headerNumber, headerNumber),
      someByteEdits,
      fc.integer({ min: 1, max: 64 }),
      async (v, [words, dim], edits, chunkBytes) => {
        const bytes = applyByteEdits(binaryFile(v, words ?? v.words.length, dim ?? v.dim), edits);
        writeFileSync(path, bytes);
        const got = await readChecked(path, bytes.length, () => readWord2vecBinary(path, { chunkBytes }));
        if (edits.length === 0 && words === undefined && dim === undefined) checkSame(got, v);
      },
    );
  },
};

export const VECTOR_TARGETS: FuzzTarget[] = [text, binary];
