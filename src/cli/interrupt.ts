// Ctrl-C handling for long commands: the first SIGINT (or SIGTERM) only raises a flag that the trainer polls
// between steps (it then saves a resumable checkpoint and returns); a second one exits at once (checkpoints are
// written atomically, so even then the run folder is never half-written; exit handlers such as the run lock's
// still run). `CliExit` carries a specific exit code to
// main(): an interrupted training ends with 130 (128 + SIGINT, what shells report for Ctrl-C).
export class CliExit extends Error {
  override name = 'CliExit';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const INTERRUPTED = 130;

export interface InterruptFlag {
  stopped(): boolean;
  dispose(): void;
}

export function watchInterrupt(): InterruptFlag {
  let stop = false;
  const handler = () => {
    if (stop) {
      process.stderr.write('\nbertcnn: interrupted again — exiting now\n');
      process.exit(INTERRUPTED);
    }
    stop = true;
    process.stderr.write(
      '\nbertcnn: interrupted — saving a resumable checkpoint after the current step (Ctrl-C again to quit at once)\n',
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    stopped: () => stop,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
