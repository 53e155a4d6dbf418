// Helpers shared by the head registries (./index.ts, ./taggers/index.ts): the option fields a user sets with their
// defaults removed (so a saved config keeps the options as given), the one spelling of option names, and the one
// way head-option issues are named.
// Spelling: option keys are camelCase inside (config.json, the library API) and kebab-case outside (flags,
// `--head-option batch-norm=true`, `bertcnn heads`, every message). Input takes either: optionKeys() turns
// kebab-case keys (at any depth: `layers=[{"kernel-size":5}]`) into the internal camelCase before validation, so
// camelCase keeps working as an alias for older commands and configs.
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

/** kebab-case → camelCase ('batch-norm' → 'batchNorm'); camelCase passes through. */
export const camelKey = (key: string): string => key.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** camelCase → kebab-case ('batchNorm' → 'batch-norm', 'l2Bias' → 'l2-bias'): how a user sees an option. */
export const kebabKey = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** Options with every key in the internal camelCase, at any depth (plain objects and arrays; typed arrays such as
 *  cnn-alone's `pretrained` table pass untouched). Anything that is not a plain object is returned as it is. */
export function optionKeys(raw: unknown): unknown {
  if (Array.isArray(raw)) return raw.map(optionKeys);
  if (!isPlain(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [camelKey(k), optionKeys(v)]));
}

/** An option path as a user spells it: `layers.0.kernel-size`. */
export const optionPath = (p: readonly PropertyKey[]): string =>
  fieldPath(p.map((k) => (typeof k === 'string' ? kebabKey(k) : k)));

/**
 * Issues of a head's options, named relative to the options in kebab-case (`kernel-sizes.0: …`, `unknown option
 * filterz`); when an option is unknown, the head's own options follow, so the message says what would work.
 */
export function optionIssues(issues: readonly SchemaIssue[], known?: readonly string[]): string {
  const rel = (p: readonly PropertyKey[]) => optionPath(p[0] === 'options' ? p.slice(1) : p);
  const text = formatIssues(issues, { name: rel, root: '(options)', unknown: 'option' });
  const atRoot = (p: readonly PropertyKey[]) => p.length === 0 || (p.length === 1 && p[0] === 'options');
  const unknown = issues.some((i) => i.code === 'unrecognized_keys' && atRoot(i.path));
  return unknown && known ? `${text} (its options: ${known.map(kebabKey).join(', ')})` : text;
}
