// JSON files of a run folder as the report reads them: a missing optional file is null, a file that is not JSON
// (or not an object) is a DataError naming it, and `numberField` names the file and the field that is wrong.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { DataError } from '../errors.ts';

export type Json = Record<string, unknown>;

/** The JSON object in `path`; null when the file does not exist. */
export async function readJsonObject(path: string): Promise<Json | null> {
  if (!existsSync(path)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new DataError(path, `not valid JSON: ${(e as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new DataError(path, 'expected a JSON object');
  return raw as Json;
}

/** `obj[key]` as an object (`field` is its dotted name in `path`, for the error). */
export function objectField(obj: Json, key: string, path: string, field: string): Json {
  const v = obj[key];
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new DataError(path, `'${field}' is not an object`);
  return v as Json;
}

/** `obj[key]` as a number (`field` is its dotted name in `path`, for the error). */
export function numberField(obj: Json, key: string, path: string, field: string): number {
  const v = obj[key];
  if (typeof v !== 'number') throw new DataError(path, `'${field}' is not a number`);
  return v;
}

/** The numeric entries of an object (a metrics.json split section without per_class, per_type, confusion). */
export function numbersOf(section: unknown): Record<string, number> {
  return Object.fromEntries(Object.entries((section ?? {}) as Json).filter(([, v]) => typeof v === 'number')) as Record<
    string,
    number
  >;
}
