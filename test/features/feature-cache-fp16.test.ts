// The feature cache's in-place fp16 codec agrees bit for bit with src/io/fp16.ts (the reference conversions):
// exhaustively on decode, and on encode over special values plus a million random fp32 bit patterns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeF16, encodeF16 } from '../../src/features/feature-cache-fp16.ts';
import { f16BitsToNumber, numberToF16Bits } from '../../src/io/fp16.ts';
import { Rng } from '../../src/engine/rng.ts';

test('decodeF16 matches f16BitsToNumber on all 65,536 patterns, at an offset', () => {
  const bits = Uint16Array.from({ length: 65536 }, (_, i) => i);
  const out = new Float32Array(65536 + 3);
  decodeF16(bits, 0, 65536, out, 3);
  for (let h = 0; h < 65536; h++) {
    const want = f16BitsToNumber(h);
    if (Number.isNaN(want)) assert.ok(Number.isNaN(out[h + 3]!), `pattern ${h}`);
    else assert.equal(out[h + 3], want, `pattern ${h}`);
  }
});

test('encodeF16 matches numberToF16Bits (ties to even, subnormals, overflow, Inf, NaN, random bits)', () => {
  const special = [
    0,
    -0,
    1,
    -2,
    0.1,
    65504,
    65519,
    65520,
    1e6,
    -1e6,
    Infinity,
    -Infinity,
    NaN,
    2 ** -14,
    2 ** -24,
    2 ** -25,
    1.5 * 2 ** -25,
    3 * 2 ** -25,
    5 * 2 ** -25,
    2 ** -26,
    1e-45,
    1 + 2 ** -11,
    1 + 3 * 2 ** -11,
  ];
  const rng = new Rng(7);
  const n = 1_000_000;
  const src = new Float32Array(special.length + n);
  src.set(special);
  const u = new Uint32Array(src.buffer);
  for (let i = special.length; i < src.length; i++) u[i] = (rng.int(0x10000) << 16) | rng.int(0x10000);
  const out = new Uint16Array(src.length + 1);
  encodeF16(src, 0, src.length, out, 1);
  for (let i = 0; i < src.length; i++) {
    const want = numberToF16Bits(src[i]!);
    if (out[i + 1] !== want)
      assert.fail(
        `value ${src[i]} (bits 0x${u[i]!.toString(16)}): got 0x${out[i + 1]!.toString(16)}, want 0x${want.toString(16)}`,
      );
  }
});

test('encodeF16 reads from a subarray view at the right place', () => {
  const whole = Float32Array.from([9, 9, 1, 2, 3]);
  const view = whole.subarray(2);
  const out = new Uint16Array(2);
  encodeF16(view, 1, 2, out, 0);
  assert.deepEqual([...out], [numberToF16Bits(2), numberToF16Bits(3)]);
});
