// The distillation loss (src/tasks/distill/loss.ts) against hand computations: MSE on logits, KL with temperature
// (scaled by T²), the α mix, unlabeled rows (teacher term only), binary tasks (one logit, KL over [0, z]).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { float32, int64 } from '../../../src/engine/tensor.ts';
import { distillLoss, teacherLoss, type DistillLossOptions } from '../../../src/tasks/distill/loss.ts';
import type { ClassificationTask } from '../../../src/tasks/classification/task.ts';
import { assertClose, evaluate } from '../../engine/losses/helpers.ts';

const multi: ClassificationTask = { kind: 'multiclass', labels: ['a', 'b', 'c'] };
const binary: ClassificationTask = { kind: 'binary', labels: ['neg', 'pos'] };
const S = [1, 2, 3, 1, 0, -1]; // student logits [2, 3]
const T = [2, 2, 0, 0, 1, -2]; // teacher logits [2, 3]

const softmax = (row: number[], t: number) => {
  const e = row.map((v) => Math.exp(v / t));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
};
const rows = (x: number[], k: number) => Array.from({ length: x.length / k }, (_, i) => x.slice(i * k, (i + 1) * k));

/** T² · mean_b KL(softmax(t_b/T) ‖ softmax(s_b/T)), in float64. */
function klByHand(s: number[], t: number[], k: number, temp: number): number {
  const [sr, tr] = [rows(s, k), rows(t, k)];
  const kl = sr.map((row, b) => {
    const [ps, pt] = [softmax(row, temp), softmax(tr[b]!, temp)];
    return pt.reduce((acc, p, c) => acc + p * Math.log(p / ps[c]!), 0);
  });
  return (temp * temp * kl.reduce((a, b) => a + b, 0)) / kl.length;
}

async function run(
  task: ClassificationTask,
  s: number[],
  t: number[],
  o: DistillLossOptions,
  y?: number[],
  labelled?: number[],
) {
  const K = task.kind === 'binary' ? 1 : task.labels.length;
  const B = s.length / K;
  const feeds = [
    { name: 'logits', value: float32([B, K], s) },
    { name: 'teacher', value: float32([B, K], t) },
    ...(y ? [{ name: 'targets', value: task.kind === 'binary' ? float32([B], y) : int64([B], y) }] : []),
    ...(labelled ? [{ name: 'labelled', value: float32([B], labelled) }] : []),
  ];
  const [out] = await evaluate(feeds, (logits, teacher, targets, mask) =>
    distillLoss(task, logits!, { teacher, targets, labelled: mask }, o),
  );
  return out![0]!;
}

test('MSE on logits: mean over every element of (z_s − z_t)²', async () => {
  // differences −1, 0, 3, 1, −1, 1 → squares 1, 0, 9, 1, 1, 1 → 13 / 6
  const got = await run(multi, S, T, { alpha: 0, temperature: 1, distance: 'mse' });
  assertClose([got], [13 / 6], 1e-6, 'mse');
});

test('KL with temperature, scaled by T² (T = 1, 2, 4)', async () => {
  for (const temp of [1, 2, 4]) {
    const got = await run(multi, S, T, { alpha: 0, temperature: temp, distance: 'kl' });
    assertClose([got], [klByHand(S, T, 3, temp)], 1e-5, `kl T=${temp}`);
  }
});

test('α mixes the hard-label cross-entropy and the teacher term', async () => {
  // CE by hand: lse(1,2,3) = 3.4076059644, lse(1,0,−1) = 1.4076059644; labels [2, 0] → both 0.4076059644
  const ce = 0.4076059644;
  const got = await run(multi, S, T, { alpha: 0.3, temperature: 1, distance: 'mse' }, [2, 0]);
  assertClose([got], [0.3 * ce + 0.7 * (13 / 6)], 1e-6, 'mix');
  const hardOnly = await run(multi, S, T, { alpha: 1, temperature: 1, distance: 'mse' }, [2, 0]);
  assertClose([hardOnly], [ce], 1e-6, 'alpha 1');
});

test('unlabeled rows carry only the teacher term (multi-class: −100; binary: the labelled mask)', async () => {
  // row 1 unlabeled: CE over row 0 only (label 0: lse − 1 = 2.4076059644); MSE still over both rows
  const got = await run(multi, S, T, { alpha: 0.5, temperature: 1, distance: 'mse' }, [0, -100]);
  assertClose([got], [0.5 * 2.4076059644 + 0.5 * (13 / 6)], 1e-6, 'multi-class');
  // binary, one logit: s = [2, −1], t = [1, 1]; row 0 labelled 1: BCE = log(1 + e⁻²); row 1 unlabeled
  const bce = Math.log(1 + Math.exp(-2));
  const b = await run(binary, [2, -1], [1, 1], { alpha: 0.5, temperature: 1, distance: 'mse' }, [1, 0], [1, 0]);
  assertClose([b], [0.5 * bce + 0.5 * ((1 + 4) / 2)], 1e-6, 'binary');
});

test('binary KL reads one logit z as the two-class logits [0, z]', async () => {
  const s = [2, -1];
  const t = [1, 0.5];
  const twoClass = (z: number[]) => z.flatMap((v) => [0, v]);
  const got = await run(binary, s, t, { alpha: 0, temperature: 2, distance: 'kl' });
  assertClose([got], [klByHand(twoClass(s), twoClass(t), 2, 2)], 1e-5, 'binary kl');
});

test('teacherLoss is 0 when the student equals the teacher', async () => {
  for (const distance of ['mse', 'kl'] as const) {
    const [out] = await evaluate(
      [
        { name: 's', value: float32([2, 3], T) },
        { name: 't', value: float32([2, 3], T) },
      ],
      (s, t) => teacherLoss(multi, s!, t!, { alpha: 0, temperature: 3, distance }),
    );
    assert.ok(Math.abs(out![0]!) < 1e-6, `${distance}: ${out![0]}`);
  }
});
