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

/** A schema-validation issue as zod reports it (structural, so this bottom layer needs no zod import). */
export interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
  /** `unrecognized_keys`: the unknown keys of the object at `path`. */
  readonly keys?: readonly string[];
}

export interface IssueFormat {
  /** Names a field by its path (default: dotted, e.g. `head.options.layers.0.filters`). */
  name?: (path: readonly PropertyKey[]) => string;
  /** Name of the whole value when the path is empty (default '(root)'). */
  root?: string;
  /** What an unknown key is called: `unknown key head.options.filterz` (default 'key'; e.g. 'option'). */
  unknown?: string;
}

/** Dotted field path, as a config file spells it (`head.options.layers.0.filters`); '' for the root. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/**
 * The one formatter of schema (zod) issues: `field: message` per issue, joined with '; '. An unknown key is named
 * in full (`unknown key head.options.filterz`), so a typo in a config or an option names itself.
 */
export function formatIssues(issues: readonly SchemaIssue[], f: IssueFormat = {}): string {
  const name = (path: readonly PropertyKey[]) => (f.name ? f.name(path) : fieldPath(path)) || (f.root ?? '(root)');
  return issues
    .map((i) => {
      if (i.code === 'unrecognized_keys' && i.keys?.length) {
        const s = i.keys.length > 1 ? 's' : '';
        return `unknown ${f.unknown ?? 'key'}${s} ${i.keys.map((k) => name([...i.path, k])).join(', ')}`;
      }
      return `${name(i.path)}: ${i.message}`;
    })
    .join('; ');
}
