// `bertcnn quickstart`: the newcomer's first command — no arguments, no network. Trains a TextCNN on Universal
// Sentence Encoder lite token features over the bundled sentiment dataset, prints dev accuracy and the
// confusion matrix, saves the run folder, predicts example sentences and shows what to do next.
import type { Command } from 'commander';
import { formatReport, classificationReport } from '../../metrics/index.ts';
import { runQuickstart } from '../../tasks/classification/quickstart.ts';
import { progressBar } from '../progress.ts';

function confusionTable(labels: string[], m: number[][]): string {
  const w = Math.max(10, ...labels.map((l) => l.length)) + 2;
  const head = `${'true \\ predicted'.padEnd(w + 6)}${labels.map((l) => l.padStart(w)).join('')}`;
  const rows = m.map((r, i) => `${labels[i]!.padEnd(w + 6)}${r.map((v) => String(v).padStart(w)).join('')}`);
  return [head, ...rows].join('\n');
}

export function registerQuickstart(program: Command): void {
  program
    .command('quickstart')
    .description('train and evaluate a TextCNN on bundled data with the offline USE-lite encoder (no network)')
    .option('--out <dir>', 'run folder to create', `runs/quickstart-${new Date().toISOString().replace(/[:.]/g, '-')}`)
    .option('--epochs <n>', 'epochs', '10')
    .option('--quiet', 'print only the results')
    .action(async (o: { out: string; epochs: string; quiet?: boolean }) => {
      const say = (s = '') => (o.quiet ? undefined : console.log(s));
      say(
        'bertcnn quickstart: TextCNN (kernels 3/4/5 × 100) on Universal Sentence Encoder lite token states [B, T, 512],',
      );
      say('frozen encoder, trained on data/sentiment-mini (400 train / 100 dev sentences written for this project).\n');
      let bar: ReturnType<typeof progressBar> | null = null;
      const started = Date.now();
      const r = await runQuickstart({
        out: o.out,
        epochs: Number(o.epochs),
        events: {
          onFeatures: (done, total) => {
            bar ??= progressBar(total, 'encoding', { quiet: o.quiet });
            bar.update(done);
            if (done >= total) bar.stop();
          },
          onEpoch: (e, total) =>
            say(
              `epoch ${String(e.epoch).padStart(2)}/${total}  loss ${e.train_loss.toFixed(4)}  dev accuracy ${(100 * (e.dev?.accuracy ?? 0)).toFixed(1)}%  (${e.seconds.toFixed(1)} s)`,
            ),
          onWarning: () => {},
        },
      });
      const dev = r.metrics.dev as { accuracy: number; confusion: number[][]; per_class: { label: string }[] };
      const labels = r.config.task.labels;
      console.log(`\nDev accuracy (best epoch ${r.result.bestEpoch}): ${(100 * dev.accuracy).toFixed(1)}%\n`);
      console.log(confusionTable(labels, dev.confusion));
      const y = dev.confusion.flatMap((row, i) => row.flatMap((n) => Array<number>(n).fill(i)));
      const p = dev.confusion.flatMap((row) => row.flatMap((n, j) => Array<number>(n).fill(j)));
      say(`\n${formatReport(classificationReport(y, p, labels))}`);
      console.log('Predictions:');
      for (const e of r.examples)
        console.log(`  ${e.label.padEnd(9)} ${(100 * e.probability).toFixed(0).padStart(3)}%  ${e.text}`);
      say(
        `\nRun folder: ${o.out} (config.json, model.safetensors, labels.json, metrics.json, log.jsonl) — ${((Date.now() - started) / 1000).toFixed(0)} s in all.`,
      );
      say('\nNext steps:');
      say(
        `  bertcnn train --train your.tsv --dev dev.tsv --encoder use-lite --head textcnn --mode frozen --out runs/mine`,
      );
      say(
        '  bertcnn train … --encoder bert-base-uncased --mode finetune      (downloads from the Hugging Face Hub when online)',
      );
      say(`  bertcnn predict ${o.out} --input texts.txt        bertcnn eval ${o.out} --input labelled.tsv`);
      say(`  bertcnn report ${o.out}                           (HTML report with curves and the confusion matrix)`);
      say('  bertcnn compare --train your.tsv --encoder use-lite  (linear vs TextCNN vs CNN-alone, same budget)');
      say(`  bertcnn serve ${o.out}                            (HTTP JSON API with micro-batching)`);
    });
}
