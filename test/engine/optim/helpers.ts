// Shared helpers for the optimizer tests: small Params and a relative-tolerance comparison.

import assert from 'node:assert/strict';
import type { Param } from '../../../src/engine/param.ts';

export function param(
  name: string,
  values: number[],
  shape: number[] = [values.length],
  extra: Partial<Param> = {},
): Param {
  return { name, shape, data: Float32Array.from(values), trainable: true, ...extra };
}

/** |a − e| ≤ rel·|e| + abs for every element, with the first offending index in the message. */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
  rel = 1e-6,
  abs = 0,
): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= rel * Math.abs(e) + abs)) {
      assert.fail(`${what}[${i}]: got ${a}, expected ${e} (rel err ${Math.abs(a - e) / Math.abs(e)})`);
    }
  }
}
