// Atomic file output: write to a temporary file next to the target, fsync, then rename over the target, so a
// reader (or a crash) never sees a half-written file. The temporary file is removed if writing fails.
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DataError } from '../errors.ts';

/** Temporary sibling path: `.<name>.tmp-<pid>-<random>` in the same directory (same filesystem → atomic rename). */
export function tmpSibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Runs `write` against a handle on a temporary file, then renames it to `path`. */
export async function writeFileAtomic(path: string, write: (fh: FileHandle) => Promise<void>): Promise<void> {
  const tmp = tmpSibling(path);
  const fh = await open(tmp, 'wx').catch((e: NodeJS.ErrnoException) => {
    // Named by the target, not the temporary sibling the user never asked for; the errno code is kept.
    const why = e.code === 'ENOENT' ? `its folder ${dirname(path)} does not exist` : (e.code ?? e.message);
    throw Object.assign(new DataError(path, `cannot write: ${why}`), { code: e.code });
  });
  try {
    await write(fh);
    await fh.sync();
    await fh.close();
    await rename(tmp, path);
  } catch (e) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw namedWriteError(path, e);
  }
}

/** A system error while writing `path` (ENOSPC, EDQUOT, EIO, …: Node names no path for a failed write), as a
 *  DataError naming the target; the errno code is kept. Other errors pass through. */
export function namedWriteError(path: string, e: unknown): unknown {
  const err = e as NodeJS.ErrnoException;
  if (e instanceof DataError || typeof err?.code !== 'string' || err.syscall === undefined) return e;
  const why =
    err.code === 'ENOSPC'
      ? `no space left on the device holding ${dirname(path)} (ENOSPC); nothing was written — free some space and run again`
      : err.code === 'EDQUOT'
        ? `disk quota exceeded for ${dirname(path)} (EDQUOT); nothing was written`
        : `cannot write: ${err.message}`;
  return Object.assign(new DataError(path, why), { code: err.code });
}

/** Writes a whole buffer/string atomically. */
export async function writeBytesAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await writeFileAtomic(path, async (fh) => {
    await fh.writeFile(data);
  });
}

/** Writes every byte at the handle's current position (loops over short writes). */
export async function writeAll(fh: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.byteLength) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.byteLength - done);
    done += bytesWritten;
  }
}
