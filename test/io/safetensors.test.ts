// safetensors write → read round trips: every dtype, scalars and empty tensors, fp32→fp16/bf16 conversion,
// metadata, the on-disk layout (8-byte-padded header, aligned offsets), lazy per-tensor reads, atomic writes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensors, SafetensorsFile, writeSafetensors } from '../../src/io/safetensors.ts';
import { DataError } from '../../src/errors.ts';

const temps: string[] = [];
const tmp = async () => {
  const d = await mkdtemp(join(tmpdir(), 'bertcnn-st-'));
  temps.push(d);
  return d;
};
after(async () => {
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

test('round trip of every dtype keeps dtype, shape and values', async () => {
  const path = join(await tmp(), 'all.safetensors');
  const input = {
    f32: { dtype: 'F32', shape: [2, 3], data: new Float32Array([1.5, -2, 3.25, 0, -0, 1e-30]) },
    f64: { dtype: 'F64', shape: [2], data: new Float64Array([Math.PI, -1e300]) },
    f16: { dtype: 'F16', shape: [5], data: new Float32Array([1, -2.5, 65504, 2 ** -24, Infinity]) },
    bf16: { dtype: 'BF16', shape: [3], data: new Float32Array([1, -3.140625, -Infinity]) },
    i64: { dtype: 'I64', shape: [3], data: new BigInt64Array([0n, -5n, 2n ** 62n]) },
    u64: { dtype: 'U64', shape: [1], data: new BigUint64Array([2n ** 64n - 1n]) },
    i32: { dtype: 'I32', shape: [2, 2], data: new Int32Array([1, -2, 2 ** 31 - 1, -(2 ** 31)]) },
    u32: { dtype: 'U32', shape: [1], data: new Uint32Array([4e9]) },
    i16: { dtype: 'I16', shape: [2], data: new Int16Array([-32768, 7]) },
    u16: { dtype: 'U16', shape: [2], data: new Uint16Array([65535, 1]) },
    i8: { dtype: 'I8', shape: [2], data: new Int8Array([-128, 127]) },
    u8: { dtype: 'U8', shape: [3], data: new Uint8Array([0, 128, 255]) },
    bool: { dtype: 'BOOL', shape: [2], data: new Uint8Array([1, 0]) },
    scalar: { dtype: 'F32', shape: [], data: new Float32Array([42]) },
    empty: { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
  } as const;
  await writeSafetensors(path, input, { format: 'pt', note: 'test' });
  const { tensors, metadata } = await readSafetensors(path);
  assert.deepEqual(metadata, { format: 'pt', note: 'test' });
  assert.deepEqual(Object.keys(tensors).sort(), Object.keys(input).sort());
  for (const [name, t] of Object.entries(input)) {
    const got = tensors[name]!;
    assert.equal(got.dtype, t.dtype, name);
    assert.deepEqual(got.shape, [...t.shape], name);
    assert.equal(
      got.data.constructor,
      t.dtype === 'F16' || t.dtype === 'BF16' ? Float32Array : t.data.constructor,
      name,
    );
    assert.deepEqual([...got.data], [...t.data], name);
  }
  assert.ok(Object.is(tensors.f32!.data[4], -0));
});

test('fp32 → fp16 on write rounds to nearest even, keeps subnormals, overflows to inf, keeps NaN', async () => {
  const path = join(await tmp(), 'h.safetensors');
  const x = new Float32Array([0.1, 1 + 2 ** -11, 3 * 2 ** -25, 2 ** -26, 70000, -70000, NaN, 2 ** -20]);
  await writeSafetensors(path, { x: { dtype: 'F16', shape: [x.length], data: x } });
  const bytes = await readFile(path);
  const n = Number(bytes.readBigUInt64LE(0));
  const raw = new Uint16Array(bytes.buffer.slice(bytes.byteOffset + 8 + n, bytes.byteOffset + bytes.length));
  assert.deepEqual([...raw].slice(0, 6), [0x2e66, 0x3c00, 0x0002, 0x0000, 0x7c00, 0xfc00]);
  assert.equal(raw[6]! & 0x7c00, 0x7c00);
  assert.ok(raw[6]! & 0x3ff);
  const { tensors } = await readSafetensors(path);
  const back = [...tensors.x!.data] as number[];
  assert.deepEqual(back.slice(0, 6), [Math.fround(0.0999755859375), 1, 2 ** -23, 0, Infinity, -Infinity]);
  assert.ok(Number.isNaN(back[6]));
  assert.equal(back[7], 2 ** -20); // subnormal in fp16, exact
});

test('layout: header padded to 8 bytes with spaces, tensors sorted by dtype size then name, offsets contiguous', async () => {
  const path = join(await tmp(), 'l.safetensors');
  await writeSafetensors(path, {
    b: { dtype: 'U8', shape: [3], data: new Uint8Array([1, 2, 3]) },
    a: { dtype: 'F32', shape: [1], data: new Float32Array([1]) },
    c: { dtype: 'I64', shape: [1], data: new BigInt64Array([9n]) },
  });
  const bytes = await readFile(path);
  const n = Number(bytes.readBigUInt64LE(0));
  assert.equal(n % 8, 0);
  const text = bytes.subarray(8, 8 + n).toString('utf8');
  assert.match(text, /^\{.*\} *$/);
  const header = JSON.parse(text);
  assert.deepEqual(header.c, { dtype: 'I64', shape: [1], data_offsets: [0, 8] });
  assert.deepEqual(header.a, { dtype: 'F32', shape: [1], data_offsets: [8, 12] });
  assert.deepEqual(header.b, { dtype: 'U8', shape: [3], data_offsets: [12, 15] });
  assert.equal(bytes.length, 8 + n + 15);
  assert.equal(header.__metadata__, undefined);
});

test('lazy reader: header first, single tensors by name, clear errors for unknown names and after close', async () => {
  const path = join(await tmp(), 'model.safetensors');
  const w = new Float32Array(64 * 32).map((_, i) => i / 7);
  await writeSafetensors(path, {
    'bert.pooler.dense.weight': { dtype: 'F32', shape: [64, 32], data: w },
    'bert.pooler.dense.bias': { dtype: 'F32', shape: [64], data: new Float32Array(64).fill(0.5) },
  });
  const f = await SafetensorsFile.open(path);
  assert.deepEqual(f.names.sort(), ['bert.pooler.dense.bias', 'bert.pooler.dense.weight']);
  assert.deepEqual(f.info('bert.pooler.dense.weight').shape, [64, 32]);
  const t = await f.readTensor('bert.pooler.dense.weight');
  assert.deepEqual(t.data, w);
  await assert.rejects(f.readTensor('nope'), /model\.safetensors: no tensor named 'nope'/);
  await f.close();
  await assert.rejects(f.readTensor('bert.pooler.dense.bias'), /already closed/);
});

test('writer validates tensors and is atomic (a failed write leaves the old file and no temp files)', async () => {
  const dir = await tmp();
  const path = join(dir, 'w.safetensors');
  await writeFile(path, 'old');
  await assert.rejects(
    writeSafetensors(path, { x: { dtype: 'F32', shape: [2, 2], data: new Float32Array(3) } }),
    (e: unknown) => e instanceof DataError && /tensor 'x'.*3 elements but shape \[2, 2\] needs 4/.test(e.message),
  );
  await assert.rejects(
    writeSafetensors(path, { x: { dtype: 'I8', shape: [1], data: [300] } }),
    /element 0 = 300 is not a valid I8/,
  );
  await assert.rejects(
    writeSafetensors(path, { x: { dtype: 'Q4' as 'F32', shape: [1], data: [1] } }),
    /unknown dtype "Q4"/,
  );
  assert.equal(await readFile(path, 'utf8'), 'old');
  await writeSafetensors(path, { x: { dtype: 'I64', shape: [2], data: [1, -1] } });
  assert.deepEqual([...(await readSafetensors(path)).tensors.x!.data], [1n, -1n]);
  assert.deepEqual(await readdir(dir), ['w.safetensors']);
});
