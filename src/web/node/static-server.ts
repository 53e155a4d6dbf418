// A tiny static file server for an export folder prepared by `bertcnn web` (node:http, no dependencies):
//   GET / HEAD only (else 405); '/' and folders → index.html; anything outside the folder, dot files and missing
//   files → 404; Content-Type by extension — .wasm must be application/wasm for WebAssembly.instantiateStreaming,
//   .js/.mjs text/javascript for module scripts; .onnx and unknown types application/octet-stream.
//   Cache-Control: no-cache (re-exports are picked up on reload); X-Content-Type-Options: nosniff.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../../errors.ts';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.onnx': 'application/octet-stream',
};

export function mimeType(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** The file `urlPath` names inside `root`, or null when it would leave the folder or names a dot file. */
export function fileFor(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const file = resolve(root, `.${path.startsWith('/') ? path : `/${path}`}`);
  const rel = relative(root, file);
  if (rel.startsWith('..') || rel.split(sep).some((part) => part.startsWith('.'))) return null;
  return path.endsWith('/') ? join(file, 'index.html') : file;
}

export interface StaticServer {
  server: Server;
  /** http://host:port/ */
  url: string;
  close(): Promise<void>;
}

export async function serveFolder(dir: string, o: { host?: string; port?: number } = {}): Promise<StaticServer> {
  const root = resolve(dir);
  const host = o.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const send = (status: number, text: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : `${text}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed', { allow: 'GET, HEAD' });
    let file = fileFor(root, req.url ?? '/');
    if (!file) return send(404, 'not found');
    void (async () => {
      let s = await stat(file!).catch(() => null);
      if (s?.isDirectory()) {
        file = join(file!, 'index.html');
        s = await stat(file).catch(() => null);
      }
      if (!s?.isFile()) return send(404, 'not found');
      res.writeHead(200, {
        'content-type': mimeType(file!),
        'content-length': String(s.size),
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file!)
        .on('error', () => res.destroy())
        .pipe(res);
    })();
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      fail(
        e.code === 'EADDRINUSE'
          ? new UsageError(`port ${o.port} on ${host} is in use; pick another with --port (0 = any free port)`)
          : e,
      ),
    );
    server.listen(o.port ?? 8080, host, () => ok());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (o.port ?? 8080);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  return {
    server,
    url,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
