#!/usr/bin/env node
// The bertcnn command. Runs the compiled CLI, dist/cli/main.js (`npm run build`; the published package ships it).
// In a git checkout (src/ present) it runs dist/ only when dist/ is a build of the current sources (dist-fresh.js);
// otherwise — no build yet, sources edited since, or BERTCNN_FROM_SOURCE=1 (the test runner sets it) — it runs the
// TypeScript sources through tsx, a dev dependency users do not install, so a checkout never runs stale code.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = new URL('../dist/cli/main.js', import.meta.url);
const source = new URL('../src/cli/main.ts', import.meta.url);

let main;
if (!existsSync(source)) {
  if (!existsSync(dist)) {
    process.stderr.write(`bertcnn: ${fileURLToPath(dist)} is missing: a broken install, reinstall bertcnn\n`);
    process.exit(1);
  }
  ({ main } = await import(dist.href));
} else {
  const forced = process.env.BERTCNN_FROM_SOURCE === '1';
  const { distIsFresh } = await import('./dist-fresh.js');
  if (!forced && distIsFresh(root)) {
    ({ main } = await import(dist.href));
  } else {
    if (!forced) {
      const why = existsSync(dist) ? 'dist/ is older than src/' : 'no dist/ build';
      process.stderr.write(`bertcnn: ${why}, running src/ through tsx (\`npm run build\` compiles it)\n`);
    }
    let register;
    try {
      ({ register } = await import('tsx/esm/api'));
    } catch {
      process.stderr.write(
        'bertcnn: no up-to-date dist/ and no tsx to run src/: `npm install`, then `npm run build`\n',
      );
      process.exit(1);
    }
    register();
    ({ main } = await import(source.href));
  }
}
process.exitCode = await main(process.argv);
