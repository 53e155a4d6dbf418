// Runs one case of the bad-input matrix and records what it showed: exit code / HTTP status / job outcome and the
// message (temp paths shortened), plus the whole transcript for the no-stack-trace and error-shape checks.
// The HTTP server and the queue handler over the shared run are opened on first use; closeShared() ends them.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openEmbedHandler } from '../../src/queue/embed-handler.ts';
import { openPredictHandler } from '../../src/queue/predict-handler.ts';
import type { JobData } from '../../src/queue/payload.ts';
import type { JobHandler } from '../../src/queue/worker.ts';
import { loadServedModel, type ServedModel } from '../../src/serve/model.ts';
import { createServer } from '../../src/serve/server.ts';
import { cli } from '../cli/cli-helpers.ts';
import type { Action, Ctx, Observation, RobustCase } from './types.ts';

const REPO = join(import.meta.dirname, '..', '..');
const BIN = join(REPO, 'bin', 'bertcnn.js');

/** Limits of the shared server, small so that the limit cases stay cheap. */
export const SERVER_LIMITS = {
  maxTexts: 4,
  maxTextChars: 1000,
  bodyLimit: 64 * 1024,
  maxBatch: 4,
  requestTimeoutMs: 800, // under rawRequest's 2 s wait, so a stalled request's 408 is seen
};

let served: { model: ServedModel; app: FastifyInstance; port: number } | undefined;
let handler: JobHandler | undefined;
let embedHandler: JobHandler | undefined;
/** The embed worker's features: `bertcnn worker --encoder M` with embed's defaults (last layer, mean pooling). */
const EMBED_FEATURES = {
  layers: { layers: 'last' as const },
  pooling: 'mean' as const,
  tokens: true,
  precision: 'fp32' as const,
};

async function server(ctx: Ctx) {
  if (!served) {
    const model = await loadServedModel(await ctx.run(), { onWarning: () => {} });
    const app = createServer(model, SERVER_LIMITS);
    await app.listen({ host: '127.0.0.1', port: 0 });
    served = { model, app, port: (app.server.address() as { port: number }).port };
  }
  return served;
}

export async function closeShared(): Promise<void> {
  if (served) {
    await served.app.close();
    await served.model.close();
    served = undefined;
  }
  await handler?.close();
  handler = undefined;
  await embedHandler?.close();
  embedHandler = undefined;
}

/** A file-system-safe folder name for a case. */
export const slug = (c: RobustCase) => `${c.kind}-${c.name}`.replace(/[^a-zA-Z0-9]+/g, '-').slice(0, 80);

/**
 * Error lines of a CLI run: from the last `bertcnn: …` / commander `error: …` line on. When it passed: its warnings,
 * else its last stderr line (the summary), else its first line of output.
 */
function cliMessage(code: number, err: string, out: string): string {
  const lines = err.split('\n');
  if (code !== 0) {
    for (let i = lines.length - 1; i >= 0; i--)
      if (/^(bertcnn: |error: )/.test(lines[i]!)) return lines.slice(i).join('\n').trim();
    return err.trim() || out.trim();
  }
  const warnings = lines.filter((l) => /warning|notice|skipp/i.test(l));
  if (warnings.length > 0) return warnings.join('\n').trim();
  const last = lines.map((l) => l.trim()).filter(Boolean);
  return last.at(-1) ?? out.trim().split('\n')[0] ?? '';
}

/** Reads a raw HTTP reply from the shared server: status and body; status 0 when nothing came back within 2 s. */
function rawRequest(port: number, bytes: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let got = '';
    const done = () => {
      clearTimeout(timer);
      s.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (!m && got === '') return resolve({ status: 0, body: 'no reply within 2 s; the connection stayed open' });
      if (!m) return reject(new Error(`not an HTTP reply: ${JSON.stringify(got.slice(0, 200))}`));
      const sep = got.indexOf('\r\n\r\n');
      resolve({ status: Number(m[1]), body: sep < 0 ? '' : got.slice(sep + 4) });
    };
    const timer = setTimeout(done, 2000);
    s.on('data', (d) => {
      got += d.toString('latin1');
      const sep = got.indexOf('\r\n\r\n');
      const len = /content-length: (\d+)/i.exec(got.slice(0, sep));
      if (sep >= 0 && len && got.length - sep - 4 >= Number(len[1])) done();
    });
    s.on('end', done);
    s.on('error', () => done());
    s.write(bytes);
  });
}

/** The error message of an HTTP body in the API's shape, and whether the shape is exactly {"error":{code,message}}. */
function httpMessage(body: string): { message: string; shape: boolean } {
  try {
    const v = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    const shape =
      Object.keys(v).length === 1 &&
      typeof v.error === 'object' &&
      v.error !== null &&
      Object.keys(v.error).sort().join() === 'code,message' &&
      typeof v.error.code === 'string' &&
      typeof v.error.message === 'string';
    return { message: shape ? `${v.error!.code as string}: ${v.error!.message as string}` : body, shape };
  } catch {
    return { message: body, shape: false };
  }
}

async function perform(action: Action, ctx: Ctx): Promise<Omit<Observation, 'ms'>> {
  if ('argv' in action) {
    const r = await cli(action.argv);
    return { exit: r.code, message: cliMessage(r.code, r.err, r.out), transcript: r.err };
  }
  if ('http' in action) {
    const { app } = await server(ctx);
    const r = await app.inject(action.http);
    const { message, shape } = httpMessage(r.body);
    return { status: r.statusCode, message, transcript: r.body, errorShape: r.statusCode >= 400 ? shape : undefined };
  }
  if ('raw' in action) {
    const { port } = await server(ctx);
    const r = await rawRequest(port, action.raw);
    const { message, shape } = httpMessage(r.body);
    return { status: r.status, message, transcript: r.body, errorShape: r.status >= 400 ? shape : undefined };
  }
  if ('job' in action) {
    const h =
      action.worker === 'embed'
        ? (embedHandler ??= await openEmbedHandler(ctx.model, EMBED_FEATURES, { threads: 1 }))
        : (handler ??= await openPredictHandler(await ctx.run(), { onWarning: () => {} }));
    try {
      const v = await h.handle(action.job as JobData);
      return { job: 'done', message: JSON.stringify(v).slice(0, 200), transcript: '' };
    } catch (e) {
      const err = e as Error;
      return { job: 'failed', message: err.message, transcript: `${err.name}: ${err.message}` };
    }
  }
  const quoted = action.pipe.argv.map((a) => `'${a}'`).join(' ');
  const errFile = join(ctx.root, 'pipe-stderr.txt');
  const cmd = `"${process.execPath}" "${BIN}" ${quoted} 2>"${errFile}" | ${action.pipe.reader}; echo "status=\${PIPESTATUS[0]}"; cat "${errFile}" >&2`;
  const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8', env: { ...process.env, BERTCNN_FROM_SOURCE: '1' } });
  const m = /status=(\d+)\n$/.exec(r.stdout);
  const out = m ? r.stdout.slice(0, m.index) : r.stdout;
  const lines = out.split('\n').filter(Boolean).length;
  return {
    exit: m ? Number(m[1]) : -1,
    message: `${lines} line(s) reached the reader; stderr: ${r.stderr.trim() || 'empty'}`,
    transcript: r.stderr,
  };
}

/** Shortens temp paths: the case's own folder disappears, the shared root becomes `…`, the repo root goes. */
function shorten(text: string, caseDir: string, ctx: Ctx): string {
  return text
    .split(`${caseDir}/`)
    .join('')
    .split(caseDir)
    .join('.')
    .split(ctx.root)
    .join('…')
    .split(`${REPO}/`)
    .join('');
}

export async function observe(c: RobustCase, ctx: Ctx): Promise<Observation> {
  const dir = join(ctx.root, 'cases', slug(c));
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const action = await c.make(dir, ctx);
  const o = await perform(action, ctx);
  return {
    ...o,
    message: shorten(o.message, dir, ctx),
    transcript: shorten(o.transcript, dir, ctx),
    ms: performance.now() - t0,
  };
}

/** Problems with an observation against its case's expectation (empty: the case passes). */
export function mismatches(c: RobustCase, o: Observation): string[] {
  const bad: string[] = [];
  const e = c.expect;
  if (e.exit !== undefined && o.exit !== e.exit) bad.push(`exit ${o.exit}, expected ${e.exit}`);
  if (e.status !== undefined && o.status !== e.status) bad.push(`HTTP ${o.status}, expected ${e.status}`);
  if (e.job !== undefined && o.job !== e.job) bad.push(`job ${o.job}, expected ${e.job}`);
  if (!e.message.test(o.message)) bad.push(`message does not match ${e.message}`);
  if (/^\s+at .+:\d+:\d+\)?$/m.test(o.transcript)) bad.push('a stack trace was printed');
  if (o.errorShape === false) bad.push('the error body is not {"error": {"code", "message"}}');
  return bad;
}

/** The observed outcome as the doc's last column: `exit 2`, `HTTP 413`, `job failed`. */
export function outcome(o: Observation): string {
  if (o.status !== undefined) return `HTTP ${o.status}`;
  if (o.job !== undefined) return `job ${o.job}`;
  return `exit ${o.exit}`;
}
