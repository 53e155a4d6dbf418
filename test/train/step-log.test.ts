// log.jsonl's step entries (src/tasks/classification/job.ts jobHooks, src/train/run-dir.ts appendLog): every
// logged step is on disk, in step order, as soon as the trainer's step hook returns. A regression test: the hook
// once started an async append and returned, so under load the first line could be step 2 (CI saw it), and a
// failed append rejected with no one awaiting it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jobHooks } from '../../src/tasks/classification/job.ts';

test('step entries are in log.jsonl, in step order, when onStep returns; the epoch entry follows them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bertcnn-step-log-'));
  try {
    const hooks = jobHooks(dir, { logEvery: 2, epochs: 1 }, {}, [], async () => {});
    const lines = () =>
      readFileSync(join(dir, 'log.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { type: string; step?: number });
    for (let step = 1; step <= 200; step++) {
      hooks.onStep!({ epoch: 1, step, loss: 1 / step, lr: 0.1, gradNorm: 1 });
      if (step % 2 === 0)
        assert.deepEqual(lines().at(-1), { type: 'step', epoch: 1, step, loss: 1 / step, lr: 0.1, gradNorm: 1 });
    }
    await hooks.onEpoch!({ epoch: 1, train_loss: 0.5, dev: null, seconds: 1 } as never);
    const all = lines();
    assert.deepEqual(
      all.map((l) => l.step ?? l.type),
      [...Array.from({ length: 100 }, (_, i) => 2 * (i + 1)), 'epoch'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a step entry that cannot be written fails the step with an error naming log.jsonl', () => {
  const dir = join(tmpdir(), 'bertcnn-step-log-missing', 'no-such-folder');
  const hooks = jobHooks(dir, { logEvery: 1, epochs: 1 }, {}, [], async () => {});
  assert.throws(
    () => hooks.onStep!({ epoch: 1, step: 1, loss: 1, lr: 0.1, gradNorm: 1 }),
    (e: Error) => e.message.includes(join(dir, 'log.jsonl')),
  );
});
