// The distillation flags every `bertcnn distill` student shares (commands/distill.ts for classification students,
// kim-distill.ts for --student kim2014), turned into the job's settings, and the lines both print.
import { AUGMENT_DEFAULTS, type AugmentOptions } from '../tasks/distill/augment.ts';
import { DISTANCES, type Distance, type DistillLossOptions } from '../tasks/distill/loss.ts';
import type { TransferSet } from '../tasks/distill/transfer-set.ts';
import { oneOf } from './flags.ts';
import { readPredictInput } from './predict-input.ts';

export interface DistillFlags {
  teacher: string;
  student?: string;
  out: string;
  unlabeled?: string;
  alpha: number;
  temperature: number;
  loss: string;
  augment?: boolean;
  augmentCopies: number;
  maskProb: number;
  ngramProb: number;
  maskToken: string;
  augmentSeed?: number;
  resume?: boolean;
  config?: string;
  json?: boolean;
  quiet?: boolean;
}

export function lossOf(o: DistillFlags): DistillLossOptions {
  return { alpha: o.alpha, temperature: o.temperature, distance: oneOf('--loss', o.loss, DISTANCES) as Distance };
}

/** --augment's settings (undefined without it); the seed defaults to the student's --seed. */
export function augmentOf(o: DistillFlags, seed: number): AugmentOptions | undefined {
  if (!o.augment) return undefined;
  return {
    copies: o.augmentCopies,
    maskProb: o.maskProb,
    ngramProb: o.ngramProb,
    maxNgram: AUGMENT_DEFAULTS.maxNgram,
    maskToken: o.maskToken,
    seed: o.augmentSeed ?? seed,
  };
}

/** The --unlabeled texts (lines, or a TSV/CSV/JSONL text column), with the file's name. */
export async function unlabeledOf(
  o: DistillFlags,
  header: boolean | undefined,
): Promise<{ name: string; texts: string[] } | undefined> {
  if (!o.unlabeled) return undefined;
  const u = await readPredictInput(o.unlabeled, { header });
  return { name: u.name, texts: u.texts };
}

export function transferLine(t: TransferSet['counts'] & { teacherComputed: number }): string {
  return `transfer set: ${t.total} texts (${t.labelled} labelled, ${t.augmented} augmented, ${t.unlabeled} unlabeled); teacher scored ${t.teacherComputed}, ${t.total - t.teacherComputed} from the cache`;
}

export function agreementLine(agreement: Record<string, number>): string {
  return `  agrees with the teacher: ${Object.entries(agreement)
    .map(([k, v]) => `${k} ${(100 * v).toFixed(2)}%`)
    .join(', ')}`;
}
