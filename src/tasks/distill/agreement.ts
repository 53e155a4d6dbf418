// How often a student decides as its teacher does: the share of texts where the two runs' decisions (argmax, or
// the binary threshold) are equal. The teacher's decisions come from its cached logits; metrics.json of a
// distilled run records this next to the student's own scores.
import { decide, probabilities, type ClassificationTask } from '../classification/task.ts';
import type { TeacherLogitCache } from './teacher-cache.ts';
import { teacherLogits, type Teacher } from './teacher.ts';

/** Decisions of raw logits [N, K] under `task` (class index per text). */
export function decisionsOfLogits(task: ClassificationTask, logits: Float32Array, n: number): number[] {
  return decide(task, probabilities(task, logits, n), n) as number[];
}

/** Share of equal decisions, in [0, 1] (NaN for no texts). */
export function agreement(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`agreement: ${a.length} vs ${b.length} decisions`);
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return a.length ? same / a.length : Number.NaN;
}

/** Agreement of a student's decisions on `texts` with the teacher's (its logits from the cache, computed when missing). */
export async function agreementWithTeacher(
  teacher: Pick<Teacher, 'logits' | 'task'>,
  cache: TeacherLogitCache,
  texts: readonly string[],
  decisions: readonly number[],
): Promise<number> {
  const t = await teacherLogits(teacher, texts, cache);
  return agreement(decisions, decisionsOfLogits(teacher.task, t.logits, texts.length));
}
