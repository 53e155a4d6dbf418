// fp16 ⇄ fp32 in tight loops for the feature cache: whole rows written into / read from preallocated arrays at
// an offset, with no per-call allocation (src/io/fp16.ts converts whole arrays and allocates the result).
//   encodeF16(src fp32, srcOff, n, dst u16, dstOff): round to nearest, ties to even; overflow → ±Inf; NaN kept
//   decodeF16(src u16, srcOff, n, dst fp32, dstOff): exact, through a 65,536-entry table (256 KiB, built once)
// Rounding matches numpy / PyTorch `.half()` (and numberToF16Bits in src/io/fp16.ts, which the tests compare).
import { f16BitsToNumber } from '../io/fp16.ts';

let table: Float32Array | undefined;

function decodeTable(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = f16BitsToNumber(h);
  }
  return table;
}

/** dst[dstOff + i] = fp32(src[srcOff + i]) for i < n. */
export function decodeF16(src: Uint16Array, srcOff: number, n: number, dst: Float32Array, dstOff: number): void {
  const t = decodeTable();
  for (let i = 0; i < n; i++) dst[dstOff + i] = t[src[srcOff + i]!]!;
}

/** dst[dstOff + i] = fp16 bits of src[srcOff + i] for i < n. */
export function encodeF16(src: Float32Array, srcOff: number, n: number, dst: Uint16Array, dstOff: number): void {
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  for (let i = 0; i < n; i++) {
    const x = bits[srcOff + i]!;
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    const mant = x & 0x7fffff;
    let h: number;
    if (exp === 0xff) h = mant ? sign | 0x7e00 | (mant >>> 13) : sign | 0x7c00; // NaN (quiet) or ±Inf
    else if (exp > 142) h = sign | 0x7c00; // re-biased exponent ≥ 31 → overflow to ±Inf
    else if (exp < 113) h = subnormal(sign, exp - 112, mant); // re-biased exponent ≤ 0
    else {
      h = ((exp - 112) << 10) | (mant >>> 13);
      const rem = mant & 0x1fff;
      if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h++; // a carry may round up to Inf: correct
      h |= sign;
    }
    dst[dstOff + i] = h;
  }
}

/** fp16 subnormal (or ±0) for a re-biased exponent e ≤ 0. */
function subnormal(sign: number, e: number, mant: number): number {
  if (e < -10) return sign; // below half the smallest subnormal → ±0
  const m = mant | 0x800000;
  const shift = 14 - e; // 14..24
  let half = m >>> shift;
  const rem = m & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  if (rem > halfway || (rem === halfway && half & 1)) half++;
  return sign | half; // a carry into bit 10 correctly yields the smallest normal
}
