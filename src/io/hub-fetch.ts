// Online half of hub resolution: ask the Hub which commit a revision is, list the repo, pick the files a BERT-family
// model needs, and bring each into the cache (see hub-cache.ts for the layout, hub-download.ts for resume/verify).
// @huggingface/hub does what it does well here: `modelInfo` (revision → commit sha, 404 handling, auth header) and
// `listFiles` (tree listing with pagination, LFS oids and sizes). It is loaded lazily, only when going online.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '../errors.ts';
import {
  conversionAdvice,
  findForeignWeights,
  TOKENIZER_FILES,
  WEIGHTS_FILE,
  WEIGHTS_INDEX_FILE,
} from './checkpoint.ts';
import { blobPath, exists, linkBlob, snapshotDir } from './hub-cache.ts';
import { downloadResumable, type ProgressFn } from './hub-download.ts';
import { parseIndex } from './sharded.ts';

export interface HubContext {
  id: string;
  revision: string;
  /** `id` or `id@revision`, used to name the model in messages. */
  where: string;
  endpoint: string;
  repoDir: string;
  token?: string;
  fetch?: typeof fetch;
  onProgress?: ProgressFn;
  retries?: number;
  retryDelayMs?: number;
  /** Small optional files fetched when present (sentence-transformers pooling config by default). */
  extraFiles: readonly string[];
}

export interface RepoEntry {
  path: string;
  size: number;
  /** LFS sha256, else git blob sha1: the blob's name in the cache, as Python's huggingface_hub names it. */
  etag: string;
  lfs: boolean;
}

/** Revision → commit sha, and the repo's files at that commit. Network errors propagate untouched. */
export async function lookupRepo(ctx: HubContext): Promise<{ commit: string; files: Map<string, RepoEntry> }> {
  const hub = await import('@huggingface/hub');
  const common = { hubUrl: ctx.endpoint, accessToken: ctx.token, ...(ctx.fetch ? { fetch: ctx.fetch } : {}) };
  const info = await hub.modelInfo({ name: ctx.id, revision: ctx.revision, additionalFields: ['sha'], ...common });
  const commit = info.sha;
  if (typeof commit !== 'string' || !/^[0-9a-f]{40}$/.test(commit)) {
    throw new DataError(ctx.where, `the Hub did not return a commit sha for revision '${ctx.revision}'`);
  }
  const files = new Map<string, RepoEntry>();
  for await (const e of hub.listFiles({
    repo: { type: 'model', name: ctx.id },
    revision: commit,
    recursive: true,
    ...common,
  })) {
    if (e.type !== 'file') continue;
    const etag = e.lfs?.oid ?? e.oid;
    if (!etag) throw new DataError(ctx.where, `the Hub listing gives no oid for ${e.path}`);
    files.set(e.path, { path: e.path, size: e.lfs?.size ?? e.size, etag, lfs: e.lfs !== undefined });
  }
  return { commit, files };
}

/** Which files to fetch: config.json, tokenizer files present, extras present, then weights (single or index). */
export function planFiles(
  ctx: HubContext,
  files: Map<string, RepoEntry>,
): { small: RepoEntry[]; weights?: RepoEntry; index?: RepoEntry } {
  const config = files.get('config.json');
  if (!config) {
    throw new DataError(
      ctx.where,
      `the repo has no config.json at its root (found: ${[...files.keys()].slice(0, 10).join(', ')}); it is not a Hugging Face transformers model`,
    );
  }
  const small = [config, ...[...TOKENIZER_FILES, ...ctx.extraFiles].flatMap((f) => files.get(f) ?? [])];
  const weights = files.get(WEIGHTS_FILE);
  if (weights) return { small, weights };
  const index = files.get(WEIGHTS_INDEX_FILE);
  if (index) return { small, index };
  const foreign = findForeignWeights([...files.keys()]);
  if (foreign) {
    throw new DataError(
      ctx.where,
      `has no safetensors weights on the Hub, only ${foreign}. A converted copy may exist as a pull-request revision ` +
        `(the Hub's safetensors conversion bot opens them: try '${ctx.id}@refs/pr/<n>' with the PR number shown on the model page). ` +
        `Otherwise, from a local copy of the repo:\n` +
        conversionAdvice('<model folder>', foreign),
    );
  }
  throw new DataError(ctx.where, `the repo has no ${WEIGHTS_FILE} or ${WEIGHTS_INDEX_FILE}`);
}

/** Brings one repo file into snapshots/<commit>/ (download unless the blob is already cached); returns its path. */
export async function fetchToCache(ctx: HubContext, commit: string, entry: RepoEntry): Promise<string> {
  const pointer = join(snapshotDir(ctx.repoDir, commit), entry.path);
  if (await exists(pointer)) return pointer;
  const blob = blobPath(ctx.repoDir, entry.etag);
  if (!(await exists(blob))) {
    await mkdir(join(ctx.repoDir, 'blobs'), { recursive: true });
    const path = entry.path.split('/').map(encodeURIComponent).join('/');
    await downloadResumable({
      url: `${ctx.endpoint}/${ctx.id}/resolve/${commit}/${path}`,
      blob,
      label: `${ctx.id}/${entry.path}`,
      size: entry.size,
      ...(entry.lfs ? { sha256: entry.etag } : { gitSha1: entry.etag }),
      headers: { 'User-Agent': 'bertcnn', ...(ctx.token ? { Authorization: `Bearer ${ctx.token}` } : {}) },
      retries: ctx.retries,
      retryDelayMs: ctx.retryDelayMs,
      onProgress: ctx.onProgress,
      fetch: ctx.fetch,
    });
  }
  return linkBlob(ctx.repoDir, commit, entry.path, entry.etag);
}

/** Fetches the planned files; for a sharded checkpoint, the index first and then every shard it names. */
export async function downloadSnapshot(
  ctx: HubContext,
  commit: string,
  files: Map<string, RepoEntry>,
): Promise<string[]> {
  const plan = planFiles(ctx, files);
  const fetched: string[] = [];
  for (const e of plan.small) {
    await fetchToCache(ctx, commit, e);
    fetched.push(e.path);
  }
  if (plan.weights) {
    await fetchToCache(ctx, commit, plan.weights);
    return [...fetched, plan.weights.path];
  }
  const indexPath = await fetchToCache(ctx, commit, plan.index!);
  const { weightMap } = parseIndex(`${ctx.id}/${WEIGHTS_INDEX_FILE}`, await readFile(indexPath, 'utf8'));
  fetched.push(WEIGHTS_INDEX_FILE);
  for (const shard of new Set(weightMap.values())) {
    const entry = files.get(shard);
    if (!entry)
      throw new DataError(`${ctx.id}/${WEIGHTS_INDEX_FILE}`, `names shard '${shard}', which is not in the repo`);
    await fetchToCache(ctx, commit, entry);
    fetched.push(shard);
  }
  return fetched;
}
