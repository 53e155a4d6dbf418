// Redis connections for BullMQ. connectRedis(url) first probes the server with a short-lived client that never
// retries (a refused or silent address fails within CONNECT_TIMEOUT_MS with an error naming the URL, instead of
// ioredis' default of retrying forever), then hands out clients for BullMQ: Workers and QueueEvents block on
// Redis and need maxRetriesPerRequest null; every client reports errors once per distinct message through onError.
import { Redis } from 'ioredis';
import { UsageError } from '../errors.ts';

export const CONNECT_TIMEOUT_MS = 3000;

export interface RedisLink {
  readonly url: string;
  /** A new client for a BullMQ Queue / Worker / QueueEvents (BullMQ closes it with the object). */
  client(): Redis;
  /** Disconnects every client still open (BullMQ normally quits them when its objects close). */
  close(): void;
}

/** `redis://[user:pass@]host:port[/db]` (or rediss:// for TLS); anything else is a usage error. */
export function checkRedisUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`--redis must be a URL like redis://127.0.0.1:6379, got '${url}'`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new UsageError(`--redis must start with redis:// or rediss://, got '${url}'`);
  return url;
}

/** A URL safe to print (no password). */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

export async function connectRedis(url: string, onError: (message: string) => void = () => {}): Promise<RedisLink> {
  checkRedisUrl(url);
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  probe.on('error', () => {}); // reported below, through connect()'s rejection
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    throw new Error(
      `cannot reach Redis at ${shownUrl(url)}: ${(e as Error).message || String(e)} (is redis-server running there?)`,
    );
  } finally {
    probe.disconnect();
  }
  const seen = new Set<string>();
  const clients: Redis[] = [];
  return {
    url,
    close() {
      for (const c of clients) if (c.status !== 'end') c.disconnect();
    },
    client() {
      const c = new Redis(url, { maxRetriesPerRequest: null, connectTimeout: CONNECT_TIMEOUT_MS });
      clients.push(c);
      c.on('error', (e: Error) => {
        if (seen.has(e.message)) return;
        seen.add(e.message);
        onError(`Redis ${shownUrl(url)}: ${e.message}`);
      });
      return c;
    },
  };
}
