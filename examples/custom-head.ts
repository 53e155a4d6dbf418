// Example (d): a custom BERT + CNN model written in user code with the low-level API, trained by the project's
// trainer. The head is an ordinary Module (parameters named `head.conv.weight`, … like Hugging Face's) that meets
// the HeadApi contract: forward(ctx, tokens [B, T, H], mask [B, T]) → logits [B, C]. It convolves the token states
// and concatenates max- and mean-pooling over the real tokens. finetunePipeline() wires encoder + head into one
// graph; train() is the same loop `bertcnn train` runs (bucketed batches, AdamW, schedule, clipping, dev scoring,
// best epoch); evaluate() scores the model.
//   npx tsx examples/custom-head.ts [--encoder DIR|HUB-ID] [--train T.tsv --dev D.tsv] [--epochs 3]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import {
  Conv1d,
  dropout,
  evaluate,
  finetunePipeline,
  generateBertCheckpoint,
  Linear,
  loadEncoder,
  maskedMaxOverTime,
  maskedMeanOverTime,
  Module,
  op,
  outputSize,
  parseTrainOptions,
  readJobData,
  Rng,
  saveWeights,
  taskFromLabels,
  train,
  type BuildContext,
  type HeadApi,
  type Value,
} from 'bertcnn';

/** Conv1d over token states, then [max ‖ mean] over real tokens, dropout and a linear layer. */
class MaxMeanCnn extends Module implements HeadApi {
  readonly conv: Conv1d;
  readonly fc: Linear;
  readonly minLength = 1; // 'same' padding: any length works

  constructor(inputDim: number, filters: number, numClasses: number, rng: Rng) {
    super('head');
    this.conv = this.addChild(new Conv1d(this.path('conv'), inputDim, filters, 3, rng, { padding: 'same' }));
    this.fc = this.addChild(new Linear(this.path('fc'), 2 * filters, numClasses, rng));
  }

  forward(ctx: BuildContext, tokens: Value, mask?: Value): Value {
    return ctx.g.scope(this.name, () => {
      const m = mask!; // [B, T], 1 = real token
      const x = op.transpose(op.mul(tokens, op.unsqueeze(m, [2])), [0, 2, 1]); // [B, H, T], padding zeroed
      const h = op.relu(this.conv.forward(ctx, x)); // [B, F, T]
      const pooled = op.concat([maskedMaxOverTime(h, m), maskedMeanOverTime(op.transpose(h, [0, 2, 1]), m)], 1); // [B, 2F]
      return this.fc.forward(ctx, dropout(ctx, pooled, 0.1)); // [B, C]
    });
  }

  regularization(): Value | null {
    return null; // no extra loss term
  }
}

export async function run(o: {
  encoder?: string;
  train: string;
  dev: string;
  epochs: number;
}): Promise<Record<string, number>> {
  const scratch = await mkdtemp(join(tmpdir(), 'bertcnn-example-'));
  try {
    const ref =
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
    const encoder = await loadEncoder(ref, { maxLength: 64 });
    const data = await readJobData({ train: o.train, dev: o.dev }); // label map + label-encoded splits
    const task = taskFromLabels(data.labels); // binary: one logit
    const head = new MaxMeanCnn(encoder.featureDim(), 32, outputSize(task), new Rng(1));
    const pipeline = finetunePipeline(encoder, head, 'tokens', { maxLength: 64 });
    const options = parseTrainOptions({
      epochs: o.epochs,
      batchSize: 16,
      lr: 3e-3,
      encoderLr: 1e-3,
      schedule: 'constant',
    });
    const result = await train(
      pipeline,
      task,
      { train: data.train, dev: data.dev },
      options,
      {
        onEpoch: (e) => console.log(`epoch ${e.epoch}: train loss ${e.train_loss.toFixed(4)}, dev`, e.dev),
      },
      { encoderParams: new Set(encoder.module.parameters()) },
    );
    console.log(`best epoch ${result.bestEpoch}`);
    const scores = (await evaluate(pipeline, task, data.dev!, 32)).scores.summary; // the last epoch's weights
    console.log('dev', scores);
    await saveWeights(scratch, pipeline.parameters()); // model.safetensors: encoder + head, by parameter name
    await encoder.release();
    return scores;
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
    },
  });
  const data = (f: string) => fileURLToPath(new URL(`../data/sentiment-mini/${f}`, import.meta.url));
  await run({
    encoder: values.encoder,
    train: values.train ?? data('train.tsv'),
    dev: values.dev ?? data('dev.tsv'),
    epochs: Number(values.epochs ?? 3),
  });
}
