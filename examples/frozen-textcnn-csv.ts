// Example (a): a frozen TextCNN trained from a CSV file. The encoder (USE-lite, offline) is not trained: its token
// states [B, T, 512] are computed once and cached in memory, and only the TextCNN head (kernels 3/4/5 × 100
// filters, Kim 2014) learns. A fifth of the rows is held out as dev; the best epoch on dev is kept.
//   npx tsx examples/frozen-textcnn-csv.ts [--data reviews.csv] [--epochs 5] [--out runs/reviews]
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { TextClassifier } from 'bertcnn';

export async function run(o: { data: string; epochs: number; out?: string }): Promise<void> {
  const clf = new TextClassifier({ encoder: 'use-lite', mode: 'frozen', head: 'textcnn', maxLength: 64, lr: 1e-3 });
  // CSV with a header: name the columns (the same settings as `bertcnn train --format csv --header …`).
  const result = await clf.fit(o.data, {
    devSplit: 0.2,
    epochs: o.epochs,
    read: { format: 'csv', header: true, textColumn: 'text', labelColumn: 'label' },
    callbacks: {
      onEpoch: (e, total) =>
        console.log(
          `epoch ${e.epoch}/${total}: loss ${e.train_loss.toFixed(3)}, dev accuracy ${e.dev?.accuracy?.toFixed(3)}`,
        ),
    },
  });
  console.log(`best epoch ${result.bestEpoch}`);
  console.log(clf.summary()); // layers, output shapes, parameter counts
  for (const p of await clf.predict(['The staff were friendly and the room was spotless.', 'It broke after two days.']))
    console.log(p.label, p.probabilities);
  if (o.out) await clf.save(o.out, { overwrite: true });
  await clf.close();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { data: { type: 'string' }, epochs: { type: 'string' }, out: { type: 'string' } },
  });
  const data = values.data ?? fileURLToPath(new URL('data/reviews.csv', import.meta.url));
  await run({ data, epochs: Number(values.epochs ?? 5), out: values.out });
}
