// `bertcnn quickstart` runs offline on the bundled data and USE-lite encoder: prints dev accuracy and the
// confusion matrix, predicts the example sentences and leaves a complete run folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli-helpers.ts';

test('quickstart trains, evaluates, predicts and saves a run (3 epochs)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bertcnn-qs-'));
  try {
    const out = join(dir, 'run');
    const r = await cli(['quickstart', '--out', out, '--epochs', '3', '--quiet']);
    assert.equal(r.code, 0, r.err);
    const m = /Dev accuracy \(best epoch \d+\): ([\d.]+)%/.exec(r.out);
    assert.ok(m, r.out);
    assert.ok(Number(m[1]) >= 65, `dev accuracy ${m[1]}%`);
    assert.match(r.out, /true \\ predicted\s+negative\s+positive/);
    assert.equal((r.out.match(/^ {2}(positive|negative) +\d+%/gm) ?? []).length, 3);
    for (const f of ['config.json', 'labels.json', 'model.safetensors', 'metrics.json', 'log.jsonl'])
      assert.ok(existsSync(join(out, f)), f);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
