#!/usr/bin/env node
// The bertcnn command. Runs the compiled CLI, dist/cli/main.js (`npm run build`; the published package ships it).
// In a git checkout (src/ present) without a build, or with BERTCNN_FROM_SOURCE=1 (the test runner sets it, so tests
// never run a stale dist/), it runs the TypeScript sources through tsx, a dev dependency users do not install.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/cli/main.js', import.meta.url);
const source = new URL('../src/cli/main.ts', import.meta.url);
const forced = process.env.BERTCNN_FROM_SOURCE === '1';
const hasDist = existsSync(dist);

let main;
if (!existsSync(source) || (hasDist && !forced)) {
  if (!hasDist) {
    process.stderr.write(`bertcnn: ${fileURLToPath(dist)} is missing: a broken install, reinstall bertcnn\n`);
    process.exit(1);
  }
  ({ main } = await import(dist.href));
} else {
  if (!forced)
    process.stderr.write('bertcnn: no dist/ build, running src/ through tsx (`npm run build` compiles it)\n');
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write(
      'bertcnn: neither a dist/ build nor tsx to run src/: run `npm install`, then `npm run build`\n',
    );
    process.exit(1);
  }
  register();
  ({ main } = await import(source.href));
}
process.exitCode = await main(process.argv);
