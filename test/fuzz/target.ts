// What a fuzz target is, and the checks every target shares. A target is a named fast-check property; the CI test
// (test/fuzz/fuzz.test.ts) runs each for a few hundred cases and `npm run fuzz` (scripts/fuzz.ts) for 100,000+.
// Properties throw (assert) on a violation; `expectOnly` turns "any error other than the documented one" into one.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type fc from 'fast-check';

/** A property over generated inputs; sync or async (file readers). Each target has its own input tuple type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the runner never looks inside the inputs
export type FuzzProperty = fc.IProperty<any> | fc.IAsyncProperty<any>;

export interface FuzzTarget {
  /** Unique, kebab-case: `--target <name>`. */
  name: string;
  /** The source area it exercises, e.g. `tokenize`, `data`, `io`. */
  area: string;
  /** The property in one line of plain words. */
  what: string;
  /** Builds a fresh property (generators + predicate); called once per run of the target. */
  property: () => FuzzProperty;
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Rethrows `e` unless it is an instance of `cls` whose message matches `re`: the one error a target documents.
 * Anything else (TypeError, RangeError, a DataError without the file name) fails the property with the original
 * error attached, so the counterexample shows what was thrown.
 */
export function expectOnly(e: unknown, cls: ErrorClass, re: RegExp): asserts e is Error {
  if (!(e instanceof cls)) {
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new assert.AssertionError({ message: `expected only ${cls.name}, got ${what}`, actual: e });
  }
  const msg = (e as Error).message;
  assert.ok(re.test(msg), `${cls.name} message does not match ${re}: ${JSON.stringify(msg)}`);
}

/** Line number N of a `name:N: ` error message (undefined when the message names no line). */
export function lineOf(message: string, name: string): number | undefined {
  if (!message.startsWith(`${name}:`)) return undefined;
  const m = /^:(\d+): /.exec(message.slice(name.length));
  return m ? Number(m[1]) : undefined;
}

/** Escapes a string for use inside a RegExp. */
export const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let scratch: string | undefined;

/** One scratch folder per process for targets that need real files; removed when the process exits. */
export function scratchDir(): string {
  if (!scratch) {
    const dir = mkdtempSync(join(tmpdir(), 'bertcnn-fuzz-'));
    scratch = dir;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return scratch;
}
