// `npm run build` (also run by `npm pack` / `npm publish` through prepack): a clean dist/ with
//   dist/**/*.js, *.d.ts, *.js.map   tsc -p tsconfig.build.json (ESM; the sources' .ts imports rewritten to .js)
//   dist/web/bertcnn-web.js          the browser bundle `bertcnn web` copies (npm run build:web; esbuild is a dev
//                                    dependency, so the package ships the bundle ready-made)
// and records when the build started in node_modules/.cache/bertcnn/build.json (bin/dist-fresh.js: a checkout's
// bin/bertcnn.js runs dist/ only when no source changed since, and the package test packs without rebuilding).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build: \`node ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

const started = Date.now();
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
run(['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);
run(['--import', 'tsx', 'src/web/node/bundle.ts']);
const stamp = new URL('../node_modules/.cache/bertcnn/', import.meta.url);
mkdirSync(stamp, { recursive: true });
writeFileSync(new URL('build.json', stamp), `${JSON.stringify({ started })}\n`);
