// Host tensors: a dtype, a concrete shape and a typed array, row-major. They cross into ONNX Runtime as
// ort.Tensor without copying (the CPU provider reads the JS buffer directly).
import ort from 'onnxruntime-node';
import type { DType, TypedData } from './dtype.ts';
import { numel } from './param.ts';

export interface HostTensor {
  dtype: DType;
  shape: number[];
  data: TypedData;
}

export function tensor(dtype: DType, shape: number[], data?: TypedData | number[]): HostTensor {
  const n = numel(shape);
  let typed: TypedData;
  if (data === undefined) typed = allocate(dtype, n);
  else if (Array.isArray(data)) typed = fromNumbers(dtype, data);
  else typed = data;
  if (typed.length !== n) {
    throw new Error(`tensor: ${typed.length} values do not fill shape [${shape.join(', ')}] (${n} expected)`);
  }
  return { dtype, shape, data: typed };
}

export function float32(shape: number[], data?: Float32Array | number[]): HostTensor {
  return tensor('float32', shape, data);
}

export function int64(shape: number[], data: ArrayLike<number> | BigInt64Array): HostTensor {
  if (data instanceof BigInt64Array) return tensor('int64', shape, data);
  const out = new BigInt64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = BigInt(data[i]!);
  return tensor('int64', shape, out);
}

export function allocate(dtype: DType, n: number): TypedData {
  switch (dtype) {
    case 'float32':
      return new Float32Array(n);
    case 'float16':
      return new Uint16Array(n);
    case 'int64':
      return new BigInt64Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'int8':
      return new Int8Array(n);
    case 'uint8':
    case 'bool':
      return new Uint8Array(n);
  }
}

function fromNumbers(dtype: DType, values: number[]): TypedData {
  if (dtype === 'int64') return BigInt64Array.from(values, (v) => BigInt(v));
  const out = allocate(dtype, values.length);
  (out as Float32Array).set(values);
  return out;
}

const ORT_TYPE: Record<DType, ort.Tensor.Type> = {
  float32: 'float32',
  float16: 'float16',
  int64: 'int64',
  int32: 'int32',
  int8: 'int8',
  uint8: 'uint8',
  bool: 'bool',
};

export function toOrt(t: HostTensor): ort.Tensor {
  return new ort.Tensor(ORT_TYPE[t.dtype], t.data as never, t.shape);
}

export function fromOrt(t: ort.Tensor): HostTensor {
  const dtype = t.type as DType;
  return { dtype, shape: t.dims.slice(), data: t.data as TypedData };
}
