// The --out frame of `bertcnn train` and distill students (src/cli/run-out.ts): an occupied folder is refused, a
// folder this call created is removed again on failure (never one that holds a run), a run written by another
// process between the first check and the lock is refused too, and train.json holds the settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRunOut } from '../../src/cli/run-out.ts';

const root = mkdtempSync(join(tmpdir(), 'bertcnn-run-out-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));

test('a new folder: created, locked, train.json written; failed() removes it, close() unlocks', async () => {
  const out = join(root, 'new', 'run');
  const run = await openRunOut(out, { resume: false, epochs: 3 });
  assert.deepEqual(JSON.parse(readFileSync(join(out, 'train.json'), 'utf8')), { epochs: 3 });
  assert.ok(existsSync(join(out, 'run.lock')));
  await assert.rejects(openRunOut(out, {}), /being written by another process/);
  await run.failed();
  run.close();
  assert.equal(existsSync(out), false, 'a folder this call made, with no run in it, is removed');
});

test('a folder holding a run is refused unless resuming; failed() never removes a run', async () => {
  const out = join(root, 'held');
  mkdirSync(out);
  writeFileSync(join(out, 'config.json'), '{}');
  await assert.rejects(openRunOut(out, {}), /already holds a run; use --resume/);
  const run = await openRunOut(out, { resume: true });
  await run.failed();
  run.close();
  assert.ok(existsSync(join(out, 'config.json')));
  assert.equal(existsSync(join(out, 'run.lock')), false);
});

test('a run written between the first check and the lock is refused, unlocked and kept', async () => {
  const out = join(root, 'race');
  let checks = 0;
  const holdsRun = () => ++checks > 1; // another process finishes its run right after our first look
  await assert.rejects(openRunOut(out, {}, holdsRun), /already holds a run/);
  assert.ok(existsSync(out), 'the other process’s run is not removed');
  assert.equal(existsSync(join(out, 'run.lock')), false, 'our lock is released');
  assert.equal(existsSync(join(out, 'train.json')), false, 'our settings are not written over its run');
});
