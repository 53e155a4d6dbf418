// `bertcnn serve RUN_DIR`: serves a trained run of any kind over HTTP (src/serve: POST /v1/predict, GET /v1/model,
// GET /health) with micro-batching: classification and kim2014 runs answer {label | labels, probabilities} per
// text, NER runs {words, tags, entities} with character offsets into each text (src/runs/run.ts). Prints the URL and an example curl on stdout; --port 0 picks a free port.
// SIGINT/SIGTERM close gracefully: no new requests, in-flight ones finish, then the model is released (a second
// signal exits at once; connections still open after 10 s are dropped).
import type { Command } from 'commander';
import { loadServedModel } from '../../serve/model.ts';
import { connectionCounts, createServer, SERVER_DEFAULTS } from '../../serve/server.ts';
import { UsageError } from '../../errors.ts';
import { int, num } from '../flags.ts';

interface ServeFlags {
  allowIncomplete?: boolean;
  host: string;
  port: string;
  maxBatch: string;
  maxWaitMs: string;
  maxTexts: string;
  maxTextChars: string;
  maxQueue?: string;
  bodyLimit: string;
  requestTimeoutMs: string;
  threshold?: string;
  quiet?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve a trained run over HTTP: POST /v1/predict {"texts": [...]}, GET /v1/model, GET /health')
    .argument('<run>', 'run folder written by bertcnn train')
    .option('--host <host>', 'interface to listen on (0.0.0.0 = every interface)', '127.0.0.1')
    .option('--port <n>', 'TCP port (0 = pick a free one)', '8080')
    .option('--max-batch <n>', 'most texts per model call', String(SERVER_DEFAULTS.maxBatch))
    .option('--max-wait-ms <ms>', 'longest wait for a batch to fill', String(SERVER_DEFAULTS.maxWaitMs))
    .option('--max-texts <n>', 'most texts in one request', String(SERVER_DEFAULTS.maxTexts))
    .option('--max-text-chars <n>', 'longest text in characters (413 beyond)', String(SERVER_DEFAULTS.maxTextChars))
    .option('--max-queue <n>', 'most texts waiting for the model before 503 (default: max(1024, --max-texts))')
    .option('--body-limit <bytes>', 'largest request body', String(SERVER_DEFAULTS.bodyLimit))
    .option(
      '--request-timeout-ms <ms>',
      'longest time to receive a whole request (408 beyond)',
      String(SERVER_DEFAULTS.requestTimeoutMs),
    )
    .option('--threshold <p>', 'decision threshold for binary / multi-label runs (default: the run’s, else 0.5)')
    .option('--allow-incomplete', 'use a run whose training did not finish (default: refuse it, naming its status)')
    .option('--quiet', 'print only the URL')
    .action((run: string, o: ServeFlags) => runServe(run, o));
}

/** How long a graceful shutdown waits for open connections before dropping them. */
const CLOSE_GRACE_MS = 10_000;

export async function runServe(runDir: string, o: ServeFlags): Promise<void> {
  const port = int('--port', o.port);
  if (port < 0 || port > 65535) throw new UsageError(`--port must be in 0..65535, got ${port}`);
  // Checked here, naming the flag, before the run loads (a model load takes seconds; createServer checks again).
  const positive = (flag: string, v: string) => {
    const n = int(flag, v);
    if (n < 1) throw new UsageError(`${flag} must be a positive integer, got ${n}`);
    return n;
  };
  const maxBatch = positive('--max-batch', o.maxBatch);
  const opts = {
    maxBatch,
    maxWaitMs: num('--max-wait-ms', o.maxWaitMs),
    maxTexts: positive('--max-texts', o.maxTexts),
    maxTextChars: positive('--max-text-chars', o.maxTextChars),
    maxQueue: o.maxQueue === undefined ? undefined : positive('--max-queue', o.maxQueue),
    bodyLimit: positive('--body-limit', o.bodyLimit),
    requestTimeoutMs: positive('--request-timeout-ms', o.requestTimeoutMs),
    onError: (e: unknown) => process.stderr.write(`bertcnn serve: ${(e as Error).stack ?? String(e)}\n`),
  };
  if (opts.maxWaitMs < 0) throw new UsageError(`--max-wait-ms must be ≥ 0, got ${opts.maxWaitMs}`);
  if (opts.maxQueue !== undefined && opts.maxQueue < opts.maxTexts)
    throw new UsageError(`--max-queue (${opts.maxQueue}) must be ≥ --max-texts (${opts.maxTexts})`);
  const threshold = o.threshold === undefined ? undefined : num('--threshold', o.threshold);
  const say = (s: string) => {
    if (!o.quiet) process.stderr.write(`${s}\n`);
  };
  const model = await loadServedModel(runDir, {
    thread: true, // inference off the event loop: /health and request parsing never wait for a batch
    threshold,
    maxBatch,
    allowIncomplete: o.allowIncomplete,
    onWarning: (m) => say(`warning: ${m}`),
  });
  let app: ReturnType<typeof createServer>;
  try {
    app = createServer(model, opts);
    await app.listen({ host: o.host, port });
  } catch (e) {
    await model.close();
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new UsageError(`port ${port} on ${o.host} is in use; pick another with --port (0 = any free port)`);
    throw e;
  }
  const addr = app.server.address();
  const bound = typeof addr === 'object' && addr ? addr.port : port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  const url = `http://${host}:${bound}`;
  console.log(`Serving ${runDir} (${model.info.task.kind}: ${model.info.task.labels.join(', ')}) at ${url}`);
  if (!o.quiet) {
    console.log(`  curl -s ${url}/v1/predict -H 'content-type: application/json' -d '{"texts": ["a great film"]}'`);
    console.log(`  GET ${url}/v1/model · GET ${url}/health · Ctrl-C to stop`);
  }
  await new Promise<void>((resolveStopped) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stderr.write(`\nbertcnn serve: ${signal} again — exiting now\n`);
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
      stopping = true;
      say(`\n${signal}: closing (finishing in-flight requests)…`);
      // Clients that keep a connection open without a request in flight do not hold the shutdown up for long.
      setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      app
        .close()
        .then(() => model.close())
        .catch((e: unknown) => process.stderr.write(`bertcnn serve: ${(e as Error).message}\n`))
        .finally(() => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          const c = connectionCounts(app);
          say(
            `stopped: ${c.answered} request(s) answered on ${c.accepted} connection(s), ${c.unanswered} closed unanswered`,
          );
          resolveStopped();
        });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
