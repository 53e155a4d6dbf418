// The Hugging Face Hub cache layout, shared with Python's huggingface_hub / transformers:
//   $HF_HUB_CACHE (default $HF_HOME/hub, default ~/.cache/huggingface/hub)
//     models--<org>--<name>/
//       blobs/<etag>                    file contents; etag = LFS sha256, else the git blob sha1
//       blobs/<etag>.incomplete         a partial download (resumed with an HTTP Range request)
//       refs/<revision>                 text file: the commit sha the branch/tag pointed to
//       snapshots/<commit>/<path>       relative symlink → ../../blobs/<etag> (a copy where symlinks fail)
import { copyFile, mkdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { writeBytesAtomic } from './atomic.ts';
import { parseIndex } from './sharded.ts';
import { WEIGHTS_FILE, WEIGHTS_INDEX_FILE } from './checkpoint.ts';

/**
 * The hub cache dir, read from the environment at call time with the precedence huggingface_hub (Python) and
 * @huggingface/hub's getHFHubCachePath use: HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE, $HF_HOME/hub,
 * $XDG_CACHE_HOME/huggingface/hub, ~/.cache/huggingface/hub. (Re-stated here so that opening a local folder does
 * not have to load @huggingface/hub.)
 */
export function hubCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.HF_HOME || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'huggingface');
  return env.HF_HUB_CACHE || env.HUGGINGFACE_HUB_CACHE || join(home, 'hub');
}

/** models--<org>--<name>, as getRepoFolderName builds it. */
export function repoCacheDir(cacheDir: string, modelId: string): string {
  return join(cacheDir, ['models', ...modelId.split('/')].join('--'));
}

export const isCommitHash = (s: string): boolean => /^[0-9a-f]{40}$/.test(s);

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export const blobPath = (repoDir: string, etag: string): string => join(repoDir, 'blobs', etag);
export const snapshotDir = (repoDir: string, commit: string): string => join(repoDir, 'snapshots', commit);

/** The commit a revision resolved to when last online (a commit hash resolves to itself). */
export async function readRef(repoDir: string, revision: string): Promise<string | undefined> {
  if (isCommitHash(revision)) return revision;
  try {
    const commit = (await readFile(join(repoDir, 'refs', revision), 'utf8')).trim();
    return isCommitHash(commit) ? commit : undefined;
  } catch {
    return undefined;
  }
}

export async function writeRef(repoDir: string, revision: string, commit: string): Promise<void> {
  if (revision === commit) return;
  const path = join(repoDir, 'refs', revision);
  await mkdir(dirname(path), { recursive: true });
  await writeBytesAtomic(path, commit);
}

/** Points snapshots/<commit>/<file> at blobs/<etag> with a relative symlink (copies where symlinks fail). */
export async function linkBlob(repoDir: string, commit: string, file: string, etag: string): Promise<string> {
  const pointer = join(snapshotDir(repoDir, commit), file);
  const blob = blobPath(repoDir, etag);
  await mkdir(dirname(pointer), { recursive: true });
  await rm(pointer, { force: true });
  try {
    await symlink(relative(dirname(pointer), blob), pointer);
  } catch {
    await copyFile(blob, pointer);
  }
  return pointer;
}

/**
 * The snapshot folder of `revision` if the cache holds a usable model there (config.json plus model.safetensors,
 * or the index and every shard it names), else undefined.
 */
export async function cachedSnapshot(repoDir: string, revision: string): Promise<string | undefined> {
  const commit = await readRef(repoDir, revision);
  if (!commit) return undefined;
  const dir = snapshotDir(repoDir, commit);
  if (!(await exists(join(dir, 'config.json')))) return undefined;
  if (await exists(join(dir, WEIGHTS_FILE))) return dir;
  try {
    const { weightMap } = parseIndex(WEIGHTS_INDEX_FILE, await readFile(join(dir, WEIGHTS_INDEX_FILE), 'utf8'));
    for (const shard of new Set(weightMap.values())) if (!(await exists(join(dir, shard)))) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}
