// Progress visible without a TTY (#16 item 5, src/cli/progress.ts): off a TTY the bar becomes a plain line every
// N seconds (default 10, BERTCNN_PROGRESS_SECONDS) with count, percentage, rate and ETA, driven here by a fake
// non-TTY stream and a fake clock; --quiet prints nothing. Program compilation is announced by the train events
// (src/cli/train-events.ts) when a ProgramCache starts compiling a length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duration, progressBar, progressSeconds } from '../../src/cli/progress.ts';
import { trainEvents } from '../../src/cli/train-events.ts';
import { UsageError } from '../../src/errors.ts';
import { ProgramCache } from '../../src/train/program-cache.ts';

function fakeStream(isTTY = false) {
  const lines: string[] = [];
  return { lines, stream: { isTTY, write: (s: string) => lines.push(s) } };
}

test('off a TTY: a line every 10 s of work with rate and ETA, none before', () => {
  const { lines, stream } = fakeStream();
  let t = 1_000_000;
  const p = progressBar(100, 'epoch 1/3', {
    stream,
    now: () => t,
    everySeconds: 10,
    fields: 'loss {loss}',
    payload: { loss: '-' },
  });
  for (let s = 1; s <= 25; s++) {
    t += 1000;
    p.update(2 * s, { loss: (1 / s).toFixed(3) }); // 2 steps per second
  }
  p.stop();
  assert.deepEqual(lines, [
    'epoch 1/3 20/100 20% | 2.0/s | ETA 40s | loss 0.100\n',
    'epoch 1/3 40/100 40% | 2.0/s | ETA 30s | loss 0.050\n',
  ]);
});

test('the interval comes from BERTCNN_PROGRESS_SECONDS (0 = no lines); a bad value names the variable', () => {
  assert.equal(progressSeconds({}), 10);
  assert.equal(progressSeconds({ BERTCNN_PROGRESS_SECONDS: '2.5' }), 2.5);
  assert.throws(
    () => progressSeconds({ BERTCNN_PROGRESS_SECONDS: 'soon' }),
    (e: Error) => {
      assert.ok(e instanceof UsageError);
      assert.match(e.message, /BERTCNN_PROGRESS_SECONDS must be a number of seconds ≥ 0, got 'soon'/);
      return true;
    },
  );
  const { lines, stream } = fakeStream();
  let t = 0;
  const off = progressBar(10, 'x', { stream, now: () => t, everySeconds: 0 });
  const quiet = progressBar(10, 'x', { stream, now: () => t, everySeconds: 1, quiet: true });
  for (let i = 1; i <= 10; i++) {
    t += 5000;
    off.update(i);
    quiet.update(i);
  }
  assert.deepEqual(lines, []);
  const before = process.env.BERTCNN_PROGRESS_SECONDS;
  process.env.BERTCNN_PROGRESS_SECONDS = '3';
  try {
    const every3 = progressBar(10, 'y', { stream, now: () => t });
    for (let i = 1; i <= 10; i++) {
      t += 1000;
      every3.update(i);
    }
  } finally {
    if (before === undefined) delete process.env.BERTCNN_PROGRESS_SECONDS;
    else process.env.BERTCNN_PROGRESS_SECONDS = before;
  }
  assert.equal(lines.length, 3, lines.join(''));
  assert.equal(duration(3725), '1h02m');
  assert.equal(duration(65), '1m05s');
});

test('train events announce a program compilation for a padded length, and stop after finish()', () => {
  let err = '';
  const write = process.stderr.write;
  process.stderr.write = ((s: string) => {
    err += s;
    return true;
  }) as typeof process.stderr.write;
  const compileFails = () => {
    throw new Error('no graph here');
  };
  try {
    const ev = trainEvents({ quiet: false, epochs: 1, batchSize: 8, stopped: () => false });
    const cache = new ProgramCache(true, compileFails);
    assert.throws(() => cache.get(cache.padded(43)), /no graph here/);
    assert.match(err, /^compiling the program for length 48 \(once\)…\n$/);
    ev.finish();
    err = '';
    assert.throws(() => cache.get(16), /no graph here/);
    assert.equal(err, '', 'no listener left after finish()');
  } finally {
    process.stderr.write = write;
  }
});

test('the epoch bar of a distillation counts the transfer set (trainingRecords), not the training file', () => {
  const { lines, stream } = fakeStream();
  let t = 0;
  const ev = trainEvents({
    quiet: false,
    epochs: 2,
    batchSize: 10,
    stopped: () => false,
    bars: { stream, now: () => t, everySeconds: 1 },
  });
  ev.onData?.([{ file: 'train.tsv', records: 40, skippedEmpty: 0, skippedUnknownLabel: 0 }]);
  ev.trainingRecords(95); // 40 training texts + 55 augmented / unlabeled ones: 10 steps of 10
  for (let step = 1; step <= 5; step++) {
    t += 1000;
    ev.onStep?.({ epoch: 1, step, loss: 0.5 } as Parameters<NonNullable<typeof ev.onStep>>[0]);
  }
  ev.finish();
  assert.match(lines[0]!, /^epoch 1\/2 2\/10 20% /); // the first line after 1 s of the bar
  assert.match(lines.at(-1)!, /^epoch 1\/2 5\/10 50% /);
});
