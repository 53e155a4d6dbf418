// Flag-value parsing shared by the CLI commands: every converter turns the string commander hands over into a
// typed value or throws a UsageError naming the flag and quoting the value (→ exit code 2).
//   int('--epochs', '5') → 5        ints('--kernel-sizes', '3,4,5') → [3, 4, 5]
//   column('--text-column', '1') → 1 (0-based index), column('--text-column', 'sentence') → 'sentence'
//   keyValues('--head-option', ['batch-norm=true', 'layers=[{"filters":8,"kernelSize":3}]']) → { batchNorm: true, layers: [...] }
import { UsageError } from '../errors.ts';

const INT = /^[+-]?\d+$/;
const NUM = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function int(flag: string, value: string): number {
  const v = value.trim();
  if (!INT.test(v) || !Number.isSafeInteger(Number(v)))
    throw new UsageError(`${flag} must be an integer, got '${value}'`);
  return Number(v);
}

export function num(flag: string, value: string): number {
  const v = value.trim();
  if (!NUM.test(v) || !Number.isFinite(Number(v))) throw new UsageError(`${flag} must be a number, got '${value}'`);
  return Number(v);
}

function list(flag: string, value: string, what: string): string[] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.some((p) => p === ''))
    throw new UsageError(`${flag} must be a comma-separated list of ${what}, got '${value}'`);
  return parts;
}

export function ints(flag: string, value: string): number[] {
  return list(flag, value, 'integers').map((p) => int(flag, p));
}

export function nums(flag: string, value: string): number[] {
  return list(flag, value, 'numbers').map((p) => num(flag, p));
}

export function strings(flag: string, value: string): string[] {
  return list(flag, value, 'names');
}

/** A column: a 0-based index (digits) or a header name / JSONL field. */
export function column(_flag: string, value: string): string | number {
  return /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
}

/** 'last' or hidden-state indices such as -4,-3,-2,-1. */
export function layers(flag: string, value: string): 'last' | number[] {
  if (value.trim() === 'last') return 'last';
  if (!/^\s*-?\d+(\s*,\s*-?\d+)*\s*$/.test(value))
    throw new UsageError(`${flag} must be 'last' or layer indices like -4,-3,-2,-1, got '${value}'`);
  return ints(flag, value);
}

/** 'balanced' or one weight per class. */
export function classWeights(flag: string, value: string): 'balanced' | number[] {
  return value.trim() === 'balanced' ? 'balanced' : nums(flag, value);
}

export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

/** kebab-case → camelCase ('batch-size' → 'batchSize'); camelCase passes through. */
export function camel(key: string): string {
  return key.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** key=value pairs; a value that parses as JSON (numbers, true/false, arrays, objects) is used as such. */
export function keyValues(flag: string, pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} must look like key=value, got '${pair}'`);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a plain string
    }
    out[camel(pair.slice(0, eq).trim())] = value;
  }
  return out;
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
