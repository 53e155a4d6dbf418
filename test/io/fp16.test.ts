// fp16 / bf16 conversions: exact known encodings, ties-to-even, subnormals, overflow, Inf/NaN, and an exhaustive
// decode→encode round trip over all 65,536 fp16 bit patterns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bf16ToF32, f16BitsToNumber, f16ToF32, f32ToBf16, f32ToF16, numberToF16Bits } from '../../src/io/fp16.ts';

test('fp16 encodes known values (ties to even, subnormals, overflow, inf, nan)', () => {
  const cases: [number, number][] = [
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.1, 0x2e66],
    [65504, 0x7bff],
    [65519, 0x7bff], // below the halfway point to 65536 → max finite
    [65520, 0x7c00], // exactly halfway, ties to even → Inf
    [1e6, 0x7c00],
    [-1e6, 0xfc00],
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -25, 0x0000], // halfway between 0 and 2^-24 → even (0)
    [1.5 * 2 ** -25, 0x0001],
    [3 * 2 ** -25, 0x0002], // 1.5 units → ties to even (2)
    [5 * 2 ** -25, 0x0002], // 2.5 units → ties to even (2)
    [2 ** -26, 0x0000],
    [-(2 ** -24), 0x8001],
    [1023 * 2 ** -24, 0x03ff], // largest subnormal
    [1023.5 * 2 ** -24, 0x0400], // rounds up into the smallest normal
    [1 + 2 ** -11, 0x3c00], // halfway between 1 and next, even is 1
    [1 + 3 * 2 ** -11, 0x3c02], // halfway, rounds up to even mantissa 2
  ];
  for (const [x, bits] of cases) assert.equal(numberToF16Bits(x), bits, `encode ${x}`);
  const nan = numberToF16Bits(NaN);
  assert.equal(nan & 0x7c00, 0x7c00);
  assert.ok((nan & 0x3ff) !== 0, 'NaN keeps a non-zero mantissa');
  assert.ok(Number.isNaN(f16BitsToNumber(nan)));
});

test('fp16 decode → encode is the identity on every non-NaN bit pattern', () => {
  const all = new Uint16Array(65536).map((_, i) => i);
  const values = f16ToF32(all);
  const back = f32ToF16(values);
  for (let h = 0; h < 65536; h++) {
    const isNan = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
    if (isNan) assert.ok(Number.isNaN(values[h]!), `0x${h.toString(16)} decodes to NaN`);
    else assert.equal(back[h], h, `0x${h.toString(16)} round trip`);
  }
  assert.equal(values[0x0001], 2 ** -24);
  assert.equal(values[0x7bff], 65504);
  assert.ok(Object.is(values[0x8000], -0));
});

test('fp16 encode picks the nearest representable value (random fp32 inputs)', () => {
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 20000; i++) {
    const x = Math.fround((rand() - 0.5) * 2 ** (rand() * 40 - 26));
    const h = numberToF16Bits(x);
    const v = f16BitsToNumber(h);
    const err = Math.abs(v - x);
    for (const nb of [h - 1, h + 1]) {
      if ((nb & 0x7fff) >= 0x7c00 || nb < 0 || (nb ^ h) & 0x8000) continue;
      assert.ok(err <= Math.abs(f16BitsToNumber(nb) - x), `${x} → ${v} but neighbour ${f16BitsToNumber(nb)} is closer`);
    }
  }
});

test('bf16 encodes with ties to even and decodes exactly', () => {
  assert.deepEqual([...f32ToBf16([1, -2, 0, Infinity, -Infinity])], [0x3f80, 0xc000, 0, 0x7f80, 0xff80]);
  // 1 + 2^-8 is halfway between bf16 1 and 1 + 2^-7 → even (1); 1 + 3·2^-8 → up to 1 + 2^-6.
  assert.deepEqual([...f32ToBf16([1 + 2 ** -8, 1 + 3 * 2 ** -8])], [0x3f80, 0x3f82]);
  assert.ok(Number.isNaN(bf16ToF32(f32ToBf16([NaN]))[0]!));
  assert.deepEqual([...bf16ToF32(new Uint16Array([0x3f80, 0x4049]))], [1, 3.140625]);
  // Largest finite fp32 rounds to bf16 Inf (it is above the largest bf16 + half an ulp).
  assert.equal(f32ToBf16([3.4028234663852886e38])[0], 0x7f80);
});
