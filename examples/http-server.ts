// Example (e): a trained run inside a small web server (node:http, no framework). The model is loaded once with
// pipeline() — one compiled inference graph, reused for every request — and POST /predict {"texts": [...]}
// answers {"predictions": [{ "label", "probabilities" }]}. (`bertcnn serve RUN` is the full server: micro-batching,
// limits, metrics; this shows the library inside your own.)
//   npx tsx examples/http-server.ts RUN [--port 8080] [--once "a text"]   (--once: start, ask, print, stop)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'bertcnn';

export async function start(
  runDir: string,
  port = 8080,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const classify = await pipeline('text-classification', runDir);
  const server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/predict') return reply(404, { error: 'POST /predict {"texts": [...]}' });
    let body = '';
    for await (const chunk of req) body += chunk;
    try {
      const { texts } = JSON.parse(body) as { texts?: unknown };
      if (!Array.isArray(texts) || !texts.every((t) => typeof t === 'string'))
        return reply(400, { error: '"texts" must be an array of strings' });
      reply(200, { predictions: await classify(texts) });
    } catch (e) {
      reply(400, { error: (e as Error).message });
    }
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    await new Promise((ok) => server.close(ok));
    await classify.close();
  };
  return { server, url, close };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { port: { type: 'string' }, once: { type: 'string' } },
  });
  if (!positionals[0]) throw new Error('usage: http-server.ts RUN [--port N] [--once TEXT]');
  const app = await start(positionals[0], values.once === undefined ? Number(values.port ?? 8080) : 0);
  if (values.once === undefined)
    console.log(`listening on ${app.url} — curl -d '{"texts":["a great film"]}' ${app.url}/predict`);
  else {
    const res = await fetch(`${app.url}/predict`, { method: 'POST', body: JSON.stringify({ texts: [values.once] }) });
    console.log(res.status, JSON.stringify(await res.json()));
    await app.close();
  }
}
