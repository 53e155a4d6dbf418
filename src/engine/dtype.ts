// Element types the engine handles and their ONNX TensorProto codes.

export type DType = 'float32' | 'float16' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool';

export const ONNX_DTYPE: Record<DType, number> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
};

export type TypedData = Float32Array | Int32Array | BigInt64Array | Int8Array | Uint8Array | Uint16Array;

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float16';
}
