// Word-level agreement of NER runs with a NER teacher on a CoNLL file: the share of words each run tags as the
// teacher does — the figure `bertcnn distill` writes to a student's metrics.json (teacher_agreement), computed here
// for runs that were not distilled (e.g. the same student trained on gold tags), so the rows can be compared.
// The teacher's scores come from (and go to) the distillation cache, so a warm cache never runs the teacher.
// Usage: npx tsx scripts/results/ner-agreement.ts TEACHER CACHE_ROOT FILE.conll RUN [RUN ...]
//   CACHE_ROOT: the folder holding teacher-logits/ (a distill --cache DIR)
import { join } from 'node:path';
import { agreement } from '../../src/tasks/distill/agreement.ts';
import { nerTeacherAbout, nerTeacherEmissions, openNerTeacher } from '../../src/tasks/distill/ner-teacher.ts';
import { TeacherLogitCache } from '../../src/tasks/distill/teacher-cache.ts';
import { readTaggedSplit } from '../../src/tasks/ner/data.ts';
import { predictSentences } from '../../src/tasks/ner/inference.ts';
import { toBio } from '../../src/tasks/ner/scheme.ts';

const [teacherDir, cacheRoot, file, ...runs] = process.argv.slice(2);
if (!teacherDir || !cacheRoot || !file || runs.length === 0) {
  console.error('usage: npx tsx scripts/results/ner-agreement.ts TEACHER CACHE_ROOT FILE.conll RUN [RUN ...]');
  process.exit(2);
}
const teacher = await openNerTeacher(teacherDir);
try {
  const labels = teacher.task.labels;
  const cache = await TeacherLogitCache.open(
    join(cacheRoot, 'teacher-logits'),
    teacher.id,
    labels.length,
    nerTeacherAbout(teacher),
  );
  const { split } = await readTaggedSplit(file, labels);
  const { rows, computed } = await nerTeacherEmissions(teacher, split.words, cache);
  const theirs: number[] = [];
  for (const [k, words] of split.words.entries())
    for (const t of await teacher.tags(words, rows[k]!)) theirs.push(labels.indexOf(t));
  console.error(`teacher: ${computed} of ${split.words.length} sentences scored, the rest from the cache`);
  for (const run of runs) {
    const p = await predictSentences(run, split.words);
    const mine = p.tags.flatMap((t) => toBio(t)).map((t) => labels.indexOf(t));
    console.log(`${run}\t${(100 * agreement(mine, theirs)).toFixed(2)}`);
  }
} finally {
  await teacher.release();
}
