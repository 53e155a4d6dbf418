// Shapes with symbolic dimensions. A dimension is a number (static) or a string (dynamic axis such as 'B' or
// 'T', or a derived expression such as 'T-2'). Names starting with '?' are unknown: they match anything.
// Shape inference here exists to catch mistakes early, with messages that name the op and the module path.

export type Dim = number | string;
export type Shape = readonly Dim[];

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function isUnknown(d: Dim): boolean {
  return typeof d === 'string' && d.startsWith('?');
}

let unknownCounter = 0;
/** A fresh unknown dimension (for shapes that are only known at run time). */
export function unknownDim(): Dim {
  unknownCounter += 1;
  return `?${unknownCounter}`;
}

/** True when two dims are provably the same or may be the same (unknown). */
export function dimsCompatible(a: Dim, b: Dim): boolean {
  return a === b || isUnknown(a) || isUnknown(b);
}

/** Numpy-style broadcast of two shapes; returns null when they cannot broadcast. */
export function broadcastShapes(a: Shape, b: Shape): Dim[] | null {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)]!;
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)]!;
    if (da === 1) out.push(db);
    else if (db === 1) out.push(da);
    else if (dimsCompatible(da, db)) out.push(isUnknown(da) ? db : da);
    else return null;
  }
  return out;
}

/** Normalises a possibly negative axis against a rank; throws a plain Error the caller wraps. */
export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`axis ${axis} out of range for rank ${rank}`);
  return a;
}

/** d + k for a symbolic or static dim (k may be negative): 'T' + -2 → 'T-2'. */
export function addDim(d: Dim, k: number): Dim {
  if (typeof d === 'number') return d + k;
  if (k === 0) return d;
  if (isUnknown(d)) return unknownDim();
  // Keep one offset per symbol: ('T-3') + 3 → 'T', ('T-3') + 1 → 'T-2'.
  const m = /^(.*?)([+-]\d+)$/.exec(d);
  const base = m ? m[1]! : d;
  const offset = (m ? Number(m[2]) : 0) + k;
  if (offset === 0) return base;
  return offset > 0 ? `${base}+${offset}` : `${base}${offset}`;
}

/** Output length of a convolution / pooling window along one axis. */
export function convOutDim(
  len: Dim,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  dilation: number,
): Dim {
  const span = dilation * (kernel - 1) + 1;
  if (typeof len === 'number') return Math.floor((len + padBegin + padEnd - span) / stride) + 1;
  if (stride === 1) return addDim(len, padBegin + padEnd - span + 1);
  return unknownDim();
}

export function staticSize(shape: Shape): number | null {
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number') return null;
    n *= d;
  }
  return n;
}
