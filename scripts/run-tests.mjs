// Runs every test/**/*.test.ts with Node's built-in test runner (tsx as the TypeScript loader).
// Node 20's `--test` does not expand globs, so the file list is gathered here.
// Usage: node scripts/run-tests.mjs [substring-filter ...]
// BERTCNN_FROM_SOURCE=1: tests that spawn bin/bertcnn.js run src/ through tsx, never a stale dist/ build.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...collect(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = collect('test').filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error(`no test files match ${filters.join(', ') || 'test/**/*.test.ts'}`);
  process.exit(1);
}
const reporter = process.stdout.isTTY ? 'spec' : 'spec';
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-reporter=${reporter}`, '--test-concurrency=2', ...files],
  { stdio: 'inherit', env: { ...process.env, BERTCNN_FROM_SOURCE: '1' } },
);
process.exit(r.status ?? 1);
