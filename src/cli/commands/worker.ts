// `bertcnn worker --redis URL (--encoder REF | --run RUN)`: a BullMQ worker for `bertcnn embed --redis` (--encoder,
// with the same feature flags as embed: the queue name hashes them) or `bertcnn predict RUN --redis` (--run). The
// model is loaded once and serves every job until SIGINT/SIGTERM, which close gracefully: no new jobs, the running
// one finishes, the model is released (a second signal exits at once). Prints the queue it serves on stdout.
import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';
import { connectRedis, shownUrl } from '../../queue/connection.ts';
import { openEmbedHandler } from '../../queue/embed-handler.ts';
import { openPredictHandler } from '../../queue/predict-handler.ts';
import { startWorker, type JobHandler } from '../../queue/worker.ts';
import { int } from '../flags.ts';
import { addFeatureOptions, featureFlags, type FeatureFlags } from '../feature-flags.ts';

interface WorkerFlags extends FeatureFlags {
  allowIncomplete?: boolean;
  redis: string;
  encoder?: string;
  run?: string;
  concurrency: string;
  threads?: string;
  quiet?: boolean;
}

export function registerWorker(program: Command): void {
  const cmd = program
    .command('worker')
    .description(
      'serve `bertcnn embed --redis` (--encoder) or `bertcnn predict --redis` (--run) jobs from a BullMQ queue on Redis',
    )
    .requiredOption('--redis <url>', 'Redis to take jobs from: redis://host:port')
    .option(
      '--encoder <ref>',
      'embed jobs: Hugging Face Hub id or local model folder (with the feature flags embed is given)',
    )
    .option('--run <dir>', 'predict jobs: run folder written by bertcnn train')
    .option(
      '--concurrency <n>',
      'jobs held at once (they compute one at a time; start more workers to compute in parallel)',
      '1',
    )
    .option('--threads <n>', 'ONNX Runtime intra-op threads (default: all cores)');
  addFeatureOptions(cmd)
    .option('--allow-incomplete', 'use a run whose training did not finish (default: refuse it, naming its status)')
    .option('--quiet', 'print only the queue name')
    .action((o: WorkerFlags) => runWorker(o));
}

function positive(flag: string, value: string): number {
  const n = int(flag, value);
  if (n < 1) throw new UsageError(`${flag} must be a positive integer, got '${value}'`);
  return n;
}

export async function runWorker(o: WorkerFlags): Promise<void> {
  if ((o.encoder === undefined) === (o.run === undefined))
    throw new UsageError('give exactly one of --encoder REF (embed jobs) or --run RUN (predict jobs)');
  const concurrency = positive('--concurrency', o.concurrency);
  const threads = o.threads === undefined ? undefined : positive('--threads', o.threads);
  const features = o.encoder === undefined ? null : featureFlags(o);
  const say = (s: string) => {
    if (!o.quiet) process.stderr.write(`${s}\n`);
  };
  const link = await connectRedis(o.redis, (m) => say(`warning: ${m}`)); // fail fast, before loading a model
  // Run inference sessions read BERTCNN_THREADS when they are created (the run's encoder is opened inside
  // assembleClassifier, which takes no thread count).
  if (threads !== undefined && o.run !== undefined) process.env.BERTCNN_THREADS = String(threads);
  let handler: JobHandler;
  try {
    handler = features
      ? await openEmbedHandler(o.encoder!, features, { threads, onWarning: (m) => say(`warning: ${m}`) })
      : await openPredictHandler(o.run!, {
          allowIncomplete: o.allowIncomplete,
          onWarning: (m) => say(`warning: ${m}`),
        });
  } catch (e) {
    link.close();
    throw e;
  }
  const worker = await startWorker(link, handler, {
    concurrency,
    onJob: (j) =>
      say(
        j.error
          ? `job ${j.id}: ${j.texts} text(s) failed: ${j.error.message}`
          : `job ${j.id}: ${j.texts} text(s) in ${j.seconds.toFixed(2)} s`,
      ),
    onError: (m) => say(`warning: ${m}`),
  });
  console.log(
    `Worker for ${handler.serves} on queue ${handler.queue} at ${shownUrl(o.redis)} (concurrency ${concurrency})`,
  );
  say('Ctrl-C to stop (the running job finishes first)');
  await new Promise<void>((stopped) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stderr.write(`\nbertcnn worker: ${signal} again — exiting now\n`);
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
      stopping = true;
      say(`\n${signal}: closing (finishing the running job)…`);
      worker
        .close()
        .catch((e: unknown) => process.stderr.write(`bertcnn worker: ${(e as Error).message}\n`))
        .finally(() => {
          link.close();
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          say(`stopped after ${worker.completed} job(s)`);
          stopped();
        });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
