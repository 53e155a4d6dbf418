// Test helper (not a test): a throwaway redis-server on a free loopback port, in a temp folder, persisting nothing
// (--save '' --appendonly no); stopped when the test file ends. Returns null when Debian's `redis-server` package is
// not installed, so queue tests skip with that message (CI installs it, see .ci/run).
import { after } from 'node:test';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const NO_REDIS = 'redis-server not found: install the Debian package redis-server to run the queue tests';

export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.on('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.on('error', () => resolve(false));
  });
}

/** A running redis-server's URL, or null (skip) when the binary is missing. */
export async function startRedis(): Promise<string | null> {
  if (!hasRedisServer()) return null;
  const dir = mkdtempSync(join(tmpdir(), 'bertcnn-redis-'));
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  after(() => {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} on port ${port}`);
    if (await accepts(port)) return `redis://127.0.0.1:${port}`;
    await sleep(50);
  }
  throw new Error(`redis-server did not accept connections on port ${port} within 5 s`);
}
