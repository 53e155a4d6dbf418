// The HTTP JSON API over a served model (fastify). Single requests are micro-batched (MicroBatcher) into one
// model call. Endpoints:
//   POST /v1/predict  {"texts": ["…", …]} or {"text": "…"} → {"predictions": [{"text", "label" | "labels",
//                     "probabilities"}], "model": {"name", "task"}} — per text what `bertcnn predict` prints;
//                     NER runs: [{"text", "words", "tags", "entities": [{type, start, end, char_start, char_end,
//                     text}]}], the character offsets into that text
//   GET  /v1/model    the run's kind and config summary (task, labels, encoder, head) and metrics.json
//   GET  /health      200 {"status": "ok", …batching counters} while the model is loaded
// Errors are {"error": {"code", "message"}} for every status: 400 invalid_request (names the field or
// the --max-texts limit), 413 body_too_large / text_too_long (the limit in the message), 415 unsupported_media_type
// (anything but application/json, text/plain included), 404 not_found, 405 method_not_allowed (+ Allow),
// 431 / 400 from Node's HTTP parser (clientError), 408 request_timeout (a request not received in full in time), 503 overloaded (+ Retry-After) / shutting_down, 500 internal.
// Bounded work per request: at most maxTexts texts of at most maxTextChars characters each; the tokenizer then
// reads only a character budget of each (src/tokenize/encode-batch.ts), so a 1 MB text costs what a full-length
// one does. The model call blocks the thread it runs on (onnxruntime-node's session.run is synchronous): `bertcnn
// serve` loads the model on a worker thread (./model-thread.ts) so /health never waits for it.
// close() (fastify's) lets in-flight requests finish: queued texts run at once; every request already on a
// connection gets an answer (503 shutting_down once closing, in the error shape, with Connection: close); only
// keep-alive sockets idle after their last answer are dropped (./connections.ts). The caller owns the model and
// closes it afterwards.
import { createServer as createHttpServer, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { UsageError } from '../errors.ts';
import { BatcherClosedError, MicroBatcher, QueueFullError } from './batcher.ts';
import type { ServedModel } from './model.ts';
import type { RunPrediction } from '../runs/run.ts';
import { trackConnections, type ConnectionCounts, type ConnectionTracker } from './connections.ts';
import { parsePredictRequest } from './request.ts';

export interface ServerOptions {
  /** Most texts per model call. Default 32. */
  maxBatch?: number;
  /** Longest wait for a batch to fill, ms. Default 5. */
  maxWaitMs?: number;
  /** Most texts in one request. Default 256. */
  maxTexts?: number;
  /** Longest text, in characters (UTF-16 units) → 413 text_too_long beyond. Default 100,000. */
  maxTextChars?: number;
  /** Most texts waiting for the model (→ 503 beyond). Default max(1024, maxTexts). */
  maxQueue?: number;
  /** Largest request body, bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** Retry-After on 503 overloaded, seconds. Default 1. */
  retryAfterSeconds?: number;
  /** Closing keeps listening (answering 503 shutting_down) until no connection arrived for this long, ms, so the
   *  listener closes with an empty accept queue (a connection still queued there would be reset). Default 250. */
  drainQuietMs?: number;
  /** …but no longer than this, ms. Default 5,000. */
  drainMaxMs?: number;
  /** Longest time to receive a whole request (headers and body), ms → 408 request_timeout. A client that sends
   *  less body than its Content-Length would otherwise hold its socket forever. Default 30,000. */
  requestTimeoutMs?: number;
  /** Called with unexpected (500) errors, e.g. to log them. */
  onError?(e: unknown): void;
}

export const SERVER_DEFAULTS = {
  maxBatch: 32,
  maxWaitMs: 5,
  maxTexts: 256,
  maxTextChars: 100_000,
  bodyLimit: 1 << 20,
  requestTimeoutMs: 30_000,
} as const;

/** Routes and their methods (for 405 + Allow). */
const ROUTES: Record<string, string[]> = {
  '/v1/predict': ['POST'],
  '/v1/model': ['GET', 'HEAD'],
  '/health': ['GET', 'HEAD'],
};

/** A raw HTTP error reply in the API's error shape, for errors Node's parser raises before fastify sees a request. */
export function rawErrorReply(status: number, code: string, message: string): string {
  const body = JSON.stringify({ error: { code, message } });
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`${name} must be a positive integer, got ${v}`);
  return v;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ error: { code, message } });
}

/** Waits until no connection has been accepted for `quietMs` (at most `maxMs`). */
async function drain(connections: ConnectionTracker, quietMs: number, maxMs: number): Promise<void> {
  const until = performance.now() + maxMs;
  while (performance.now() < until && performance.now() - connections.lastAcceptedAt < quietMs)
    await new Promise((r) => setTimeout(r, Math.min(50, quietMs)));
}

const countsOf = new WeakMap<FastifyInstance, Readonly<ConnectionCounts>>();

/** What a server made by createServer did with its connections so far (accepted, answered, closed unanswered). */
export function connectionCounts(app: FastifyInstance): Readonly<ConnectionCounts> {
  const c = countsOf.get(app);
  if (!c) throw new Error('connectionCounts: not a server made by createServer');
  return c;
}

export function createServer(model: ServedModel, opts: ServerOptions = {}): FastifyInstance {
  const maxBatch = positiveInt('max batch', opts.maxBatch ?? SERVER_DEFAULTS.maxBatch);
  const maxTexts = positiveInt('max texts', opts.maxTexts ?? SERVER_DEFAULTS.maxTexts);
  const maxTextChars = positiveInt('max text chars', opts.maxTextChars ?? SERVER_DEFAULTS.maxTextChars);
  const maxQueue = positiveInt('max queue', opts.maxQueue ?? Math.max(1024, maxTexts));
  const bodyLimit = positiveInt('body limit', opts.bodyLimit ?? SERVER_DEFAULTS.bodyLimit);
  const maxWaitMs = opts.maxWaitMs ?? SERVER_DEFAULTS.maxWaitMs;
  const requestTimeoutMs = positiveInt('request timeout', opts.requestTimeoutMs ?? SERVER_DEFAULTS.requestTimeoutMs);
  if (!(Number.isFinite(maxWaitMs) && maxWaitMs >= 0))
    throw new UsageError(`max wait must be ≥ 0 ms, got ${maxWaitMs}`);
  if (maxQueue < maxTexts)
    throw new UsageError(`max queue (${maxQueue}) must be ≥ max texts per request (${maxTexts})`);

  const batcher = new MicroBatcher<string, RunPrediction>({
    maxBatch,
    maxWaitMs,
    maxQueue,
    retryAfterSeconds: opts.retryAfterSeconds ?? 1,
    run: (texts) => model.predict(texts),
  });
  const app = Fastify({
    bodyLimit,
    logger: false,
    // Closing drops only answered idle keep-alive sockets (below), never one whose request is still to be read;
    // requests that arrive while closing reach the routes and get 503 shutting_down in the error shape (fastify's
    // own 503 has another body).
    forceCloseConnections: false,
    return503OnClosing: false,
    // Node checks request timeouts only every connectionsCheckingInterval (30 s by default): check often enough
    // that a stalled request is answered close to its deadline.
    serverFactory: (handler) =>
      createHttpServer(
        {
          requestTimeout: requestTimeoutMs,
          headersTimeout: Math.min(requestTimeoutMs, 60_000),
          connectionsCheckingInterval: Math.max(50, Math.min(1_000, requestTimeoutMs / 4)),
        },
        handler,
      ),
    // Errors of Node's HTTP parser (431 header too large, 400 malformed request) in the same body shape.
    clientErrorHandler: (err: NodeJS.ErrnoException, socket: Socket) => {
      if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy(err);
      if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT')
        return void socket.end(
          rawErrorReply(
            408,
            'request_timeout',
            `the request was not received in full within ${requestTimeoutMs} ms (a body shorter than its Content-Length?)`,
          ),
        );
      const large = err.code === 'HPE_HEADER_OVERFLOW';
      const reply = large
        ? rawErrorReply(
            431,
            'headers_too_large',
            'request header fields are too large (Node --max-http-header-size, 16 KiB by default)',
          )
        : rawErrorReply(400, 'bad_request', `malformed HTTP request: ${err.message}`);
      socket.end(reply);
    },
  });
  // Only JSON bodies: fastify's built-in text/plain parser would turn a text/plain body into a string (→ 400).
  app.removeContentTypeParser('text/plain');
  // JSON decoded strictly: invalid UTF-8 is a 400, never U+FFFD silently put into a text (fastify's own parser,
  // with its __proto__ / constructor poisoning checks, then reads the decoded string).
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      return done(Object.assign(new Error('body is not valid UTF-8'), { statusCode: 400 }), undefined);
    }
    json(req, text, done);
  });
  // No decompression: a compressed body would otherwise be parsed as if it were plain JSON.
  app.addHook('onRequest', async (req, reply) => {
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity')
      return sendError(
        reply,
        415,
        'unsupported_media_type',
        `Content-Encoding '${encoding}' is not supported; send the JSON body uncompressed`,
      );
  });
  let closing = false; // set by preClose (below)
  const connections = trackConnections(app.server);
  countsOf.set(app, connections.counts);
  const modelRef = { name: model.info.name, task: model.info.task.kind };

  app.post('/v1/predict', async (req, reply) => {
    const parsed = parsePredictRequest(req.body, maxTexts, maxTextChars);
    if (!parsed.ok) return sendError(reply, parsed.status, parsed.code, parsed.message);
    try {
      const rows = await batcher.submit(parsed.texts);
      return { predictions: rows.map((p, i) => ({ text: parsed.texts[i]!, ...p })), model: modelRef };
    } catch (e) {
      if (e instanceof QueueFullError) {
        reply.header('retry-after', String(e.retryAfterSeconds));
        return sendError(reply, 503, 'overloaded', e.message);
      }
      if (e instanceof BatcherClosedError) return sendError(reply, 503, 'shutting_down', e.message);
      throw e;
    }
  });

  app.get('/v1/model', async () => ({
    ...model.info,
    serving: { maxBatch, maxWaitMs, maxTexts, maxTextChars, maxQueue, bodyLimit },
  }));

  // While closing, /health says so (503), so a load balancer stops sending before the listener goes away.
  app.get('/health', async (_req, reply) =>
    closing
      ? sendError(reply, 503, 'shutting_down', 'the server is shutting down')
      : { status: 'ok', model: model.info.name, ...batcher.stats },
  );

  app.setNotFoundHandler((req, reply) => {
    const allowed = ROUTES[req.url.split('?')[0]!];
    if (allowed) {
      reply.header('allow', allowed.join(', '));
      return sendError(
        reply,
        405,
        'method_not_allowed',
        `${req.method} is not allowed on ${req.url}; use ${allowed[0]}`,
      );
    }
    return sendError(
      reply,
      404,
      'not_found',
      `no route ${req.method} ${req.url}; try POST /v1/predict, GET /v1/model, GET /health`,
    );
  });

  app.setErrorHandler((err: FastifyError, _req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return sendError(reply, 413, 'body_too_large', `request body is larger than ${bodyLimit} bytes (--body-limit)`);
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return sendError(reply, 415, 'unsupported_media_type', `${err.message}; send Content-Type: application/json`);
    if (
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      err instanceof SyntaxError
    )
      return sendError(reply, 400, 'invalid_request', `body is not valid JSON: ${err.message}`);
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendError(reply, status, 'invalid_request', err.message);
    opts.onError?.(err);
    return sendError(reply, 500, 'internal', `prediction failed: ${err.message}`);
  });

  // Closing: run what is queued at once (no waiting for the window), and ask keep-alive clients to hang up after
  // their last reply, so server.close() does not wait out the keep-alive timeout of idle sockets.
  app.addHook('preClose', async () => {
    closing = true;
    connections.dropIdleAnswered();
    await batcher.close();
    if (app.server.listening) await drain(connections, opts.drainQuietMs ?? 250, opts.drainMaxMs ?? 5_000);
  });
  app.addHook('onSend', async (_req, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  return app;
}
