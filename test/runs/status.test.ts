// Run lifecycle (src/train/run-status.ts, src/runs/status.ts): a run that did not finish is never taken for one
// that did. An interrupted run says 'interrupted' in status.json; eval / predict / report / export / serve refuse it
// naming its status and `--resume`, and take it with a warning under --allow-incomplete; `--resume` finishes it
// and it is 'complete'. A run whose encoder cannot be loaded is 'failed' with the reason, and `train` into it again
// names that. A folder from before status.json without metrics.json is refused too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadRun } from '../../src/runs/run.ts';
import { cli, fixture } from '../cli/cli-helpers.ts';

const fx = await fixture('run-status', { train: 40, dev: 12 });
const FAST = ['--epochs', '4', '--batch-size', '8', '--head', 'textcnn', '--head-option', 'filters=4', '--quiet'];
const status = (dir: string) => JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')) as Record<string, string>;

test('an interrupted run is refused until resumed (or allowed); the finished run is complete', async () => {
  const out = join(fx.root, 'interrupted');
  let sent = false;
  const r = await cli(
    ['train', '--train', fx.train, '--dev', fx.dev, '--encoder', fx.model, '--out', out, ...FAST.slice(0, -1)],
    (s) => {
      if (!sent && s.startsWith('epoch 2/')) {
        sent = true;
        process.emit('SIGINT');
      }
    },
  );
  assert.ok(sent, 'the interrupt was sent');
  assert.equal(r.code, 130, r.err);
  assert.equal(status(out).status, 'interrupted');
  for (const args of [
    ['eval', out, '--data', fx.dev],
    ['predict', out, '--input', fx.dev],
    ['report', out, '--out', join(fx.root, 'r.html')],
    ['export', out, '--out', join(fx.root, 'export')],
  ]) {
    const refused = await cli(args);
    assert.equal(refused.code, 1, `${args[0]}: ${refused.err}`);
    assert.match(refused.err, /not a finished run: its training is interrupted.*bertcnn train --resume --out/);
    assert.match(refused.err, /--allow-incomplete/);
  }
  await assert.rejects(loadRun(out), /not a finished run/);
  const allowed = await cli(['eval', out, '--data', fx.dev, '--allow-incomplete']);
  assert.equal(allowed.code, 0, allowed.err);
  assert.match(allowed.err, /warning: .*not a finished run.*using it anyway/);
  const resumed = await cli(['train', '--out', out, '--resume', '--quiet']);
  assert.equal(resumed.code, 0, resumed.err);
  assert.equal(status(out).status, 'complete');
  const ok = await cli(['eval', out, '--data', fx.dev, '--json']);
  assert.equal(ok.code, 0, ok.err);
});

test('a failed run says failed with the reason; train into it again names that; predict refuses it', async () => {
  const out = join(fx.root, 'failed');
  const missing = join(fx.root, 'no-such-encoder');
  const r = await cli(['train', '--train', fx.train, '--dev', fx.dev, '--encoder', missing, '--out', out, ...FAST]);
  assert.equal(r.code, 1, r.err);
  const s = status(out);
  assert.equal(s.status, 'failed');
  assert.match(s.reason!, /no-such-encoder/);
  const again = await cli(['train', '--train', fx.train, '--encoder', fx.model, '--out', out, ...FAST]);
  assert.equal(again.code, 2);
  assert.match(again.err, /already holds a failed run \(.*no-such-encoder.*\); use --resume/);
  const p = await cli(['predict', out, '--input', fx.dev]);
  assert.equal(p.code, 1);
  assert.match(p.err, /its training is failed/);
});

test('a folder from before status.json without metrics.json is refused as unfinished', async () => {
  const out = join(fx.root, 'old');
  const r = await cli(['train', '--train', fx.train, '--dev', fx.dev, '--encoder', fx.model, '--out', out, ...FAST]);
  assert.equal(r.code, 0, r.err);
  rmSync(join(out, 'status.json'));
  assert.equal((await cli(['eval', out, '--data', fx.dev])).code, 0, 'old and finished: accepted');
  rmSync(join(out, 'metrics.json'));
  const refused = await cli(['eval', out, '--data', fx.dev]);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /no metrics\.json: its training never finished/);
});
