// `bertcnn eval … | head -5` / `predict … | head -1`: the reader closes the pipe early; the CLI must stop quietly
// with exit 0 (no unhandled EPIPE stack trace). Real processes (bin/bertcnn.js) piped into a reader that closes
// the pipe: `true` reads nothing and exits at once, so every write of the CLI hits a closed pipe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, trainTiny } from './cli-helpers.ts';

const fx = await fixture('epipe');
const run = join(fx.root, 'run');
const trained = await trainTiny(fx, run);
assert.equal(trained.code, 0, trained.err);
const bin = join(import.meta.dirname, '..', '..', 'bin', 'bertcnn.js');
const many = join(fx.root, 'many.txt');
writeFileSync(many, `${Array.from({ length: 3000 }, (_, i) => `text number ${i} was a fine film`).join('\n')}\n`);

/** `bertcnn ARGS | reader` in bash with pipefail off: bertcnn's own exit status and stderr. */
function piped(args: string[], reader: string): { status: number; err: string; out: string } {
  const cmd = `"${process.execPath}" "${bin}" ${args.map((a) => `'${a}'`).join(' ')} 2>"${join(fx.root, 'err.txt')}" | ${reader}; echo "status=\${PIPESTATUS[0]}"; cat "${join(fx.root, 'err.txt')}" >&2`;
  const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8', env: { ...process.env, BERTCNN_FROM_SOURCE: '1' } });
  const m = /status=(\d+)\n$/.exec(r.stdout);
  assert.ok(m, r.stdout + r.stderr);
  return { status: Number(m[1]), err: r.stderr, out: r.stdout.slice(0, m.index) };
}

test('eval … | (reader closed): exit 0, no EPIPE trace', () => {
  const r = piped(['eval', run, '--data', fx.dev], 'true');
  assert.doesNotMatch(r.err, /EPIPE|Error/);
  assert.equal(r.status, 0, r.err);
});

test('predict … | head -1: one line out, exit 0, no EPIPE trace', () => {
  const r = piped(['predict', run, '--input', many, '--quiet'], 'head -1');
  assert.doesNotMatch(r.err, /EPIPE|Error/);
  assert.equal(r.status, 0, r.err);
  assert.equal(r.out.trim().split('\n').length, 1);
  assert.match(r.out, /^\{"text":"text number 0 was a fine film"/);
});
