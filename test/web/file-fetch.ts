// Test helper: a FetchLike over the file system, so the browser library's loading code runs in Node unchanged.
// URLs under BASE map to files under `root`; a missing file answers 404, like a static server.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FetchLike } from '../../src/web/fetch-files.ts';

export const BASE = 'http://bertcnn.test/';

export function fileFetch(root: string, seen: string[] = []): FetchLike {
  return async (url) => {
    seen.push(url);
    if (!url.startsWith(BASE)) throw new TypeError(`fetch failed (${url} is outside ${BASE})`);
    const bytes = await readFile(join(root, decodeURIComponent(url.slice(BASE.length)))).catch(() => null);
    return {
      ok: bytes !== null,
      status: bytes ? 200 : 404,
      statusText: bytes ? 'OK' : 'Not Found',
      text: async () => bytes!.toString('utf8'),
      arrayBuffer: async () =>
        bytes!.buffer.slice(bytes!.byteOffset, bytes!.byteOffset + bytes!.byteLength) as ArrayBuffer,
    };
  };
}
