// A loopback mock of the Hugging Face Hub for download tests (node:http on 127.0.0.1, random port).
// Serves the endpoints our hub client uses, shaped like the real Hub's:
//   GET /api/models/<id>/revision/<rev>          → { _id, id, sha, siblings, … }   (modelInfo)
//   GET /api/models/<id>/tree/<rev>[?recursive]  → [{ type, path, oid, size, lfs? }] (listFiles)
//   GET|HEAD /<id>/resolve/<rev>/<path>          → bytes; Range (206 / 416), ETag, X-Repo-Commit, X-Linked-*
// Unknown repo → 404 {"error":"Repository not found"} (X-Error-Code: RepoNotFound); unknown revision → 404
// RevisionNotFound; unknown file → 404 EntryNotFound. `cutOnce(path, n)` makes the next GET of that file send n
// bytes and then drop the connection, to test resume. Every request is logged in `requests`.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MockRepo {
  id: string;
  /** 40-hex commit sha; derived from the id when omitted. */
  commit?: string;
  files: Record<string, Uint8Array | string>;
}

export interface LoggedRequest {
  method: string;
  path: string;
  range?: string;
  status: number;
}

export interface MockHub {
  url: string;
  requests: LoggedRequest[];
  /** The next GET of `<id>/resolve/…/<path>` sends `bytes` bytes then destroys the socket. */
  cutOnce(id: string, path: string, bytes: number): void;
  /** When true, Range headers are ignored (200 with the whole file), like some proxies. */
  ignoreRange: boolean;
  /** Requests that fetched the body of `path` (GET on a resolve URL). */
  downloadsOf(path: string): LoggedRequest[];
  close(): Promise<void>;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const gitSha1 = (b: Uint8Array) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');
/** Like the Hub: weights and other big binaries are LFS files; JSON/text files are plain git files. */
const isLfs = (path: string) => /\.(safetensors|bin|h5|msgpack|onnx|pt)$/.test(path);

interface Served {
  repo: MockRepo;
  commit: string;
  files: Map<string, Buffer>;
}

export async function startMockHub(repos: MockRepo[]): Promise<MockHub> {
  const served = new Map<string, Served>();
  for (const r of repos) {
    const commit = r.commit ?? createHash('sha1').update(`commit:${r.id}`).digest('hex');
    served.set(r.id, { repo: r, commit, files: new Map(Object.entries(r.files).map(([p, c]) => [p, Buffer.from(c)])) });
  }
  const requests: LoggedRequest[] = [];
  const cuts = new Map<string, number>();
  const state = { ignoreRange: false };

  const json = (res: ServerResponse, status: number, body: unknown, errorCode?: string) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...(errorCode ? { 'X-Error-Code': errorCode } : {}) });
    res.end(JSON.stringify(body));
  };
  const findRepo = (res: ServerResponse, id: string, rev: string): Served | undefined => {
    const s = served.get(id);
    if (!s) return void json(res, 404, { error: 'Repository not found' }, 'RepoNotFound');
    if (rev !== 'main' && rev !== 'HEAD' && rev !== s.commit)
      return void json(res, 404, { error: `Invalid rev id: ${rev}` }, 'RevisionNotFound');
    return s;
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    const api = /^\/api\/models\/(.+?)\/(revision|tree)\/([^/]+)(?:\/(.*))?$/.exec(path);
    if (api) {
      const [, id, kind, rev] = api as unknown as [string, string, string, string];
      const s = findRepo(res, id, rev);
      if (!s) return;
      if (kind === 'revision') {
        const siblings = [...s.files.keys()].map((rfilename) => ({ rfilename }));
        return json(res, 200, {
          _id: `mock-${id}`,
          id,
          sha: s.commit,
          private: false,
          gated: false,
          downloads: 0,
          likes: 0,
          lastModified: '2024-01-01T00:00:00.000Z',
          siblings,
        });
      }
      const entries: unknown[] = [];
      const dirs = new Set<string>();
      for (const [p, content] of s.files) {
        for (let i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) dirs.add(p.slice(0, i));
        const lfs = isLfs(p) ? { oid: sha256(content), size: content.length, pointerSize: 134 } : undefined;
        entries.push({
          type: 'file',
          oid: gitSha1(lfs ? Buffer.from(`pointer ${lfs.oid}`) : content),
          size: content.length,
          path: p,
          ...(lfs ? { lfs } : {}),
        });
      }
      for (const d of dirs) entries.push({ type: 'directory', oid: gitSha1(Buffer.from(d)), size: 0, path: d });
      return json(res, 200, entries);
    }
    const resolve = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (!resolve) return json(res, 404, { error: 'no such endpoint' });
    const [, id, rev, file] = resolve as unknown as [string, string, string, string];
    const s = findRepo(res, id, rev);
    if (!s) return;
    const content = s.files.get(file);
    if (!content) return json(res, 404, { error: 'Entry not found' }, 'EntryNotFound');
    const etag = isLfs(file) ? sha256(content) : gitSha1(content);
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/octet-stream',
      'Accept-Ranges': 'bytes',
      ETag: `"${etag}"`,
      'X-Repo-Commit': s.commit,
      ...(isLfs(file) ? { 'X-Linked-Etag': `"${etag}"`, 'X-Linked-Size': content.length } : {}),
    };
    let body = content;
    let status = 200;
    const range = state.ignoreRange ? undefined : req.headers.range;
    if (range) {
      const m = /^bytes=(\d+)-(\d*)$/.exec(range);
      const start = m ? Number(m[1]) : NaN;
      const end = m && m[2] ? Math.min(Number(m[2]), content.length - 1) : content.length - 1;
      if (!m || start >= content.length || start > end) {
        res.writeHead(416, { 'Content-Range': `bytes */${content.length}` });
        return res.end();
      }
      body = content.subarray(start, end + 1);
      status = 206;
      headers['Content-Range'] = `bytes ${start}-${end}/${content.length}`;
    }
    res.writeHead(status, { ...headers, 'Content-Length': body.length });
    if (req.method === 'HEAD') return res.end();
    const cutKey = `${id}/${file}`;
    const cut = cuts.get(cutKey);
    if (cut !== undefined) {
      cuts.delete(cutKey);
      return res.write(body.subarray(0, cut), () => setTimeout(() => res.socket?.destroy(), 20));
    }
    res.end(body);
  };

  const server = createServer((req, res) => {
    const entry: LoggedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname),
      status: 0,
    };
    if (req.headers.range) entry.range = req.headers.range;
    requests.push(entry);
    handle(req, res);
    entry.status = res.statusCode;
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get ignoreRange() {
      return state.ignoreRange;
    },
    set ignoreRange(v: boolean) {
      state.ignoreRange = v;
    },
    cutOnce: (id, path, bytes) => void cuts.set(`${id}/${path}`, bytes),
    downloadsOf: (path) =>
      requests.filter((r) => r.method === 'GET' && r.path.includes('/resolve/') && r.path.endsWith(`/${path}`)),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
