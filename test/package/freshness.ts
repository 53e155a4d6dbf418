// Whether dist/ is a build of the current sources: scripts/build.mjs writes, after a successful build, the time the
// build started to node_modules/.cache/bertcnn/build.json; dist/ is fresh when that build's outputs exist and no
// source file or folder (src/, package.json, the tsconfigs, the build script) changed since it started. A folder's
// time changes when a file in it is added, removed or renamed, so deletions count too.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const BUILD_STAMP = join('node_modules', '.cache', 'bertcnn', 'build.json');
const OUTPUTS = ['dist/index.js', 'dist/cli/main.js', 'dist/web/bertcnn-web.js'];
const INPUTS = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs'];

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = s.mtimeMs;
  for (const name of readdirSync(path)) t = Math.max(t, newest(join(path, name)));
  return t;
}

export function distIsFresh(repo: string): boolean {
  const stamp = join(repo, BUILD_STAMP);
  if (!existsSync(stamp) || OUTPUTS.some((f) => !existsSync(join(repo, f)))) return false;
  const { started } = JSON.parse(readFileSync(stamp, 'utf8')) as { started: number };
  const changed = Math.max(newest(join(repo, 'src')), ...INPUTS.map((f) => newest(join(repo, f))));
  return changed < started;
}
