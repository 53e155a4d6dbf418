// Error classes shared by every layer of bertcnn. Messages must name the thing that is wrong
// (file:line, field, tensor, op and module path) so a user can act without reading a stack trace.

/** Wrong usage: bad flags, bad config, impossible combinations. The CLI exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Bad input data or files. `where` is e.g. `train.tsv:17` or `model/config.json`. */
export class DataError extends Error {
  override name = 'DataError';
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
  }
}

/** A model graph that cannot be built: shape mismatch, unsupported op or dtype. */
export class GraphError extends Error {
  override name = 'GraphError';
}

/** Training stopped on purpose (NaN/Inf loss, interrupted). */
export class TrainingError extends Error {
  override name = 'TrainingError';
}

/** Shortens user text quoted inside error messages. */
export function clip(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}
