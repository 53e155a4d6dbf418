// Resolves a model reference to a local folder in Hugging Face layout.
//   - an existing folder path → used as is;
//   - else a Hub id (`bert-base-uncased`, `org/name`, optional `@revision`) → the files a BERT-family model needs
//     (config.json, tokenizer files, model.safetensors or its index + shards) are brought into the standard HF
//     cache ($HF_HUB_CACHE or $HF_HOME/hub, default ~/.cache/huggingface/hub), shared with Python users, and the
//     snapshot folder is returned.
// Environment (read at call time): HF_ENDPOINT (mirror / test server), HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE
// (=1: cache only), HF_TOKEN (private/gated repos), HF_HUB_CACHE / HF_HOME (cache location).
// Choice: listing, revision→commit and auth go through @huggingface/hub (modelInfo, listFiles); the download is
// our own fetch code (hub-download.ts), because @huggingface/hub's downloadFileToCacheDir cannot resume an
// interrupted download and does not verify the result. Cache layout and blob names match Python's huggingface_hub.
// When the Hub cannot be reached but the model is cached, the cached snapshot is used with a warning (as Python does).
import { readdir, stat } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { DataError, UsageError } from '../errors.ts';
import { cachedSnapshot, hubCacheDir, repoCacheDir, snapshotDir, writeRef } from './hub-cache.ts';
import { describe, type ProgressFn } from './hub-download.ts';
import { downloadSnapshot, lookupRepo, type HubContext } from './hub-fetch.ts';

export type { ProgressFn } from './hub-download.ts';

export interface ResolveOptions {
  /** Branch, tag or commit; overrides `@revision` in the reference. Default `main`. */
  revision?: string;
  cacheDir?: string;
  endpoint?: string;
  offline?: boolean;
  token?: string;
  /** Called as bytes arrive: (file, bytesDone, bytesTotal). */
  onProgress?: ProgressFn;
  /** Non-fatal notices (e.g. "Hub unreachable, using cache"). Default: console.warn. */
  onWarning?: (message: string) => void;
  retries?: number;
  retryDelayMs?: number;
  /** Optional small files fetched when the repo has them. */
  extraFiles?: readonly string[];
  fetch?: typeof fetch;
}

export interface ResolvedModel {
  /** Absolute folder in Hugging Face layout. */
  dir: string;
  source: 'local' | 'hub' | 'cache';
  id?: string;
  revision?: string;
  commit?: string;
  /** Files in `dir` (for hub downloads: those fetched this call, relative paths). */
  files: string[];
}

/** sentence-transformers metadata (pooling mode), tiny and useful for MiniLM-style encoders. */
export const DEFAULT_EXTRA_FILES = ['modules.json', 'sentence_bert_config.json', '1_Pooling/config.json'] as const;

const truthy = (v: string | undefined) =>
  v !== undefined && ['1', 'on', 'yes', 'true'].includes(v.trim().toLowerCase());

export function isOffline(env: NodeJS.ProcessEnv = process.env): boolean {
  return truthy(env.HF_HUB_OFFLINE) || truthy(env.TRANSFORMERS_OFFLINE);
}

export function hubEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return (env.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '');
}

/** Splits `org/name@revision`; rejects strings that cannot be Hub ids. */
export function parseModelRef(ref: string): { id: string; revision?: string } {
  const at = ref.indexOf('@');
  const id = at < 0 ? ref : ref.slice(0, at);
  const revision = at < 0 ? undefined : ref.slice(at + 1);
  const part = '[A-Za-z0-9](?:[\\w.-]*[A-Za-z0-9_])?';
  if (!new RegExp(`^${part}(?:/${part})?$`).test(id) || id.includes('..') || revision === '') {
    throw new UsageError(
      `'${ref}' is neither an existing model folder nor a Hugging Face model id (like 'bert-base-uncased' or 'org/name', optionally '@revision')`,
    );
  }
  return revision === undefined ? { id } : { id, revision };
}

const looksLikePath = (ref: string) =>
  /^(\.{1,2}[\\/]|[\\/]|~)/.test(ref) || ref.includes('\\') || ref.split('/').length > 2;

function isNetworkError(e: unknown): boolean {
  return e instanceof TypeError && /fetch failed|network/i.test(e.message);
}

export async function resolveModel(ref: string, opts: ResolveOptions = {}): Promise<ResolvedModel> {
  const local = await stat(ref).catch(() => undefined);
  if (local) {
    if (!local.isDirectory())
      throw new DataError(ref, 'expected a model folder (config.json + model.safetensors), got a file');
    return { dir: resolvePath(ref), source: 'local', files: await readdir(ref) };
  }
  if (looksLikePath(ref.split('@')[0]!)) throw new DataError(ref, 'model folder not found');
  const parsed = parseModelRef(ref);
  const revision = opts.revision ?? parsed.revision ?? 'main';
  const cacheDir = opts.cacheDir ?? hubCacheDir();
  const ctx: HubContext = {
    id: parsed.id,
    revision,
    where: revision === 'main' ? parsed.id : `${parsed.id}@${revision}`,
    endpoint: opts.endpoint ?? hubEndpoint(),
    repoDir: repoCacheDir(cacheDir, parsed.id),
    token: opts.token ?? (process.env.HF_TOKEN || process.env.HUGGING_FACE_HUB_TOKEN || undefined),
    fetch: opts.fetch,
    onProgress: opts.onProgress,
    retries: opts.retries,
    retryDelayMs: opts.retryDelayMs,
    extraFiles: opts.extraFiles ?? DEFAULT_EXTRA_FILES,
  };
  const fromCache = async (): Promise<ResolvedModel | undefined> => {
    const dir = await cachedSnapshot(ctx.repoDir, revision);
    if (!dir) return undefined;
    return { dir, source: 'cache', id: ctx.id, revision, commit: dir.split(/[\\/]/).pop()!, files: await readdir(dir) };
  };

  if (opts.offline ?? isOffline()) {
    const hit = await fromCache();
    if (hit) return hit;
    throw new DataError(
      ctx.where,
      `not in the local cache (${ctx.repoDir}) and offline mode is on (HF_HUB_OFFLINE=1), so nothing is downloaded. ` +
        `Run once with network access (unset HF_HUB_OFFLINE) to cache it, or pass a local model folder.`,
    );
  }
  let repo: Awaited<ReturnType<typeof lookupRepo>>;
  try {
    repo = await lookupRepo(ctx);
  } catch (e) {
    if (!isNetworkError(e)) throw translateHubError(e, ctx);
    const hit = await fromCache();
    if (hit) {
      (opts.onWarning ?? console.warn)(
        `${ctx.where}: cannot reach ${ctx.endpoint} (${describe(e)}); using the cached snapshot ${hit.dir}`,
      );
      return hit;
    }
    throw new DataError(
      ctx.where,
      `cannot reach ${ctx.endpoint} (${describe(e)}) and the model is not in the local cache (${ctx.repoDir}). ` +
        `Check the network (or HF_ENDPOINT), or pass a local model folder.`,
    );
  }
  await writeRef(ctx.repoDir, revision, repo.commit);
  const files = await downloadSnapshot(ctx, repo.commit, repo.files);
  return {
    dir: snapshotDir(ctx.repoDir, repo.commit),
    source: 'hub',
    id: ctx.id,
    revision,
    commit: repo.commit,
    files,
  };
}

/** Hub API errors → messages a user can act on (404/401 = unknown or private id). */
function translateHubError(e: unknown, ctx: HubContext): Error {
  const status = (e as { statusCode?: unknown }).statusCode;
  if (typeof status !== 'number') return e as Error;
  const text = (e as Error).message ?? '';
  if ((status === 404 || status === 401) && /revision/i.test(text) && ctx.revision !== 'main') {
    return new UsageError(`${ctx.id}: revision '${ctx.revision}' not found on ${ctx.endpoint} (HTTP ${status})`);
  }
  if (status === 404 || status === 401) {
    return new UsageError(
      `${ctx.where}: model not found on ${ctx.endpoint} (HTTP ${status}). Check the id (e.g. 'bert-base-uncased', ` +
        `'google/bert_uncased_L-4_H-256_A-4'); private or gated models need HF_TOKEN; a local folder path must exist.`,
    );
  }
  return new DataError(ctx.where, `Hub request failed (HTTP ${status}): ${text}`);
}
