// Shared test helpers for src/data: the read-only benchmark data folder (never copied into the repo) and a
// scratch directory in the OS temp dir for files a test writes.
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError } from '../../src/errors.ts';

export const SHARED = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
/** `skip` option for tests that need ../shared/data. */
export const NO_SHARED = existsSync(SHARED) ? false : `no benchmark data at ${SHARED}`;

export async function scratchFile(name: string, data: string | Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bertcnn-data-'));
  const path = join(dir, name);
  await writeFile(path, data);
  return path;
}

/** assert.throws/rejects matcher: a DataError whose message matches every pattern. */
export function dataError(...patterns: RegExp[]) {
  return (e: unknown): boolean => {
    if (!(e instanceof DataError)) throw e;
    for (const p of patterns)
      if (!p.test(e.message)) throw new Error(`message ${JSON.stringify(e.message)} lacks ${p}`);
    return true;
  };
}
