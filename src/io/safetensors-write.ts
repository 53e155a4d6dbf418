// Writes a safetensors file atomically (tmp + rename). Layout as Python's `safetensors` writes it: tensors sorted by
// dtype size (largest first) then name, so every tensor starts aligned to its element size; the JSON header is
// space-padded to a multiple of 8 bytes. Tensor bytes are streamed to the file one tensor at a time.
// Accepted data per dtype: the native typed array (F16/BF16: Uint16Array = raw bits), or any numeric array that is
// converted: F16/BF16 from Float32Array/number[] (round-to-nearest-even), I64/U64 from numbers, ints from numbers.
import { DataError } from '../errors.ts';
import { writeAll, writeFileAtomic } from './atomic.ts';
import { f32ToBf16, f32ToF16 } from './fp16.ts';
import { DTYPE_BYTES, isDtype, numelOf, type Dtype, type SafeTensor, type TensorData } from './safetensors-header.ts';

type Numeric = ArrayLike<number> | ArrayLike<bigint>;
export interface TensorToWrite {
  dtype: Dtype;
  shape: readonly number[];
  data: Numeric;
}

export async function writeSafetensors(
  path: string,
  tensors: Record<string, TensorToWrite | SafeTensor>,
  metadata?: Record<string, string>,
): Promise<void> {
  const entries = Object.entries(tensors).map(([name, t]) => ({ name, bytes: encode(path, name, t), t }));
  entries.sort(
    (a, b) => DTYPE_BYTES[b.t.dtype] - DTYPE_BYTES[a.t.dtype] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new DataError(path, `metadata '${k}' must be a string`);
    }
    header.__metadata__ = metadata;
  }
  let offset = 0;
  for (const e of entries) {
    header[e.name] = { dtype: e.t.dtype, shape: [...e.t.shape], data_offsets: [offset, offset + e.bytes.byteLength] };
    offset += e.bytes.byteLength;
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) json = Buffer.concat([json, Buffer.alloc(padded - json.length, 0x20)]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  await writeFileAtomic(path, async (fh) => {
    await writeAll(fh, len);
    await writeAll(fh, json);
    for (const e of entries) await writeAll(fh, e.bytes);
  });
}

/** Validates one tensor and returns its little-endian bytes (a view when no conversion is needed). */
function encode(path: string, name: string, t: TensorToWrite): Uint8Array {
  const where = `${path}: tensor '${name}'`;
  if (name === '__metadata__' || name.length === 0) throw new DataError(where, 'reserved or empty tensor name');
  if (!isDtype(t.dtype)) throw new DataError(where, `unknown dtype ${JSON.stringify(t.dtype)}`);
  if (!t.shape.every((d) => Number.isSafeInteger(d) && d >= 0))
    throw new DataError(where, `bad shape [${t.shape.join(', ')}]`);
  const n = numelOf(t.shape);
  if (t.data.length !== n) {
    throw new DataError(where, `data has ${t.data.length} elements but shape [${t.shape.join(', ')}] needs ${n}`);
  }
  const typed = toTyped(where, t.dtype, t.data);
  return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
}

type Typed = TensorData;
function toTyped(where: string, dtype: Dtype, d: Numeric): Typed {
  const nums = (): ArrayLike<number> => {
    if (d.length > 0 && typeof d[0] === 'bigint') throw new DataError(where, `${dtype} expects numbers, got bigint`);
    return d as ArrayLike<number>;
  };
  const ints = <A extends Typed>(ctor: { new (n: number): A }, min: number, max: number): A => {
    const src = nums();
    const out = new ctor(src.length);
    for (let i = 0; i < src.length; i++) {
      const v = src[i]!;
      if (!Number.isInteger(v) || v < min || v > max)
        throw new DataError(where, `element ${i} = ${v} is not a valid ${dtype}`);
      (out as unknown as number[])[i] = v;
    }
    return out;
  };
  switch (dtype) {
    case 'F32':
      return d instanceof Float32Array ? d : Float32Array.from(nums());
    case 'F64':
      return d instanceof Float64Array ? d : Float64Array.from(nums());
    case 'F16':
      return d instanceof Uint16Array ? d : f32ToF16(nums());
    case 'BF16':
      return d instanceof Uint16Array ? d : f32ToBf16(nums());
    case 'I64':
      return d instanceof BigInt64Array ? d : BigInt64Array.from(bigints(where, dtype, d));
    case 'U64':
      return d instanceof BigUint64Array ? d : BigUint64Array.from(bigints(where, dtype, d));
    case 'I32':
      return d instanceof Int32Array ? d : ints(Int32Array, -(2 ** 31), 2 ** 31 - 1);
    case 'U32':
      return d instanceof Uint32Array ? d : ints(Uint32Array, 0, 2 ** 32 - 1);
    case 'I16':
      return d instanceof Int16Array ? d : ints(Int16Array, -32768, 32767);
    case 'U16':
      return d instanceof Uint16Array ? d : ints(Uint16Array, 0, 65535);
    case 'I8':
      return d instanceof Int8Array ? d : ints(Int8Array, -128, 127);
    case 'U8':
      return d instanceof Uint8Array ? d : ints(Uint8Array, 0, 255);
    case 'BOOL':
      return d instanceof Uint8Array ? d : ints(Uint8Array, 0, 1);
    default:
      throw new DataError(where, `writing ${dtype} is not supported`);
  }
}

function bigints(where: string, dtype: Dtype, d: Numeric): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (typeof v === 'bigint') out.push(v);
    else if (Number.isSafeInteger(v)) out.push(BigInt(v));
    else
      throw new DataError(where, `element ${i} = ${v} is not a valid ${dtype} (use a BigInt64Array for large values)`);
  }
  return out;
}
