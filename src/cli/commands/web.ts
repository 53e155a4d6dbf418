// `bertcnn web EXPORT_DIR [--port N]`: runs an export folder (written by `bertcnn export`) in the browser. Copies
// the demo page (web/index.html), the browser bundle (dist/web/bertcnn-web.js, built when missing) and
// onnxruntime-web's wasm files into the folder, then serves it statically; tokenization and inference happen in the
// page (src/web). Every kind of export runs: the page loads it by its manifest's kind (src/web/load-export.ts) —
// classification and kim2014 exports show labels and probabilities, NER exports entities (with character offsets)
// and tags, as `bertcnn predict` prints them. --no-serve only copies, for any static host. Prints the URL on stdout; --port 0 picks a free port.
// SIGINT/SIGTERM stop the server.
import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';
import { serveFolder } from '../../web/node/static-server.ts';
import { stageWebFolder } from '../../web/node/stage.ts';
import { int } from '../flags.ts';

interface WebFlags {
  host: string;
  port: string;
  serve: boolean;
  bundle?: string;
  force?: boolean;
  quiet?: boolean;
}

export function registerWeb(program: Command): void {
  program
    .command('web')
    .description('run an export folder in the browser: copy a demo page + bertcnn-web.js + ORT wasm into it, serve it')
    .argument('<dir>', 'export folder written by bertcnn export (a classification, NER or kim2014 run)')
    .option('--host <host>', 'interface to listen on (0.0.0.0 = every interface)', '127.0.0.1')
    .option('--port <n>', 'TCP port (0 = pick a free one)', '8080')
    .option('--no-serve', 'only copy the files (serve the folder with any static web server)')
    .option('--bundle <file>', 'browser bundle to copy (default: dist/web/bertcnn-web.js, built when missing)')
    .option('--force', 'replace an index.html in the folder that bertcnn did not write')
    .option('--quiet', 'print only the URL')
    .action((dir: string, o: WebFlags) => runWeb(dir, o));
}

const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;

export async function runWeb(dir: string, o: WebFlags): Promise<void> {
  const port = int('--port', o.port);
  if (port < 0 || port > 65535) throw new UsageError(`--port must be in 0..65535, got ${port}`);
  const say = (s: string) => {
    if (!o.quiet) process.stderr.write(`${s}\n`);
  };
  const staged = await stageWebFolder(dir, { bundle: o.bundle, force: o.force, onInfo: say });
  say(`copied into ${dir}: ${staged.files.map((f) => `${f.name} (${mb(f.bytes)})`).join(', ')}`);
  if (!o.serve) {
    say('serve the folder with any static web server (.wasm as application/wasm) and open index.html');
    return;
  }
  const server = await serveFolder(dir, { host: o.host, port });
  console.log(`Serving ${dir} at ${server.url}`);
  say('  open it in a browser; Ctrl-C to stop');
  await new Promise<void>((stopped) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      say(`\n${signal}: stopping`);
      void server.close().then(() => stopped());
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
