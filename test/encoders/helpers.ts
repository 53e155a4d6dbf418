// Test helpers for encoder tests (not a test): temp folders, fixture rows, per-token comparisons.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Features } from '../../src/encoders/encoder.ts';
import type { Fixture } from '../helpers/fixtures.ts';

/** A fresh folder in os.tmpdir(), removed when the calling test (or, at top level, the file) ends. */
export function tempDir(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bertcnn-enc-${tag}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fixture int64 [B, T] tensor as Int32Array rows (the tokenizer's BatchEncoding layout). */
export function rows(f: Fixture, key: string): Int32Array[] {
  const t = f.tensors[key]!;
  const [B, T] = t.shape as [number, number];
  return Array.from({ length: B }, (_, b) => Int32Array.from(t.data.slice(b * T, (b + 1) * T)));
}

/** Row b's real-token features [len, D] from a Features result. */
export function tokensOf(f: Features, b: number): Float32Array {
  const [, T, D] = f.tokens!.shape as [number, number, number];
  return (f.tokens!.data as Float32Array).slice(b * T * D, (b * T + f.lengths[b]!) * D);
}

export function pooledOf(f: Features, b: number): Float32Array {
  const P = f.pooled!.shape[1]!;
  return (f.pooled!.data as Float32Array).slice(b * P, (b + 1) * P);
}

/** max |a − b| ≤ atol over two equal-length arrays. */
export function assertNear(a: ArrayLike<number>, b: ArrayLike<number>, atol: number, what: string): number {
  assert.equal(a.length, b.length, `${what}: length`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  assert.ok(worst <= atol, `${what}: max |diff| ${worst} > ${atol}`);
  return worst;
}

/** Smallest cosine similarity between matching D-vectors of a and b. */
export function minCosine(a: Float32Array, b: Float32Array, D: number): number {
  let min = 1;
  for (let off = 0; off < a.length; off += D) {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let k = off; k < off + D; k++) {
      ab += a[k]! * b[k]!;
      aa += a[k]! * a[k]!;
      bb += b[k]! * b[k]!;
    }
    min = Math.min(min, ab / Math.sqrt(aa * bb));
  }
  return min;
}
