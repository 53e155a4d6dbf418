// Whether dist/ in a bertcnn checkout is a build of the current sources. scripts/build.mjs writes, after a successful
// build, the time the build started to node_modules/.cache/bertcnn/build.json; dist/ is fresh when that build's
// outputs exist and no source file or folder (src/, package.json, the tsconfigs, the build script) changed since it
// started. A folder's time changes when a file in it is added, removed or renamed, so deletions count too.
// Used by bin/bertcnn.js (a checkout never runs a stale dist/) and the package test (packs without rebuilding).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const BUILD_STAMP = join('node_modules', '.cache', 'bertcnn', 'build.json');
const OUTPUTS = ['dist/index.js', 'dist/cli/main.js', 'dist/web/bertcnn-web.js'];
const INPUTS = ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs'];

function newest(path) {
  const s = statSync(path, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  let t = s.mtimeMs;
  for (const name of readdirSync(path)) t = Math.max(t, newest(join(path, name)));
  return t;
}

/** @param {string} root the checkout @returns {boolean} */
export function distIsFresh(root) {
  const stamp = join(root, BUILD_STAMP);
  if (!existsSync(stamp) || OUTPUTS.some((f) => !existsSync(join(root, f)))) return false;
  const { started } = JSON.parse(readFileSync(stamp, 'utf8'));
  return Math.max(...INPUTS.map((f) => newest(join(root, f)))) < started;
}
