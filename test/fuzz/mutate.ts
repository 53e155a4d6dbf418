// Mutations for fuzzing "almost valid" inputs: a valid value (a tokenizer.json, a safetensors header, a
// config.json) or file is generated, then damaged by a few random edits, which reach far deeper into a parser
// than random bytes do (random bytes rarely get past the first syntax check).
import fc from 'fast-check';

/** One edit of a JSON value: at the node reached by `path` (child indices, taken modulo), replace/delete/add. */
export interface JsonEdit {
  path: number[];
  op: 'replace' | 'delete' | 'add';
  key: string;
  value: unknown;
}

/** JSON values that break assumptions: wrong types, huge/negative/fractional numbers, empty containers. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1, 0.5, 1e308, -1e308, 2 ** 53, 2 ** 32, '', '[UNK]', [], {}),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 8 }),
  fc.jsonValue({ maxDepth: 2 }),
);

export const jsonEdit: fc.Arbitrary<JsonEdit> = fc.record({
  path: fc.array(fc.nat(), { maxLength: 5 }),
  op: fc.constantFrom('replace', 'delete', 'add'),
  key: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('type', 'vocab', 'id', 'content', '__metadata__')),
  value: hostileJson,
});

/** Applies `edits` to a deep copy of `value` (JSON data only). */
export function applyJsonEdits(value: unknown, edits: readonly JsonEdit[]): unknown {
  const root = { v: structuredClone(value) as unknown };
  for (const e of edits) {
    // walk down from the wrapper: parent + key of the node to edit
    let parent: Record<string | number, unknown> = root as Record<string, unknown>;
    let key: string | number = 'v';
    for (const i of e.path) {
      const node: unknown = parent[key];
      if (node === null || typeof node !== 'object') break;
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      parent = node as Record<string | number, unknown>;
      const k = keys[i % keys.length]!;
      key = Array.isArray(node) ? Number(k) : k;
    }
    const node = parent[key];
    if (e.op === 'replace') parent[key] = structuredClone(e.value);
    else if (e.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else if (parent !== root) delete parent[key];
    } else if (Array.isArray(node)) node.push(structuredClone(e.value));
    else if (node !== null && typeof node === 'object') {
      // an own property even for '__proto__', as JSON.parse makes it
      Object.defineProperty(node, e.key, { value: e.value, enumerable: true, writable: true, configurable: true });
    }
  }
  return root.v;
}

/** One byte-level edit at a position taken modulo the length. */
export interface ByteEdit {
  at: number;
  op: 'set' | 'insert' | 'delete';
  byte: number;
}

export const byteEdit: fc.Arbitrary<ByteEdit> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('set', 'insert', 'delete'),
  // bytes that matter to text formats (newline, CR, tab, space, quote, digits, '-', '.', 0xff, NUL) or any
  byte: fc.oneof(fc.constantFrom(0x0a, 0x0d, 0x09, 0x20, 0x22, 0x30, 0x39, 0x2d, 0x2e, 0x2c, 0xff, 0x00), fc.nat(255)),
});

export function applyByteEdits(bytes: Uint8Array, edits: readonly ByteEdit[]): Uint8Array {
  const b = [...bytes];
  for (const e of edits) {
    const at = b.length ? e.at % (b.length + (e.op === 'insert' ? 1 : 0)) : 0;
    if (e.op === 'insert') b.splice(at, 0, e.byte);
    else if (b.length === 0) continue;
    else if (e.op === 'set') b[at] = e.byte;
    else b.splice(at, 1);
  }
  return Uint8Array.from(b);
}

/** No edits (the valid input itself, checked for a faithful round trip) or a few. */
export const someByteEdits = fc.oneof(
  fc.constant([] as ByteEdit[]),
  fc.array(byteEdit, { minLength: 1, maxLength: 4 }),
);
export const someJsonEdits = fc.oneof(
  fc.constant([] as JsonEdit[]),
  fc.array(jsonEdit, { minLength: 1, maxLength: 4 }),
);

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
