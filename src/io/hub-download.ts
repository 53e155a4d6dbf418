// Resumable, verified, atomic download of one file into the hub cache (our own fetch code: @huggingface/hub's
// downloadFileToCacheDir streams into `<blob>.incomplete` but always restarts from byte 0 and does not verify).
// - Bytes go to `<blob>.incomplete`; a retry (same call) or a later call sends `Range: bytes=<have>-` and appends.
//   A 200 reply to a Range request (server ignored it) restarts from 0; 416 discards the partial and restarts.
// - On completion the size and the digest are checked (LFS files: sha256 = their etag; small git files: the git
//   blob sha1 = their etag), then `.incomplete` is renamed to the blob: the final name only ever holds a whole file.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { DataError } from '../errors.ts';
import { writeAll } from './atomic.ts';

export type ProgressFn = (file: string, bytesDone: number, bytesTotal: number | undefined) => void;

export interface DownloadSpec {
  url: string;
  /** Final blob path; the partial file is `${blob}.incomplete`. */
  blob: string;
  /** Names the file in messages and progress, e.g. `bert-base-uncased/model.safetensors`. */
  label: string;
  size?: number;
  /** Expected digest: sha256 (LFS) or git blob sha1 (needs size). */
  sha256?: string;
  gitSha1?: string;
  headers?: Record<string, string>;
  /** Extra attempts after a dropped connection or 5xx, each resuming from what is on disk. Default 2. */
  retries?: number;
  /** Wait before retry k is k × this many ms. Default 1000. */
  retryDelayMs?: number;
  onProgress?: ProgressFn;
  fetch?: typeof fetch;
}

async function sizeOf(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  );
}

function newHash(spec: DownloadSpec): Hash | undefined {
  if (spec.sha256) return createHash('sha256');
  if (spec.gitSha1 && spec.size !== undefined) return createHash('sha1').update(`blob ${spec.size}\0`);
  return undefined;
}

/** Feeds the bytes already on disk into the hash before appending more. */
async function hashPrefix(hash: Hash | undefined, path: string): Promise<void> {
  if (!hash) return;
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

export async function downloadResumable(spec: DownloadSpec): Promise<void> {
  const partial = `${spec.blob}.incomplete`;
  const retries = spec.retries ?? 2;
  const doFetch = spec.fetch ?? fetch;
  let lastError = '';
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, attempt * (spec.retryDelayMs ?? 1000)));
    let start = await sizeOf(partial);
    if (spec.size !== undefined && start > spec.size) start = 0; // stale partial of another file: start over
    if (spec.size !== undefined && start === spec.size && start > 0)
      return finish(spec, partial, await digestOf(spec, partial));
    let resp: Response;
    try {
      resp = await doFetch(spec.url, {
        headers: { ...spec.headers, ...(start > 0 ? { Range: `bytes=${start}-` } : {}) },
      });
    } catch (e) {
      lastError = describe(e);
      continue;
    }
    if (resp.status === 416) {
      await resp.body?.cancel();
      await rm(partial, { force: true });
      lastError = 'server rejected the resume range (416); restarting';
      continue;
    }
    if (!resp.ok) {
      await resp.body?.cancel();
      if (resp.status >= 500) {
        lastError = `HTTP ${resp.status}`;
        continue;
      }
      const hint = resp.status === 401 || resp.status === 403 ? ' (private or gated: set HF_TOKEN)' : '';
      throw new DataError(spec.label, `download failed: HTTP ${resp.status} from ${spec.url}${hint}`);
    }
    if (start > 0 && resp.status === 206) {
      const range = resp.headers.get('content-range') ?? '';
      if (!range.startsWith(`bytes ${start}-`))
        throw new DataError(spec.label, `server answered range ${start}- with '${range}'`);
    } else start = 0; // a 200 carries the whole file, whatever we asked for
    const total = spec.size ?? contentTotal(resp, start);
    const hash = newHash(spec);
    if (start > 0) await hashPrefix(hash, partial);
    const fh = await open(partial, start > 0 ? 'a' : 'w');
    let done = start;
    try {
      spec.onProgress?.(spec.label, done, total);
      for await (const chunk of resp.body as unknown as AsyncIterable<Uint8Array>) {
        await writeAll(fh, chunk);
        hash?.update(chunk);
        done += chunk.byteLength;
        spec.onProgress?.(spec.label, done, total);
      }
    } catch (e) {
      lastError = `connection lost after ${done}${total !== undefined ? ` of ${total}` : ''} bytes (${describe(e)})`;
      continue;
    } finally {
      await fh.close();
    }
    return finish(spec, partial, hash?.digest('hex'));
  }
  throw new DataError(
    spec.label,
    `download interrupted: ${lastError}. The partial file is kept at ${partial}; run the same command again to resume.`,
  );
}

function contentTotal(resp: Response, start: number): number | undefined {
  const range = /\/(\d+)$/.exec(resp.headers.get('content-range') ?? '');
  if (range) return Number(range[1]);
  const len = resp.headers.get('content-length');
  return len === null ? undefined : start + Number(len);
}

async function digestOf(spec: DownloadSpec, path: string): Promise<string | undefined> {
  const hash = newHash(spec);
  await hashPrefix(hash, path);
  return hash?.digest('hex');
}

/** Checks size and digest, then moves the partial file to its final name. */
async function finish(spec: DownloadSpec, partial: string, digest: string | undefined): Promise<void> {
  const size = await sizeOf(partial);
  if (spec.size !== undefined && size !== spec.size) {
    await rm(partial, { force: true });
    throw new DataError(
      spec.label,
      `download ended at ${size} bytes but the file has ${spec.size}; partial removed, run again`,
    );
  }
  const want = spec.sha256 ?? spec.gitSha1;
  if (digest !== undefined && want !== undefined && digest !== want) {
    await rm(partial, { force: true });
    throw new DataError(spec.label, `checksum mismatch: got ${digest}, expected ${want}; partial removed, run again`);
  }
  await rename(partial, spec.blob);
}

export function describe(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  return [err.message, err.cause?.code ?? err.cause?.message].filter(Boolean).join(': ') || String(e);
}
