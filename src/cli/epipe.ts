// `bertcnn predict … | head -1`: once the reader closes the pipe, writes to stdout fail with EPIPE. Like other
// pipe-friendly Unix tools we stop quietly with exit 0 instead of printing an unhandled 'error' stack trace.
// Installed once per process (main() may run many times in one process, e.g. in tests).
let installed = false;

/** Exits 0 as soon as stdout reports EPIPE; other stdout errors are re-thrown as before. */
export function exitQuietlyOnEpipe(stream: NodeJS.WriteStream = process.stdout): void {
  if (installed) return;
  installed = true;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}
