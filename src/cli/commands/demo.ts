// `bertcnn demo engine`: trains a small TextCNN on a synthetic bigram task with the ONNX Runtime engine and
// prints progress — the smallest end-to-end proof that forward, autodiff, sessions and optimizers work here.
import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';
import { runEngineDemo } from '../../train/engine-demo.ts';

export function registerDemo(program: Command): void {
  const demo = program.command('demo').description('small self-contained demonstrations');
  demo
    .command('engine')
    .description('train a toy TextCNN with the ONNX Runtime training engine (no data or model files needed)')
    .option('--epochs <n>', 'epochs', '8')
    .option('--seed <n>', 'random seed', '1')
    .option('--json', 'print one JSON object per epoch')
    .option('--quiet', 'no progress output')
    .action(async (o: { epochs: string; seed: string; json?: boolean; quiet?: boolean }) => {
      const epochs = Number(o.epochs);
      const seed = Number(o.seed);
      if (!Number.isInteger(epochs) || epochs < 1)
        throw new UsageError(`--epochs must be a positive integer, got '${o.epochs}'`);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got '${o.seed}'`);
      const result = await runEngineDemo({
        epochs,
        seed,
        onEpoch: (e) => {
          if (o.json) console.log(JSON.stringify(e));
          else if (!o.quiet) {
            console.log(
              `epoch ${e.epoch}/${epochs}  loss ${e.trainLoss.toFixed(4)}  dev accuracy ${(100 * e.devAccuracy).toFixed(1)}%  (${e.seconds.toFixed(2)} s)`,
            );
          }
        },
      });
      if (!o.json && !o.quiet) {
        console.log(
          `\nTextCNN on the toy bigram task: dev accuracy ${(100 * result.devAccuracy).toFixed(1)}% after ${epochs} epochs (${result.parameters} parameters).`,
        );
      }
    });
}
