// The report of an NER run folder (bertcnn train --task ner): the epoch curves from log.jsonl (train loss, dev
// entity F1 / precision / recall / token accuracy), the entity-level scores of every split in metrics.json (or the
// one --split names) with a per-entity-type precision/recall/F1 table each (conlleval's counts: gold entities,
// predicted, correct), and the run configuration (config.json, plus train.json when present).
import { basename, join } from 'node:path';
import { UsageError } from '../errors.ts';
import { readTaggingRunConfig } from '../tasks/ner/run-config.ts';
import { readEpochs } from './epochs.ts';
import { configSection, curves, num, page, table, type EpochRow } from './html.ts';
import { numberField, numbersOf, objectField, readJsonObject, type Json } from './read-json.ts';

export interface EntityTypeRow {
  type: string;
  precision: number;
  recall: number;
  f1: number;
  /** Gold entities of this type. */
  support: number;
  predicted: number;
  correct: number;
}

export interface NerSplitScores {
  split: string;
  /** precision, recall, f1, token_accuracy, entities, predicted, sentences, cut_words. */
  summary: Record<string, number>;
  perType: EntityTypeRow[];
}

export interface NerReportData {
  title: string;
  config: unknown;
  epochs: EpochRow[];
  bestEpoch?: number;
  splits: NerSplitScores[];
  generatedAt?: string;
}

function splitScores(metrics: Json, split: string, path: string): NerSplitScores {
  const section = objectField(metrics, split, path, split);
  for (const k of ['precision', 'recall', 'f1']) numberField(section, k, path, `${split}.${k}`);
  const perType = objectField(section, 'per_type', path, `${split}.per_type`);
  return {
    split,
    summary: numbersOf(section),
    perType: Object.keys(perType).map((type) => {
      const s = objectField(perType, type, path, `${split}.per_type.${type}`);
      const n = (k: string) => numberField(s, k, path, `${split}.per_type.${type}.${k}`);
      return {
        type,
        precision: n('precision'),
        recall: n('recall'),
        f1: n('f1'),
        support: n('support'),
        predicted: n('predicted'),
        correct: n('correct'),
      };
    }),
  };
}

export async function readNerReport(dir: string, opts: { split?: 'dev' | 'test' } = {}): Promise<NerReportData> {
  const config = await readTaggingRunConfig(dir);
  const cli = await readJsonObject(join(dir, 'train.json'));
  const path = join(dir, 'metrics.json');
  const metrics = await readJsonObject(path);
  const present = ['dev', 'test'].filter((s) => metrics?.[s] !== undefined);
  if (opts.split && metrics && !present.includes(opts.split))
    throw new UsageError(`${path}: no '${opts.split}' scores (have: ${present.join(', ') || 'none'})`);
  const splits = metrics ? (opts.split ? [opts.split] : present).map((s) => splitScores(metrics, s, path)) : [];
  const train = config.data.train ? ` on ${basename(config.data.train)}` : '';
  return {
    title: `NER · ${config.head.kind} · ${config.mode} · ${basename(config.encoder.ref)}${train}`,
    config: cli ? { run: config, cli } : config,
    epochs: await readEpochs(dir),
    bestEpoch: typeof metrics?.best_epoch === 'number' ? metrics.best_epoch : undefined,
    splits,
  };
}

const SUMMARY = ['precision', 'recall', 'f1', 'token_accuracy', 'entities', 'predicted'];

export function renderNerReport(d: NerReportData): string {
  const scores = d.splits.length
    ? `<h2>Entity-level scores</h2>${d.bestEpoch !== undefined ? `<p>Best epoch ${d.bestEpoch}.</p>` : ''}${table(
        ['split', 'precision', 'recall', 'F1', 'token accuracy', 'entities', 'predicted'],
        d.splits.map((s) => [
          s.split,
          ...SUMMARY.map((k) =>
            k === 'entities' || k === 'predicted' ? String(s.summary[k] ?? '–') : num(s.summary[k]),
          ),
        ]),
        'entity-scores',
      )}${d.splits
        .map(
          (s) =>
            `<h2>Per-type scores (${s.split})</h2>${table(
              ['type', 'precision', 'recall', 'F1', 'gold', 'predicted', 'correct'],
              s.perType.map((r) => [
                r.type,
                num(r.precision),
                num(r.recall),
                num(r.f1),
                r.support,
                r.predicted,
                r.correct,
              ]),
              `per-type-${s.split}`,
            )}`,
        )
        .join('')}`
    : '<p class="note">No metrics.json: the run has not finished.</p>';
  return page(
    d.title,
    d.generatedAt,
    `<h2>Training curves</h2><div class="charts" id="curves">${curves(d.epochs)}</div>
${scores}
${configSection(d.config)}`,
  );
}
