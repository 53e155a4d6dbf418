// Entry point of the `bertcnn` CLI: one file per command under src/cli/commands/. Exit codes: 0 ok,
// 1 runtime failure, 2 usage error (bad flags, bad config), 130 training interrupted by Ctrl-C (checkpoint saved).
// Command modules are loaded lazily: a run loads only its own command (serve alone pulls in fastify, predict alone
// onnxruntime-node, …), and the top-level `--help` loads none — it lists the names and descriptions in COMMANDS,
// which test/cli/main.test.ts checks against the commands themselves.
import { Command, CommanderError, Help } from 'commander';
import { UsageError } from '../errors.ts';
import { exitQuietlyOnEpipe } from './epipe.ts';
import { addFlagAliases } from './flag-aliases.ts';
import { CliExit } from './interrupt.ts';

type Register = (program: Command) => void;

interface CommandEntry {
  name: string;
  /** The term `bertcnn --help` shows, e.g. 'eval [options] <run>'. */
  term: string;
  description: string;
  load: () => Promise<Register>;
}

/** Every command, in `--help` order. A new command file under src/cli/commands/ gets a line here. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'quickstart',
    term: 'quickstart [options]',
    description: 'train and evaluate a TextCNN on bundled data with the offline USE-lite encoder (no network)',
    load: async () => (await import('./commands/quickstart.ts')).registerQuickstart,
  },
  {
    name: 'demo',
    term: 'demo',
    description: 'small self-contained demonstrations',
    load: async () => (await import('./commands/demo.ts')).registerDemo,
  },
  {
    name: 'embed',
    term: 'embed [options]',
    description:
      'compute encoder features for a file of texts into the persistent feature cache (only missing texts are embedded)',
    load: async () => (await import('./commands/embed.ts')).registerEmbed,
  },
  {
    name: 'train',
    term: 'train [options]',
    description:
      'train a classifier (encoder features → head) into a run folder; --folds K for cross-validation; --task ner for CoNLL tagging',
    load: async () => (await import('./commands/train.ts')).registerTrain,
  },
  {
    name: 'heads',
    term: 'heads [options] [name]',
    description: 'list the heads train --head takes: input/output shapes and every option with its type and default',
    load: async () => (await import('./commands/heads.ts')).registerHeads,
  },
  {
    name: 'distill',
    term: 'distill [options]',
    description: 'distil a trained classification run (the teacher) into a student run: BERT + CNN → a small CNN',
    load: async () => (await import('./commands/distill.ts')).registerDistill,
  },
  {
    name: 'eval',
    term: 'eval [options] <run>',
    description:
      'score a trained run on a labelled file: classification report and confusion matrix (NER runs: CoNLL, entity F1)',
    load: async () => (await import('./commands/eval.ts')).registerEval,
  },
  {
    name: 'predict',
    term: 'predict [options] <run>',
    description: 'classify texts with a trained run; JSONL out: {"text", "label" | "labels", "probabilities"}',
    load: async () => (await import('./commands/predict.ts')).registerPredict,
  },
  {
    name: 'compare',
    term: 'compare [options]',
    description: 'linear (pooled) vs TextCNN (token features) vs CNN-alone (token ids) on one dataset, same budget',
    load: async () => (await import('./commands/compare.ts')).registerCompare,
  },
  {
    name: 'report',
    term: 'report [options] <run>',
    description:
      'write a self-contained HTML report of a run (curves, scores, config): classification, NER, kim2014 or a --folds folder',
    load: async () => (await import('./commands/report.ts')).registerReport,
  },
  {
    name: 'export',
    term: 'export [options] <run>',
    description:
      'export a trained run (classification, NER or kim2014) as one ONNX file + bertcnn-export.json + tokenizer files',
    load: async () => (await import('./commands/export.ts')).registerExport,
  },
  {
    name: 'serve',
    term: 'serve [options] <run>',
    description: 'serve a trained run over HTTP: POST /v1/predict {"texts": [...]}, GET /v1/model, GET /health',
    load: async () => (await import('./commands/serve.ts')).registerServe,
  },
  {
    name: 'web',
    term: 'web [options] <dir>',
    description: 'run an export folder in the browser: copy a demo page + bertcnn-web.js + ORT wasm into it, serve it',
    load: async () => (await import('./commands/web.ts')).registerWeb,
  },
  {
    name: 'worker',
    term: 'worker [options]',
    description:
      'serve `bertcnn embed --redis` (--encoder) or `bertcnn predict --redis` (--run) jobs from a BullMQ queue on Redis',
    load: async () => (await import('./commands/worker.ts')).registerWorker,
  },
  {
    name: 'upgrade',
    term: 'upgrade [options] <run>',
    description: 'rewrite a run folder written by an older bertcnn in the current run-folder format',
    load: async () => (await import('./commands/upgrade.ts')).registerUpgrade,
  },
  {
    name: 'summary',
    term: 'summary [options] <run>',
    description: "a run's layers, output shapes and parameter counts (trainable / frozen), Keras-style",
    load: async () => (await import('./commands/summary.ts')).registerSummary,
  },
];

/** The command argv names: the first operand, or the one after `help` (`bertcnn help train`). */
export function commandOf(args: string[]): string | undefined {
  const i = args.findIndex((a) => !a.startsWith('-'));
  if (i < 0) return undefined;
  return args[i] === 'help' ? args[i + 1] : args[i];
}

function baseProgram(): Command {
  return new Command()
    .name('bertcnn')
    .description('BERT + CNN text models: build, train, evaluate and serve on ONNX Runtime')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
}

/**
 * The program for one command line: the command argv names is loaded and registered in full; every other command
 * is a placeholder with its name and description (enough for `--help` and for "unknown command" suggestions).
 * With `load: 'all'` every command module is loaded (tests compare the two).
 */
export async function buildProgram(argv: string[] = [], load: 'needed' | 'all' = 'needed'): Promise<Command> {
  const program = baseProgram();
  const wanted = commandOf(argv.slice(2));
  const terms = new Map<Command, string>();
  for (const c of COMMANDS) {
    if (load === 'all' || c.name === wanted) {
      (await c.load())(program);
      continue;
    }
    const placeholder = program
      .command(c.name)
      .description(c.description)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => {
        throw new Error(`internal: the ${c.name} command was not loaded`);
      });
    terms.set(placeholder, c.term);
  }
  addFlagAliases(program); // --model → --encoder, --data → --input (hidden; flag-aliases.ts)
  if (terms.size > 0) {
    const help = new Help();
    program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd) ?? help.subcommandTerm(cmd) });
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  exitQuietlyOnEpipe();
  try {
    const program = await buildProgram(argv);
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
