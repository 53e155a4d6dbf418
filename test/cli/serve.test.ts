// `bertcnn serve` as users run it (a child process of bin/bertcnn.js) on a tiny trained run: --port 0 picks a free
// port and prints the URL; a real HTTP request gets predictions; SIGTERM while a request is in flight lets that
// request finish, then the process exits 0. Bad flags exit 2 before anything loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cli, fixture, trainTiny } from './cli-helpers.ts';

const fx = await fixture('serve', { train: 48, dev: 16 });
const run = join(fx.root, 'run');
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'bertcnn.js');

test('serve --port 0: prints the URL, answers HTTP, and closes gracefully on SIGTERM', async () => {
  const t = await trainTiny(fx, run);
  assert.equal(t.code, 0, t.err);
  // --max-batch 2: the 2-text request runs at once; the 1-text one waits for the 60 s window, so it is still in
  // flight when SIGTERM arrives, and only the graceful close (which runs what is queued) can answer it in time.
  const child = spawn(
    process.execPath,
    [BIN, 'serve', run, '--port', '0', '--max-batch', '2', '--max-wait-ms', '60000'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += String(d)));
  child.stderr.on('data', (d: Buffer) => (err += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 60_000;
    // The URL and the curl hint may arrive in separate stdout chunks: wait for both.
    while (!/at (http:\/\/127\.0\.0\.1:\d+)/.test(out) || !/curl -s /.test(out)) {
      if (child.exitCode !== null || Date.now() > deadline) assert.fail(`serve did not start:\n${out}\n${err}`);
      await sleep(50);
    }
    const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
    assert.doesNotMatch(url, /:0$/, 'the chosen port is printed, not 0');
    assert.match(out, /curl -s http:\/\/127\.0\.0\.1:\d+\/v1\/predict/);
    const health = await fetch(`${url}/health`);
    assert.equal(health.status, 200);
    const post = (texts: string[]) =>
      fetch(`${url}/v1/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ texts }),
      });
    const first = await post(['the film was great', 'the plot was awful']);
    assert.equal(first.status, 200);
    const body = (await first.json()) as {
      predictions: { text: string; label: string; probabilities: Record<string, number> }[];
    };
    assert.deepEqual(
      body.predictions.map((p) => p.text),
      ['the film was great', 'the plot was awful'],
    );
    for (const p of body.predictions) assert.deepEqual(Object.keys(p.probabilities), ['negative', 'positive']);
    const inFlight = post(['the story was charming']);
    // SIGTERM once the server holds the request (queued for its batch), not while it may still be on the wire.
    while (((await (await fetch(`${url}/health`)).json()) as { queued: number }).queued < 1) {
      assert.ok(Date.now() < deadline, 'the request never reached the queue');
      await sleep(20);
    }
    child.kill('SIGTERM');
    const termAt = Date.now();
    const late = await inFlight;
    assert.ok(Date.now() - termAt < 30_000, 'answered by the shutdown, not by the 60 s batching window');
    assert.equal(late.status, 200, `the in-flight request finished\n${err}`);
    assert.equal(((await late.json()) as { predictions: unknown[] }).predictions.length, 1);
    assert.equal(await exited, 0, err);
    assert.match(err, /SIGTERM: closing/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('serve: bad flags are usage errors (exit 2)', async () => {
  const r = await cli(['serve', run, '--port', '70000']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--port must be in 0\.\.65535/);
  const m = await cli(['serve', run, '--max-batch', 'lots']);
  assert.equal(m.code, 2);
  assert.match(m.err, /--max-batch must be an integer/);
});
