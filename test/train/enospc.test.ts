// A full disk during training (issue #17): the error names the file it could not write and says the device is
// full (Node's own message names no path), the half-written checkpoint.tmp/ and temporary siblings are removed,
// and status.json records the failure, so a retry is offered rather than a broken run passed off as one.
// Needs a small tmpfs (root, as on the project's machines and CI); skipped with a message otherwise.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixture } from '../cli/cli-helpers.ts';

const fx = await fixture('enospc', { train: 48, dev: 16 });
const disk = join(fx.root, 'small-disk');
mkdirSync(disk);
// 192 KiB: room for the run's config, labels and log, not for a checkpoint of a 100-filter TextCNN + Adam (~460 KB).
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=192k', 'tmpfs', disk]).status === 0;
after(() => {
  if (mounted) spawnSync('umount', ['-l', disk]); // before the fixture's folder is removed at exit
});
const skip = mounted ? false : 'needs a tmpfs mount (root); not available here';

test(
  'train onto a full disk: the error names the file and ENOSPC, no temporary files remain, status says failed',
  { skip },
  async () => {
    const out = join(disk, 'run');
    const r = await cli([
      'train',
      '--train',
      fx.train,
      '--dev',
      fx.dev,
      '--encoder',
      fx.model,
      '--out',
      out,
      '--epochs',
      '2',
      '--batch-size',
      '16',
      '--filters',
      '100',
      '--quiet',
    ]);
    assert.notEqual(r.code, 0, r.err);
    assert.match(r.err, /no space left on the device holding .*small-disk\/run.* \(ENOSPC\)/, r.err);
    assert.match(
      r.err,
      new RegExp(`${out.replace(/[/.]/g, '\\$&')}/[^\\s:]+: no space left`),
      'the message names the file',
    );
    assert.doesNotMatch(r.err, /^\s+at /m, 'no stack trace');
    const left = readdirSync(out);
    assert.ok(!left.includes('checkpoint.tmp'), `checkpoint.tmp/ left behind: ${left.join(', ')}`);
    assert.deepEqual(
      left.filter((f) => f.includes('.tmp-')),
      [],
      'no temporary siblings left',
    );
    assert.ok(existsSync(join(out, 'status.json')));
    const status = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')) as { status: string; reason?: string };
    assert.equal(status.status, 'failed');
    assert.match(status.reason ?? '', /ENOSPC/);
  },
);
