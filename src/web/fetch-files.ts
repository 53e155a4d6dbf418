// Fetching the files of an export folder by URL (browser; any fetch-compatible function in tests). Every failure
// names the URL and the HTTP status (DataError, `where` = the URL), so a user sees which file of the folder is missing or unreachable.
//   folderUrl('exported')            → 'https://host/page-dir/exported/'   (relative to the page, trailing slash)
//   fetchText / fetchBytes(fetch, url) → the body as text / bytes
import { DataError } from '../errors.ts';

/** The subset of `fetch` used here (the global one in a browser; a stub reading files in Node tests). */
export type FetchLike = (url: string) => Promise<{
  ok: boolean;
  status: number;
  statusText: string;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

/** The absolute URL of an export folder, with a trailing slash; relative URLs resolve against the page. */
export function folderUrl(url: string | URL): string {
  const base = typeof location === 'undefined' ? undefined : location.href;
  let abs: URL;
  try {
    abs = new URL(String(url), base);
  } catch {
    throw new DataError(String(url), 'not a URL (give the export folder as an absolute or page-relative URL)');
  }
  abs.search = '';
  abs.hash = '';
  if (!abs.pathname.endsWith('/')) abs.pathname += '/';
  return abs.href;
}

/** The global fetch, or an error saying how to supply one. */
export function defaultFetch(): FetchLike {
  if (typeof fetch !== 'function') throw new Error('no global fetch: pass options.fetch');
  return (url) => fetch(url);
}

async function get(f: FetchLike, url: string): Promise<Awaited<ReturnType<FetchLike>>> {
  let res: Awaited<ReturnType<FetchLike>>;
  try {
    res = await f(url);
  } catch (e) {
    throw new DataError(url, `cannot fetch: ${(e as Error).message}`);
  }
  if (!res.ok) throw new DataError(url, `HTTP ${res.status} ${res.statusText}`.trimEnd());
  return res;
}

export async function fetchText(f: FetchLike, url: string): Promise<string> {
  return (await get(f, url)).text();
}

export async function fetchBytes(f: FetchLike, url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await get(f, url)).arrayBuffer());
}
