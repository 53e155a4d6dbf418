// Streaming reader for word2vec's binary format (GoogleNews-vectors-negative300.bin): a text header line
// `<words> <dim>\n`, then per word its bytes up to a space and dim little-endian float32 values (usually followed
// by '\n', which is skipped before the next word, as Mikolov's reader and Kim's load_bin_vec do).
// Records are numbered from 1 in errors (`record N (byte offset)`), the header is `file:1`. Errors: a bad header,
// a file that ends inside a record or holds fewer/more records than declared, a non-finite value.
import { stat } from 'node:fs/promises';
import { DataError } from '../../errors.ts';
import { ChunkReader, quote } from './bytes.ts';
import { type StaticVectors, VectorsBuilder } from './vectors.ts';
import type { ReadVectorsOptions } from './text-reader.ts';

const MAX_WORD_BYTES = 4096;

export async function readWord2vecBinary(path: string, opts: ReadVectorsOptions = {}): Promise<StaticVectors> {
  const size = (await stat(path).catch(() => null))?.size;
  if (size === undefined) throw new DataError(path, 'vectors file not found');
  const r = new ChunkReader(path, opts.chunkBytes);
  const builder = new VectorsBuilder(path, 'word2vec-binary');
  const limit = opts.limit ?? Infinity;
  try {
    // Header
    let nl = -1;
    while ((nl = r.buf.indexOf(0x0a, r.pos)) < 0 && r.buf.length < 256) if (!(await r.fill())) break;
    const head = nl >= 0 ? r.buf.toString('latin1', 0, nl).trim() : '';
    const m = /^(\d+)\s+(\d+)$/.exec(head);
    if (!m || Number(m[1]) <= 0 || Number(m[2]) <= 0) {
      const shown = nl >= 0 ? quote(r.buf, 0, nl) : 'no header line';
      throw new DataError(`${path}:1`, `bad header ${shown}: a word2vec binary file starts with "<words> <dim>\\n"`);
    }
    const declared = Number(m[1]);
    const D = Number(m[2]);
    // A record is at least a 1-byte word, a space and 4·D bytes: reserve no more rows (or a wider row) than the
    // file's size allows — a header of "5000000000 300" must not become a 6 TB Float32Array (RangeError).
    const recordBytes = 4 * D + 2;
    const room = size - (nl + 1);
    if (recordBytes > room) {
      throw new DataError(
        `${path}:1`,
        `the header's dimension ${D} needs ≥ ${recordBytes} bytes per record but the file has ${room} bytes after the header`,
      );
    }
    builder.summary.declared = declared;
    builder.setDim(D, Math.min(declared, limit, Math.floor(room / recordBytes)));
    r.pos = nl + 1;
    const row = new Float32Array(D);
    const bytes = 4 * D;
    for (let rec = 1; rec <= declared; rec++) {
      // skip the newline (and any blanks) left after the previous vector
      for (;;) {
        while (r.pos < r.buf.length && (r.buf[r.pos] === 0x0a || r.buf[r.pos] === 0x0d)) r.pos++;
        if (r.pos < r.buf.length || !(await r.fill())) break;
      }
      const at = r.offset + r.pos;
      let sp = r.buf.indexOf(0x20, r.pos);
      while (sp < 0 && r.buf.length - r.pos <= MAX_WORD_BYTES && (await r.fill())) sp = r.buf.indexOf(0x20, r.pos);
      if (sp < 0) {
        const why =
          r.buf.length - r.pos > MAX_WORD_BYTES
            ? `no space within ${MAX_WORD_BYTES} bytes (not a word)`
            : 'the file ends';
        throw new DataError(
          path,
          `record ${rec} of ${declared} (byte ${at}): ${why}; the header declares ${declared} words`,
        );
      }
      const wordStart = r.pos;
      const wordEnd = sp;
      const wordLen = wordEnd - wordStart;
      if (!(await r.ensure(wordLen + 1 + bytes))) {
        throw new DataError(
          path,
          `record ${rec} (byte ${at}): the file ends inside the vector of ${quote(r.buf, r.pos, r.pos + wordLen)} (need ${bytes} bytes)`,
        );
      }
      const ws = r.pos; // ensure() may have moved the data
      const b = r.buf;
      const v = ws + wordLen + 1;
      for (let k = 0; k < D; k++) {
        const x = b.readFloatLE(v + 4 * k);
        if (!Number.isFinite(x))
          throw new DataError(
            path,
            `record ${rec} (byte ${at}): value ${k + 1} of ${quote(b, ws, ws + wordLen)} is ${x}`,
          );
        row[k] = x;
      }
      builder.add(b, ws, ws + wordLen, row, `record ${rec}`);
      r.pos = v + bytes;
      if (builder.size >= limit) {
        builder.summary.truncated = true;
        break;
      }
    }
    if (!builder.summary.truncated) {
      for (;;) {
        while (r.pos < r.buf.length && (r.buf[r.pos] === 0x0a || r.buf[r.pos] === 0x0d || r.buf[r.pos] === 0x20))
          r.pos++;
        if (r.pos < r.buf.length)
          throw new DataError(path, `byte ${r.offset + r.pos}: data after the ${declared} records the header declares`);
        if (!(await r.fill())) break;
      }
    }
  } finally {
    r.close();
  }
  return builder.finish();
}
