// One writer per run folder, through the CLI: `bertcnn train` (and --resume, and --preset kim2014) into a folder
// another live process holds is refused (exit 2, naming the folder, pid and host) without touching it; a stale
// lock from a dead process is taken over with a notice; the lock is gone after a finished run and after SIGTERM
// (which, like Ctrl-C, saves a resumable checkpoint and exits 130).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE } from '../../src/train/run-lock.ts';
import { cli, FAST, fixture, trainTiny } from './cli-helpers.ts';

const fx = await fixture('run-lock');
const plant = (dir: string, pid: number) => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), started: '2026-01-01T00:00:00.000Z' }));
};
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('a folder another live process is writing is refused, by train, train --resume and --preset kim2014', async () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)']);
  try {
    const out = join(fx.root, 'busy');
    plant(out, child.pid!);
    const expected = new RegExp(
      `${escape(out)} is being written by another process \\(pid ${child.pid} on host ${escape(hostname())}`,
    );
    const r = await trainTiny(fx, out);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, expected);
    assert.deepEqual(readdirSync(out), [LOCK_FILE], 'nothing written');
    const held = join(fx.root, 'held'); // a run whose --resume another process is running
    assert.equal((await trainTiny(fx, held)).code, 0);
    plant(held, child.pid!);
    const resumed = await cli(['train', '--out', held, '--resume', '--quiet']);
    assert.equal(resumed.code, 2, resumed.err);
    assert.match(
      resumed.err,
      new RegExp(`${escape(held)} is being written by another process \\(pid ${child.pid} on host`),
    );
    const kim = await cli([
      'train',
      '--preset',
      'kim2014',
      '--variant',
      'rand',
      '--train',
      fx.train,
      '--epochs',
      '1',
      '--out',
      out,
      '--quiet',
    ]);
    assert.equal(kim.code, 2, kim.err);
    assert.match(kim.err, expected);
    assert.deepEqual(readdirSync(out), [LOCK_FILE], 'nothing written');
  } finally {
    child.kill();
  }
});

test('a stale lock (its process died) is taken over with a notice; the finished run leaves no lock', async () => {
  const out = join(fx.root, 'stale');
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  plant(out, dead);
  const r = await trainTiny(fx, out);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, new RegExp(`bertcnn: ${escape(out)}: taking over a stale lock \\(pid ${dead} on host`));
  assert.ok(existsSync(join(out, 'metrics.json')));
  assert.equal(existsSync(join(out, LOCK_FILE)), false);
});

test('SIGTERM saves a resumable checkpoint, exits 130 and releases the lock; --resume finishes and releases it too', async () => {
  const out = join(fx.root, 'terminated');
  let sent = false;
  const r = await cli(
    ['train', '--train', fx.train, '--dev', fx.dev, '--encoder', fx.model, '--out', out, ...FAST],
    (s) => {
      if (!sent && s.startsWith('epoch 2/')) {
        sent = true;
        process.emit('SIGTERM');
      }
    },
  );
  assert.equal(r.code, 130, r.err);
  assert.match(r.err, /checkpoint saved/);
  assert.equal(existsSync(join(out, LOCK_FILE)), false);
  assert.equal(process.listenerCount('SIGTERM'), 0, 'the SIGTERM handler is removed after training');
  const resumed = await cli(['train', '--out', out, '--resume', '--quiet']);
  assert.equal(resumed.code, 0, resumed.err);
  assert.equal(existsSync(join(out, LOCK_FILE)), false);
});
