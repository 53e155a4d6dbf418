// One writer per run folder: `<run>/run.lock` holds {pid, host, started} of the process that trains into it.
// The lock is created atomically with its content (written to a temp file, then hard-linked to run.lock, which
// fails if it exists), so a second writer either gets it whole or sees the first one's. A second writer is refused
// (UsageError naming the folder, pid, host and start time). A lock left by a process that died on this host
// (process.kill(pid, 0) → ESRCH) is stale: taken over with a notice. A lock from another host cannot be checked
// and is refused with how to remove it. A stale lock is moved aside before it is deleted and checked to be the one
// judged stale, so two processes taking over at once cannot delete each other's fresh lock. release() (also run on
// process exit, e.g. a second Ctrl-C) deletes the lock if it is still ours.
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';

export const LOCK_FILE = 'run.lock';

export interface LockOwner {
  pid: number;
  host: string;
  started: string;
}

export interface RunLock {
  readonly path: string;
  readonly owner: LockOwner;
  release(): void;
}

function readOwner(path: string): LockOwner | null {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof v.pid === 'number' && typeof v.host === 'string')
      return { pid: v.pid, host: v.host, started: String(v.started) };
    return null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null; // released meanwhile
    return { pid: -1, host: '?', started: '?' }; // unreadable: not ours to judge
  }
}

/** true when `pid` runs on this host (EPERM: it runs, under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function tryLink(path: string, owner: LockOwner): boolean {
  const tmp = `${path}.${owner.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(owner)}\n`);
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

const same = (a: LockOwner | null, b: LockOwner) =>
  a !== null && a.pid === b.pid && a.host === b.host && a.started === b.started;

/** Removes the stale lock `owner` holds; a lock that changed hands meanwhile is put back. false: nothing removed. */
function setAside(path: string, owner: LockOwner): boolean {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  const moved = readOwner(aside);
  if (!same(moved, owner)) {
    try {
      linkSync(aside, path); // someone's fresh lock: restore it (unless yet another one exists)
    } catch {
      /* the new lock wins */
    }
  }
  unlinkSync(aside);
  return same(moved, owner);
}

/** Takes `<dir>/run.lock` (dir must exist); `notice` reports a stale lock taken over. */
export function lockRun(dir: string, notice: (message: string) => void = () => {}): RunLock {
  const path = join(dir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; !tryLink(path, owner); attempt++) {
    const other = readOwner(path);
    if (other === null && attempt < 3) continue; // released between our link and our read
    const who = other ? `pid ${other.pid} on host ${other.host}, since ${other.started}` : 'an unknown process';
    const stale =
      other !== null && other.pid > 0 && other.host === owner.host && other.pid !== process.pid && !alive(other.pid);
    if (!stale || attempt >= 3) {
      throw new UsageError(
        `${dir} is being written by another process (${who}); wait for it to finish, or, if that process is gone, remove ${path}`,
      );
    }
    if (setAside(path, other)) notice(`${dir}: taking over a stale lock (${who}, no longer running)`);
  }
  const release = () => {
    process.off('exit', release);
    if (!same(readOwner(path), owner)) return;
    try {
      unlinkSync(path);
    } catch {
      /* already gone */
    }
  };
  process.on('exit', release);
  return { path, owner, release };
}
