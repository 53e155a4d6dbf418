// Helpers shared by the head registries (./index.ts, ./taggers/index.ts): the option fields a user sets with their
// defaults removed (so a saved config keeps the options as given), and the one way head-option issues are named.
import { z } from 'zod';
import { fieldPath, formatIssues, type SchemaIssue } from '../errors.ts';

export type AsGiven<S extends z.ZodRawShape> = {
  [K in keyof S]: S[K] extends z.ZodDefault<infer T> ? z.ZodOptional<T> : S[K];
};

/** The same fields with their defaults removed (each optional), so parsing keeps the options as given. */
export function asGiven<S extends z.ZodRawShape>(shape: S): AsGiven<S> {
  return Object.fromEntries(
    Object.entries(shape).map(([k, v]) => [k, v instanceof z.ZodDefault ? z.optional(v.removeDefault()) : v]),
  ) as AsGiven<S>;
}

/** Issues of a head's options, named relative to the options (`kernelSizes.0: …`, `unknown option filterz`). */
export function optionIssues(issues: readonly SchemaIssue[]): string {
  const rel = (p: readonly PropertyKey[]) => fieldPath(p[0] === 'options' ? p.slice(1) : p);
  return formatIssues(issues, { name: rel, root: '(options)', unknown: 'option' });
}
