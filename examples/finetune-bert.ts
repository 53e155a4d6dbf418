// Example (b): fine-tuning. The encoder is a BERT in Hugging Face layout — here a tiny random one generated on the
// spot (2 layers, hidden 32, the real bert-base-uncased vocabulary) so the example runs offline in seconds; give
// --encoder bert-base-uncased (or any BERT/DistilBERT folder or Hub id) for a real one. In mode 'finetune' the
// encoder and the head train together: the head at `lr`, the encoder at `encoderLr` (BERT's usual 2e-5 by default;
// higher here because the tiny encoder starts from random weights). The run folder keeps the fine-tuned encoder in
// encoder/ (Hugging Face layout).
//   npx tsx examples/finetune-bert.ts [--encoder DIR|HUB-ID] [--train T.tsv --dev D.tsv] [--epochs 3] [--out DIR]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { generateBertCheckpoint, TextClassifier } from 'bertcnn';

export async function run(o: {
  encoder?: string;
  train: string;
  dev: string;
  epochs: number;
  out?: string;
}): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'bertcnn-example-'));
  try {
    const encoder =
      o.encoder ??
      (
        await generateBertCheckpoint(join(scratch, 'tiny-bert'), {
          layers: 2,
          hidden: 32,
          heads: 2,
          ffn: 64,
          vocab: 'bert-base-uncased',
        })
      ).dir;
    const clf = new TextClassifier({
      encoder,
      mode: 'finetune',
      head: 'textcnn',
      headOptions: { filters: 32, dropout: 0.1 },
      maxLength: 64,
      lr: 3e-3,
      encoderLr: 1e-3,
      batchSize: 16,
    });
    const fitted = await clf.fit(o.train, {
      dev: o.dev,
      epochs: o.epochs,
      callbacks: { onEpoch: (e) => console.log(`epoch ${e.epoch}: dev`, e.dev) },
    });
    console.log('best dev scores', fitted.metrics.dev);
    console.log(clf.summary({ expandEncoder: true })); // every encoder layer, trainable
    if (o.out) await clf.save(o.out, { overwrite: true });
    await clf.close();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      encoder: { type: 'string' },
      train: { type: 'string' },
      dev: { type: 'string' },
      epochs: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const data = (f: string) => fileURLToPath(new URL(`../data/sentiment-mini/${f}`, import.meta.url));
  await run({
    encoder: values.encoder,
    train: values.train ?? data('train.tsv'),
    dev: values.dev ?? data('dev.tsv'),
    epochs: Number(values.epochs ?? 3),
    out: values.out,
  });
}
