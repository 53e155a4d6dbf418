// Entry point of the `bertcnn` CLI: one file per command under src/cli/commands/. Exit codes: 0 ok,
// 1 runtime failure, 2 usage error (bad flags, bad config), 130 training interrupted by Ctrl-C (checkpoint saved).
import { Command, CommanderError } from 'commander';
import { UsageError } from '../errors.ts';
import { registerDemo } from './commands/demo.ts';
import { registerEmbed } from './commands/embed.ts';
import { registerTrain } from './commands/train.ts';
import { registerEval } from './commands/eval.ts';
import { registerPredict } from './commands/predict.ts';
import { registerCompare } from './commands/compare.ts';
import { registerReport } from './commands/report.ts';
import { registerExport } from './commands/export.ts';
import { registerQuickstart } from './commands/quickstart.ts';
import { registerServe } from './commands/serve.ts';
import { registerWeb } from './commands/web.ts';
import { registerWorker } from './commands/worker.ts';
import { CliExit } from './interrupt.ts';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('bertcnn')
    .description('BERT + CNN text models: build, train, evaluate and serve on ONNX Runtime')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerQuickstart(program);
  registerDemo(program);
  registerEmbed(program);
  registerTrain(program);
  registerEval(program);
  registerPredict(program);
  registerCompare(program);
  registerReport(program);
  registerExport(program);
  registerServe(program);
  registerWeb(program);
  registerWorker(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0) return 0;
      return 2;
    }
    if (e instanceof CliExit) {
      process.stderr.write(`bertcnn: ${e.message}\n`);
      return e.code;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`bertcnn: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`bertcnn: ${(e as Error).message}\n`);
    if (process.env.BERTCNN_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return 1;
  }
}
