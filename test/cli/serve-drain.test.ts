// `bertcnn serve` shutting down under load (issue #17): 64 clients without keep-alive (a new connection per
// request) post without pause; SIGTERM arrives mid-flood. Every request the server accepted must get an HTTP
// answer — its predictions, or 503 shutting_down in the error shape — and later ones a refused connection; none
// may see its connection reset (before: 55 of 581 got ECONNRESET, because closing dropped connections that were
// accepted but whose request had not been read yet).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixture, spawnBertcnn, trainTiny } from './cli-helpers.ts';

const fx = await fixture('serve-drain', { train: 48, dev: 16 });
const run = join(fx.root, 'run');

type Outcome = { status: number; code?: string } | { error: string };

/** One POST on a fresh connection (Connection: close); its status and error code, or the socket error. */
function post(port: number, i: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ texts: [`text ${i}: the film was fine`] });
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/predict',
        agent: false,
        headers: { 'content-type': 'application/json', connection: 'close', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += String(d)));
        res.on('end', () => {
          const code =
            res.statusCode === 200 ? undefined : (JSON.parse(text) as { error: { code: string } }).error.code;
          resolve({ status: res.statusCode!, code });
        });
        res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end(body);
  });
}

test('serve: SIGTERM under a flood of 64 non-keep-alive clients answers the request on every connection it accepted (200 or 503), drops none', async () => {
  const t = await trainTiny(fx, run);
  assert.equal(t.code, 0, t.err);
  const serve = spawnBertcnn(['serve', run, '--port', '0']);
  const { child, exited } = serve;
  try {
    const deadline = Date.now() + 60_000;
    const port = Number((await serve.waitFor(/:(\d+)\s*$/m))[1]);
    const outcomes: Outcome[] = [];
    let stopped = false;
    // Each client posts until it is told the server is shutting down (503) or its connection is refused.
    const clients = Array.from({ length: 64 }, async (_, c) => {
      for (let i = 0; ; i++) {
        const o = await post(port, c * 100_000 + i);
        outcomes.push(o);
        if ('error' in o || o.status === 503 || stopped) return;
      }
    });
    // SIGTERM once the flood is under way (a few hundred answers), as in the issue.
    while (outcomes.filter((o) => 'status' in o && o.status === 200).length < 200) {
      assert.ok(
        Date.now() < deadline,
        `the flood never got going: ${JSON.stringify(outcomes.slice(-3))}\n${serve.err()}`,
      );
      await sleep(20);
    }
    child.kill('SIGTERM');
    assert.equal(await exited, 0, serve.err());
    stopped = true;
    await Promise.all(clients);
    const tally = new Map<string, number>();
    for (const o of outcomes) {
      const k = 'error' in o ? o.error : `${o.status}${o.code ? ` ${o.code}` : ''}`;
      tally.set(k, (tally.get(k) ?? 0) + 1);
    }
    const allowed = new Set(['200', '503 shutting_down', 'ECONNREFUSED']);
    assert.deepEqual(
      [...tally].filter(([k]) => !allowed.has(k)),
      [],
      `outcomes: ${JSON.stringify([...tally])}\n${serve.err()}`,
    );
    // What the server says it did agrees: every connection it accepted was answered.
    const stoppedLine = /stopped: (\d+) request\(s\) answered on (\d+) connection\(s\), (\d+) closed unanswered/.exec(
      serve.err(),
    );
    assert.ok(stoppedLine, serve.err());
    const [answered, accepted, unanswered] = stoppedLine.slice(1).map(Number);
    assert.equal(unanswered, 0);
    assert.equal(answered, (tally.get('200') ?? 0) + (tally.get('503 shutting_down') ?? 0));
    assert.equal(accepted, answered, 'one connection per request');
    assert.ok((tally.get('200') ?? 0) >= 200);
    assert.equal((tally.get('503 shutting_down') ?? 0) + (tally.get('ECONNREFUSED') ?? 0), 64, 'each client ends once');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
