// What `bertcnn train` (and `compare`) show while a job runs, as JobEvents: a line per data file read, a
// feature-extraction bar, a bar per epoch (steps, rate, ETA, running loss, the last dev metric) and a line per
// finished epoch, and each program compilation (graphs compiled per padded length make a first epoch long). Bars on a
// TTY, plain lines every N seconds otherwise (src/cli/progress.ts); lines go to stderr; nothing with quiet.
import { summaryLine, type SplitSummary } from '../tasks/classification/data.ts';
import type { CvEvents } from '../tasks/classification/cross-validate.ts';
import type { EpochRecord } from '../tasks/classification/trainer.ts';
import { metricLine } from './format.ts';
import { onProgramCompile } from '../train/program-cache.ts';
import { progressBar, type Progress, type ProgressOptions } from './progress.ts';

export interface TrainEvents extends CvEvents {
  /** Stops any bar still drawn. */
  finish(): void;
  /** The records one epoch trains on, when they are not the training file's (a distillation's transfer set:
   *  the training texts plus augmented and unlabeled ones), so the first epoch's bar has the right length. */
  trainingRecords(n: number): void;
}

export function trainEvents(o: {
  quiet: boolean;
  epochs: number;
  batchSize: number;
  stopped: () => boolean;
  prefix?: string;
  /** Where the epoch bars go and their clock (tests; default stderr, Date.now, BERTCNN_PROGRESS_SECONDS). */
  bars?: Pick<ProgressOptions, 'stream' | 'now' | 'everySeconds'>;
}): TrainEvents {
  const pre = o.prefix ? `${o.prefix} ` : '';
  const say = (s: string) => {
    if (!o.quiet) process.stderr.write(`${pre}${s}\n`);
  };
  let features: Progress | null = null;
  let bar: Progress | null = null;
  let barEpoch = 0;
  let stepsPerEpoch = 1;
  let inEpoch = 0;
  let lossSum = 0;
  let lastDev = '';
  const stopBar = () => {
    bar?.stop();
    bar = null;
  };
  // Graphs with a static length (BiLSTM, CRF) compile once per padded length: said once each, so a long first
  // epoch is explained.
  const unsubscribe = onProgramCompile((T) =>
    say(T === 'T' ? 'compiling the program (once, any length)…' : `compiling the program for length ${T} (once)…`),
  );
  return {
    onData(summaries: SplitSummary[]) {
      stepsPerEpoch = Math.max(1, Math.ceil(summaries[0]!.records / o.batchSize));
      for (const s of summaries) say(summaryLine(s));
    },
    trainingRecords(n: number) {
      stepsPerEpoch = Math.max(1, Math.ceil(n / o.batchSize));
    },
    onFeatures(done, total) {
      // The first call (done 0) says how many texts the encoder must run on: 0 when the feature cache has them all
      // (e.g. filled by `bertcnn embed` with the same settings).
      if (done === 0)
        say(
          total === 0
            ? 'features: every text found in the feature cache, none computed'
            : `features: computing ${total} text(s)`,
        );
      if (total === 0) return;
      features ??= progressBar(total, `${pre}features`, { quiet: o.quiet });
      features.update(done);
      if (done >= total) {
        features.stop();
        features = null;
      }
    },
    onStep(s) {
      if (s.epoch !== barEpoch) {
        stopBar();
        barEpoch = s.epoch;
        inEpoch = 0;
        lossSum = 0;
        bar = progressBar(stepsPerEpoch, `${pre}epoch ${s.epoch}/${o.epochs}`, {
          ...o.bars,
          quiet: o.quiet,
          fields: 'loss {loss}{dev}',
          payload: { loss: '-', dev: '' },
        });
      }
      inEpoch++;
      lossSum += s.loss;
      bar?.update(Math.min(inEpoch, stepsPerEpoch), {
        loss: (lossSum / inEpoch).toFixed(4),
        dev: lastDev ? ` | dev ${lastDev}` : '',
      });
    },
    onEpoch(e: EpochRecord, total: number) {
      stopBar();
      stepsPerEpoch = e.steps;
      lastDev = metricLine(e.dev, ['accuracy', 'micro_f1', 'f1']);
      say(
        `epoch ${e.epoch}/${total}  loss ${e.train_loss.toFixed(4)}${e.dev ? `  dev ${metricLine(e.dev)}` : ''}  (${e.seconds.toFixed(1)} s)`,
      );
    },
    onFold(i, k) {
      stopBar();
      barEpoch = 0;
      lastDev = '';
      say(`— fold ${i}/${k}`);
    },
    onWarning: (m) => say(`warning: ${m}`),
    onInfo: (m) => say(m),
    shouldStop: o.stopped,
    finish() {
      unsubscribe();
      stopBar();
      features?.stop();
    },
  };
}
