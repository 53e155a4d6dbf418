// fp16 ⇄ fp32 in tight loops for the feature cache: whole rows written into / read from preallocated arrays at
// an offset, with no per-call allocation (src/io/fp16.ts converts whole arrays and allocates the result).
//   encodeF16(src fp32, srcOff, n, dst u16, dstOff): round to nearest, ties to even; overflow → ±Inf; NaN kept
//   decodeF16(src u16, srcOff, n, dst fp32, dstOff): exact, through a 65,536-entry table (256 KiB, built once)
// Rounding matches numpy / PyTorch `.half()` (it calls numberToF16Bits in src/io/fp16.ts).
import { f16BitsToNumber, numberToF16Bits } from '../io/fp16.ts';

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

/** dst[dstOff + i] = fp16 bits of src[srcOff + i] for i < n (the one rounding rule, in src/io/fp16.ts). */
export function encodeF16(src: Float32Array, srcOff: number, n: number, dst: Uint16Array, dstOff: number): void {
  for (let i = 0; i < n; i++) dst[dstOff + i] = numberToF16Bits(src[srcOff + i]!);
}
