// What a worker accepts as job data. A job's data comes from Redis, so it is untrusted JSON: anything a producer
// of this version would not send fails that one job with an UnrecoverableError naming the field (BullMQ records
// it, does not retry it, and the producer reports it) instead of crashing the worker, computing garbage or
// allocating what the job asks for (a batch size of 10^9 would size a tensor by it).
//   predict  {kind: 'predict', texts: string[]}
//   embed    {kind: 'embed', spaceId: string, texts: string[], batchSize?: integer in [1, MAX_JOB_BATCH]}
//   describe {kind: 'describe'}   (embed workers only)
import { UnrecoverableError } from 'bullmq';
import type { JobData } from './payload.ts';

/** The largest batch size a job may ask an embed worker for (`bertcnn embed --batch-size` allows no more). */
export const MAX_JOB_BATCH = 4096;

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/** The job data as an object with a kind this worker serves; otherwise the job fails naming what it got. */
function jobObject(data: unknown, worker: string, kinds: readonly string[]): Record<string, unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new UnrecoverableError(`job data must be an object, got ${typeName(data)}`);
  const d = data as Record<string, unknown>;
  if (!kinds.includes(d.kind as string)) throw new UnrecoverableError(`${worker} got a '${String(d.kind)}' job`);
  return d;
}

function jobTexts(d: Record<string, unknown>): string[] {
  if (!Array.isArray(d.texts))
    throw new UnrecoverableError(`job data: texts must be an array of strings, got ${typeName(d.texts)}`);
  const bad = d.texts.findIndex((t) => typeof t !== 'string');
  if (bad >= 0) throw new UnrecoverableError(`job data: texts[${bad}] must be a string, got ${typeName(d.texts[bad])}`);
  return d.texts as string[];
}

/** The texts of a job as `predict --redis` sends it. */
export function predictJobTexts(data: unknown): string[] {
  return jobTexts(jobObject(data, 'a predict worker', ['predict']));
}

/** A job as `embed --redis` sends it: 'describe', or one chunk of texts for a cache space. */
export function embedJob(data: unknown): Extract<JobData, { kind: 'describe' | 'embed' }> {
  const d = jobObject(data, 'an embed worker', ['describe', 'embed']);
  if (d.kind === 'describe') return { kind: 'describe' };
  if (typeof d.spaceId !== 'string')
    throw new UnrecoverableError(`job data: spaceId must be a string, got ${typeName(d.spaceId)}`);
  const texts = jobTexts(d);
  const b = d.batchSize;
  if (b !== undefined && !(typeof b === 'number' && Number.isInteger(b) && b >= 1 && b <= MAX_JOB_BATCH))
    throw new UnrecoverableError(
      `job data: batchSize must be an integer in [1, ${MAX_JOB_BATCH}], got ${typeof b === 'number' ? b : typeName(b)}`,
    );
  return { kind: 'embed', spaceId: d.spaceId, texts, ...(b === undefined ? {} : { batchSize: b }) };
}
