// Corrupt or hostile safetensors files: every header check fails with a message naming the file and, where there
// is one, the tensor.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SafetensorsFile } from '../../src/io/safetensors.ts';
import { DataError } from '../../src/errors.ts';

after(() => rm(dir, { recursive: true, force: true }));
const dir = await mkdtemp(join(tmpdir(), 'bertcnn-stbad-'));

/** Raw file: u64 length + header text (object or string) + data bytes. */
async function raw(header: unknown, data = Buffer.alloc(0), lengthOverride?: bigint): Promise<string> {
  const text = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(lengthOverride ?? BigInt(text.length));
  const path = join(dir, 'model.safetensors');
  await writeFile(path, Buffer.concat([len, text, data]));
  return path;
}

const W = 'bert.pooler.dense.weight';
const f32 = (begin: number, end: number, shape = [(end - begin) / 4]) => ({
  dtype: 'F32',
  shape,
  data_offsets: [begin, end],
});

async function fails(path: string, pattern: RegExp): Promise<void> {
  await assert.rejects(SafetensorsFile.open(path), (e: unknown) => {
    assert.ok(e instanceof DataError, `DataError expected, got ${String(e)}`);
    assert.match(e.message, /^model\.safetensors/);
    assert.match(e.message, pattern);
    return true;
  });
}

test('a valid hand-made file opens (the helper itself is right)', async () => {
  const f = await SafetensorsFile.open(await raw({ [W]: f32(0, 8) }, Buffer.alloc(8)));
  assert.deepEqual(f.names, [W]);
  await f.close();
});

test('file shorter than the 8-byte length prefix', async () => {
  const path = join(dir, 'model.safetensors');
  await writeFile(path, Buffer.from([1, 2, 3]));
  await fails(path, /3 bytes, need at least 8/);
});

test('header length past the end of the file, or absurdly large', async () => {
  await fails(
    await raw({ [W]: f32(0, 8) }, Buffer.alloc(8), 1000n),
    /header length 1000 runs past the end of the file \(file has \d+ bytes\)/,
  );
  await fails(await raw('{}', Buffer.alloc(0), 2n ** 63n), /exceeds the 100000000-byte limit/);
});

test('header that is not a JSON object', async () => {
  await fails(await raw('[1,2]'), /does not start with '\{'/);
  await fails(await raw('{"a": '), /not valid JSON/);
});

test('unknown dtype, bad shape, bad offsets form', async () => {
  await fails(
    await raw({ [W]: { dtype: 'Q4', shape: [1], data_offsets: [0, 1] } }, Buffer.alloc(1)),
    new RegExp(`tensor '${W}': unknown dtype "Q4"`),
  );
  await fails(
    await raw({ [W]: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, Buffer.alloc(4)),
    /shape must be an array of non-negative integers/,
  );
  await fails(
    await raw({ [W]: { dtype: 'F32', shape: [1], data_offsets: [0] } }, Buffer.alloc(4)),
    /data_offsets must be \[begin, end\]/,
  );
  await fails(
    await raw({ [W]: { dtype: 'F32', shape: [1], data_offsets: [8, 4] } }, Buffer.alloc(8)),
    /end before begin/,
  );
});

test('offsets that disagree with dtype × shape', async () => {
  await fails(await raw({ [W]: f32(0, 8, [3]) }, Buffer.alloc(8)), /hold 8 bytes but F32 shape \[3\] needs 12/);
});

test('offsets out of bounds (truncated file) name the tensor and the file size', async () => {
  const path = await raw({ [W]: f32(0, 400, [10, 10]) }, Buffer.alloc(100));
  const headerLen = JSON.stringify({ [W]: f32(0, 400, [10, 10]) }).length;
  await fails(
    path,
    new RegExp(`tensor '${W}': data_offsets \\[0, 400\\] out of bounds \\(file has ${8 + headerLen + 100} bytes`),
  );
});

test('overlapping tensors, gaps, and trailing bytes', async () => {
  await fails(
    await raw({ a: f32(0, 8), b: f32(4, 12) }, Buffer.alloc(12)),
    /tensor 'b': data_offsets \[4, 12\] overlap tensor 'a'/,
  );
  await fails(await raw({ a: f32(0, 4), b: f32(8, 12) }, Buffer.alloc(12)), /tensor 'b': .*leave a gap/);
  await fails(await raw({ a: f32(0, 4) }, Buffer.alloc(12)), /data buffer has 12 bytes but tensors cover only 4/);
});

test('__metadata__ must map strings to strings', async () => {
  await fails(
    await raw({ __metadata__: { format: 1 }, a: f32(0, 4) }, Buffer.alloc(4)),
    /__metadata__ 'format' must be a string/,
  );
  await fails(await raw({ __metadata__: ['x'], a: f32(0, 4) }, Buffer.alloc(4)), /__metadata__ must be an object/);
});

test('missing file names the path', async () => {
  await assert.rejects(SafetensorsFile.open(join(dir, 'nope.safetensors')), /nope\.safetensors: cannot open .*ENOENT/);
});
