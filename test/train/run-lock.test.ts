// The run folder's lock (src/train/run-lock.ts): a second writer is refused naming the folder, pid and host; a
// lock left by a process that died on this host is taken over with a notice; a process's lock is removed when it
// releases it or exits without doing so (process.exit, as a second Ctrl-C does), and never someone else's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE, lockRun } from '../../src/train/run-lock.ts';

const root = mkdtempSync(join(tmpdir(), 'bertcnn-lock-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const folder = (name: string) => {
  const dir = join(root, name);
  mkdirSync(dir);
  return dir;
};
const owner = (dir: string) =>
  JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid: number; host: string; started: string };
const plant = (dir: string, pid: number, host = hostname()) =>
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host, started: '2026-01-01T00:00:00.000Z' }));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('a second writer is refused with the folder, the owner pid and host; release frees the folder', () => {
  const dir = folder('busy');
  const lock = lockRun(dir);
  assert.deepEqual([owner(dir).pid, owner(dir).host], [process.pid, hostname()]);
  assert.throws(
    () => lockRun(dir),
    new RegExp(
      `${escape(dir)} is being written by another process \\(pid ${process.pid} on host ${escape(hostname())}, since `,
    ),
  );
  lock.release();
  assert.equal(existsSync(join(dir, LOCK_FILE)), false);
  lockRun(dir).release();
});

test('a lock held by another live process on this host is refused', async () => {
  const dir = folder('live');
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  try {
    plant(dir, child.pid!);
    assert.throws(() => lockRun(dir), new RegExp(`pid ${child.pid} on host`));
    assert.equal(owner(dir).pid, child.pid, 'the live lock is left alone');
  } finally {
    child.kill();
  }
});

test('a stale lock (its process is gone) is taken over with a notice; one from another host is refused', () => {
  const dir = folder('stale');
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  plant(dir, dead);
  const notices: string[] = [];
  const lock = lockRun(dir, (m) => notices.push(m));
  assert.equal(notices.length, 1);
  assert.match(
    notices[0]!,
    new RegExp(`${escape(dir)}: taking over a stale lock \\(pid ${dead} on host .*no longer running\\)`),
  );
  assert.equal(owner(dir).pid, process.pid);
  lock.release();
  const remote = folder('remote');
  plant(remote, dead, 'some-other-host');
  assert.throws(() => lockRun(remote), /pid \d+ on host some-other-host.*remove .*run\.lock/);
});

test("release never deletes another process's lock", () => {
  const dir = folder('taken');
  const lock = lockRun(dir);
  plant(dir, 1, 'elsewhere'); // e.g. the folder was cleaned and reused meanwhile
  lock.release();
  assert.equal(owner(dir).host, 'elsewhere');
});

test('a process that exits without releasing (process.exit, as a second Ctrl-C) leaves no lock', () => {
  const dir = folder('exit');
  const script = `import { lockRun } from ${JSON.stringify(join(process.cwd(), 'src/train/run-lock.ts'))};
lockRun(${JSON.stringify(dir)}); console.log('locked'); process.exit(130);`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.stdout.trim(), 'locked', r.stderr);
  assert.equal(r.status, 130);
  assert.equal(existsSync(join(dir, LOCK_FILE)), false);
});
