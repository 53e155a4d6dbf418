// The package as users get it: `npm pack` the repo, `npm install` the tarball into a fresh ESM project from the
// machine's npm cache (`--prefer-offline`; ONNXRUNTIME_NODE_INSTALL=skip, the documented offline flag), then from
// that project: import 'bertcnn' from plain node (compiled JavaScript, no tsx), type-check a TypeScript consumer
// against the installed .d.ts, train / predict / save / load a tiny classifier through the API, `npx bertcnn
// --help`, and `bertcnn export` + `bertcnn web --no-serve` on that run (files the CLI reads beside its code).
// Everything happens in os.tmpdir(); the pack builds dist/ (gitignored) unless dist/ is newer than every source
// (scripts/build.mjs records when it started). Skipped, saying why, when npm has neither network nor cache.
// Slow (an ~850 MB dependency tree is installed and removed): about 60 s of CPU without the build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distIsFresh } from './freshness.ts';

const REPO = join(import.meta.dirname, '..', '..');
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

/** The environment of a user's shell: no npm_* variables from `npm test`, the documented offline flag on. */
function userEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  delete env.BERTCNN_FROM_SOURCE;
  return { ...env, ONNXRUNTIME_NODE_INSTALL: 'skip' };
}

function run(cmd: string, args: string[], cwd: string, timeout = 120_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: userEnv(), encoding: 'utf8', timeout, maxBuffer: 64 << 20 });
}

const t0 = Date.now();
const step = (what: string) => console.log(`# ${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);

function ok(r: SpawnSyncReturns<string>, what: string): string {
  step(what);
  assert.equal(r.status, 0, `${what} failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** npm's error codes for "could not reach the registry and the cache does not have it" (a failing install script
 *  reports `npm error code 1`, so an onnxruntime-node download that should have been skipped still fails the test). */
const OFFLINE =
  /^npm error code (ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|ERR_SOCKET_TIMEOUT)$/m;
const offlineReason = (stderr: string) => stderr.match(OFFLINE)?.[1];

const CONSUMER_TS = `
import { TextClassifier, type Prediction } from 'bertcnn';

const clf = new TextClassifier({ encoder: 'use-lite', head: 'textcnn', mode: 'frozen', batchSize: 8 });
const fitted = await clf.fit([{ text: 'good', label: 'pos' }], { epochs: 1 });
const epochs: number = fitted.history.length;
const out: Prediction[] = await clf.predict(['a text']);
await clf.save('somewhere');
const again: TextClassifier = await TextClassifier.load('somewhere');
console.log(epochs, out, again);
// @ts-expect-error: mode is 'frozen' | 'finetune'
new TextClassifier({ mode: 'sideways' });
`;

const TRAIN_MJS = `
import { readFileSync } from 'node:fs';
import { TextClassifier } from 'bertcnn';

const data = new URL('./node_modules/bertcnn/data/sentiment-mini/', import.meta.url);
const rows = (file) =>
  readFileSync(new URL(file, data), 'utf8').trim().split('\\n')
    .map((line) => line.split('\\t')).map(([label, text]) => ({ text, label }));
const train = rows('train.tsv').slice(0, 48);
const dev = rows('dev.tsv').slice(0, 16);
const clf = new TextClassifier({ encoder: 'use-lite', head: 'textcnn', mode: 'frozen', batchSize: 16 });
const fitted = await clf.fit(train, { dev, epochs: 2 });
const texts = ['a wonderful, moving film', 'dull and far too long'];
const before = await clf.predict(texts);
await clf.save(process.argv[2]);
const again = await TextClassifier.load(process.argv[2]);
const after = await again.predict(texts);
console.log(JSON.stringify({ epochs: fitted.history.length, labels: [...new Set(train.map((r) => r.label))], before, after }));
await clf.close();
await again.close();
`;

test('npm pack → npm install in a fresh project → import, tsc, train/predict/save/load, npx bertcnn --help', async (t) => {
  const tmp = mkdtempSync(join(tmpdir(), 'bertcnn-package-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));

  // 1. The tarball (prepack builds dist/ when it is older than the sources).
  const fresh = distIsFresh(REPO);
  const pack = run(
    'npm',
    ['pack', '--json', '--pack-destination', tmp, ...(fresh ? ['--ignore-scripts'] : [])],
    REPO,
    300_000,
  );
  if (pack.status !== 0) {
    if (OFFLINE.test(pack.stderr)) return t.skip(`npm pack cannot run here: ${offlineReason(pack.stderr)}`);
    ok(pack, 'npm pack');
  }
  step(`npm pack${fresh ? ' (dist/ up to date: not rebuilt)' : ' (prepack: npm run build)'}`);
  const json = pack.stdout.slice(pack.stdout.indexOf('[\n')); // prepack's own output comes first
  const [{ filename, files }] = JSON.parse(json) as { filename: string; files: { path: string }[] }[];
  const paths = files.map((f) => f.path);
  for (const p of ['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/web/bertcnn-web.js', 'bin/bertcnn.js'])
    assert.ok(paths.includes(p), `the tarball lacks ${p}`);
  assert.ok(
    paths.includes('data/sentiment-mini/train.tsv') && paths.includes('web/index.html'),
    'runtime data missing',
  );
  const stray = paths.filter((p) => /^(src|test|bench|scripts|\.ci)\//.test(p));
  assert.deepEqual(stray, [], 'the tarball ships development files');

  // 2. A user's project, installing the tarball from the npm cache.
  const app = join(tmp, 'app');
  run('mkdir', ['-p', app], tmp);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const install = run(
    'npm',
    ['install', join(tmp, filename), '--prefer-offline', '--no-audit', '--no-fund'],
    app,
    300_000,
  );
  if (install.status !== 0 && OFFLINE.test(install.stderr)) {
    return t.skip(
      `npm install cannot fetch the dependencies (no network, not in the npm cache): ${offlineReason(install.stderr)}`,
    );
  }
  ok(install, 'npm install <tarball>');
  assert.doesNotMatch(install.stderr, /EBADENGINE/, `a dependency does not support this Node:\n${install.stderr}`);
  assert.doesNotMatch(install.stderr, /Unknown (project|cli|env|user) config/, install.stderr);

  // 3. Plain node imports the compiled package (no tsx anywhere in the consumer's tree).
  assert.throws(() => readFileSync(join(app, 'node_modules', 'tsx', 'package.json')), 'tsx was installed for users');
  const imported = ok(
    run(
      'node',
      ['--input-type=module', '-e', "const m = await import('bertcnn'); console.log(Object.keys(m).join(' '))"],
      app,
    ),
    'import("bertcnn")',
  );
  assert.ok(imported.split(' ').includes('TextClassifier'), `exports: ${imported}`);

  // 4. A TypeScript consumer type-checks against the installed declarations (and a wrong option does not).
  writeFileSync(join(app, 'consumer.ts'), CONSUMER_TS);
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(REPO, 'node_modules', '@types')],
    },
    files: ['consumer.ts'],
  };
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(tsconfig));
  ok(run('node', [TSC, '--noEmit', '-p', 'tsconfig.json'], app), 'tsc --noEmit on a consumer');

  // 5. Train, predict, save and load through the API, in plain node.
  writeFileSync(join(app, 'train.mjs'), TRAIN_MJS);
  const trained = ok(run('node', ['train.mjs', join(tmp, 'run')], app, 180_000), 'training through the API');
  const r = JSON.parse(trained.trim().split('\n').at(-1)!) as {
    epochs: number;
    labels: string[];
    before: { label: string; probabilities: Record<string, number> }[];
    after: { label: string; probabilities: Record<string, number> }[];
  };
  assert.ok(r.epochs >= 1 && r.epochs <= 2, `epochs: ${r.epochs}`);
  assert.equal(r.before.length, 2);
  for (const p of r.before) {
    assert.ok(r.labels.includes(p.label), `predicted label ${p.label}`);
    const total = Object.values(p.probabilities).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - 1) < 1e-4, `probabilities sum to ${total}`);
  }
  assert.deepEqual(r.after, r.before, 'the reloaded model predicts differently');

  // 6. The CLI through npx, compiled JavaScript only.
  const help = run('npx', ['--no-install', 'bertcnn', '--help'], app);
  assert.match(ok(help, 'npx bertcnn --help'), /^Usage: bertcnn /);
  assert.equal(help.stderr, '', 'npx bertcnn --help wrote to stderr');

  // 7. Files the CLI reads next to its code resolve from dist/: the quickstart data, and for `bertcnn web` the demo
  // page, the prebuilt browser bundle (esbuild is not installed for users) and onnxruntime-web's wasm.
  const quickstart = join(app, 'node_modules', 'bertcnn', 'dist', 'tasks', 'classification', 'quickstart.js');
  const data = ok(
    run(
      'node',
      ['--input-type=module', '-e', `console.log((await import(${JSON.stringify(quickstart)})).QUICKSTART_DATA)`],
      app,
    ),
    'QUICKSTART_DATA',
  ).trim();
  assert.ok(readFileSync(join(data, 'train.tsv'), 'utf8').length > 0, `no quickstart data at ${data}`);
  const exported = join(tmp, 'export');
  ok(
    run('npx', ['--no-install', 'bertcnn', 'export', join(tmp, 'run'), '--out', exported, '--quiet'], app),
    'bertcnn export',
  );
  ok(run('npx', ['--no-install', 'bertcnn', 'web', exported, '--no-serve', '--quiet'], app), 'bertcnn web --no-serve');
  for (const f of ['index.html', 'bertcnn-web.js', 'ort-wasm-simd-threaded.wasm', 'model.onnx'])
    assert.ok(readFileSync(join(exported, f)).byteLength > 0, `bertcnn web left no ${f}`);
});
