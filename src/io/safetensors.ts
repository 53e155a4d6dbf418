// Reads safetensors files lazily: `SafetensorsFile.open()` reads only the 8-byte length and the JSON header;
// `readTensor(name)` then reads exactly that tensor's bytes by offset through a file handle, so a 440 MB
// checkpoint is read once, straight into the arrays it ends up in (no whole-file buffer).
// In-memory element types: F32 → Float32Array; F16 and BF16 → converted to Float32Array; F64 → Float64Array;
// I64/U64 → BigInt64Array/BigUint64Array; I32/U32, I16/U16, I8/U8 → the matching typed array; BOOL → Uint8Array.
// `dtype` in the result is the dtype stored in the file. Writing lives in safetensors-write.ts (re-exported).
import { open, type FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import { basename } from 'node:path';
import { DataError } from '../errors.ts';
import { bf16ToF32, f16ToF32 } from './fp16.ts';
import {
  parseHeader,
  parseHeaderLength,
  type Dtype,
  type SafeTensor,
  type TensorData,
  type TensorInfo,
} from './safetensors-header.ts';

export { writeSafetensors } from './safetensors-write.ts';
export type { Dtype, TensorInfo, TensorData, SafeTensor } from './safetensors-header.ts';

/** Anything that serves named tensors: a single file or a sharded checkpoint. */
export interface WeightSource {
  readonly names: string[];
  info(name: string): TensorInfo;
  /** Path of the file holding tensor `name` (for error messages). */
  fileOf(name: string): string;
  readTensor(name: string): Promise<SafeTensor>;
  readAll(): Promise<Record<string, SafeTensor>>;
  close(): Promise<void>;
}

if (endianness() !== 'LE') throw new Error('bertcnn safetensors I/O assumes a little-endian host');

export class SafetensorsFile implements WeightSource {
  private constructor(
    readonly path: string,
    private fh: FileHandle | undefined,
    readonly tensors: Map<string, TensorInfo>,
    readonly metadata: Record<string, string>,
    private readonly bufferStart: number,
    /** Short name used in error messages, e.g. `model.safetensors`. */
    readonly label: string,
  ) {}

  /** Opens `path` and validates its header; tensor data is not read yet. */
  static async open(path: string, label = basename(path)): Promise<SafetensorsFile> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      throw new DataError(
        label,
        `cannot open safetensors file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    try {
      const size = (await fh.stat()).size;
      const first8 = Buffer.alloc(8);
      if (size >= 8) await readExactly(fh, first8, 0, label);
      const n = parseHeaderLength(label, first8, size);
      const json = Buffer.alloc(n);
      await readExactly(fh, json, 8, label);
      const header = parseHeader(label, json, size);
      return new SafetensorsFile(path, fh, header.tensors, header.metadata, header.bufferStart, label);
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  get names(): string[] {
    return [...this.tensors.keys()];
  }

  info(name: string): TensorInfo {
    const t = this.tensors.get(name);
    if (!t) throw new DataError(this.label, `no tensor named '${name}' (file has ${this.tensors.size} tensors)`);
    return t;
  }

  fileOf(name: string): string {
    this.info(name);
    return this.path;
  }

  async readTensor(name: string): Promise<SafeTensor> {
    const info = this.info(name);
    if (!this.fh) throw new DataError(this.label, `file already closed (reading tensor '${name}')`);
    const [begin, end] = info.dataOffsets;
    const bytes = Buffer.alloc(end - begin); // own, aligned ArrayBuffer
    await readExactly(this.fh, bytes, this.bufferStart + begin, `${this.label}: tensor '${name}'`);
    return {
      dtype: info.dtype,
      shape: [...info.shape],
      data: decode(info.dtype, bytes, `${this.label}: tensor '${name}'`),
    };
  }

  async readAll(): Promise<Record<string, SafeTensor>> {
    const out: Record<string, SafeTensor> = {};
    for (const name of this.tensors.keys()) out[name] = await this.readTensor(name);
    return out;
  }

  async close(): Promise<void> {
    const fh = this.fh;
    this.fh = undefined;
    await fh?.close();
  }
}

/** Convenience: open, read every tensor, close. */
export async function readSafetensors(
  path: string,
): Promise<{ tensors: Record<string, SafeTensor>; metadata: Record<string, string> }> {
  const f = await SafetensorsFile.open(path);
  try {
    return { tensors: await f.readAll(), metadata: f.metadata };
  } finally {
    await f.close();
  }
}

async function readExactly(fh: FileHandle, buf: Buffer, position: number, where: string): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await fh.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0)
      throw new DataError(
        where,
        `unexpected end of file at byte ${position + done} (needed ${buf.length - done} more)`,
      );
    done += bytesRead;
  }
}

/** Views the bytes (freshly allocated, so offset 0 of their own ArrayBuffer) as the dtype's array type. */
function decode(dtype: Dtype, bytes: Buffer, where: string): TensorData {
  const { buffer, byteOffset, byteLength } = bytes;
  // Buffer.alloc never uses the shared pool, so this is normally the whole ArrayBuffer; copy defensively otherwise.
  const ab =
    byteOffset === 0 && byteLength === buffer.byteLength ? buffer : buffer.slice(byteOffset, byteOffset + byteLength);
  switch (dtype) {
    case 'F32':
      return new Float32Array(ab);
    case 'F16':
      return f16ToF32(new Uint16Array(ab));
    case 'BF16':
      return bf16ToF32(new Uint16Array(ab));
    case 'F64':
      return new Float64Array(ab);
    case 'I64':
      return new BigInt64Array(ab);
    case 'U64':
      return new BigUint64Array(ab);
    case 'I32':
      return new Int32Array(ab);
    case 'U32':
      return new Uint32Array(ab);
    case 'I16':
      return new Int16Array(ab);
    case 'U16':
      return new Uint16Array(ab);
    case 'I8':
      return new Int8Array(ab);
    case 'U8':
    case 'BOOL':
      return new Uint8Array(ab);
    default:
      throw new DataError(
        where,
        `dtype ${dtype} is valid safetensors but not supported for reading here (convert it to F16/F32)`,
      );
  }
}
