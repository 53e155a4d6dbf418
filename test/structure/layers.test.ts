// The import-layer rule (docs: /work/shared/GUIDE.md "Layout"): a module under src/ imports only from its own
// layer or the layers below it, and no two files import each other, directly or around a circle. Imports are read
// with the TypeScript parser (ts.preProcessFile: static imports, `export … from`, `import type`, dynamic import());
// type-only imports count, since they tie the layers together just the same.
// Exceptions are listed below, each with why it is there; an entry that no longer matches an import fails the test
// too, so the lists can only shrink.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const SRC = resolve(import.meta.dirname, '../../src');

/** From the bottom layer up; names separated by '|' share a layer (they may import each other's modules). */
const LAYERS = [
  'errors.ts',
  'engine',
  'nn',
  'tokenize',
  'io',
  'metrics', // scores and reports over label arrays (imports errors.ts only)
  'data',
  'encoders',
  'heads',
  'features', // encoder features for frozen heads: sources, the on-disk feature cache, long-text windows
  'train', // the task-independent loop, its job runner and the run folder
  'tasks', // one package per task (classification, ner, kim): model assembly, data, evaluation, inference
  'presets',
  'runs', // one Run for every kind of run folder (loadRun): what the consumers below use
  'serve|export|report|web|queue', // consumers of a run
  'cli',
  'api', // the high-level library API (TextClassifier, TokenTagger, pipeline)
  'index.ts',
];

/** Upward imports not yet removed: `from -> to`, paths relative to src/. */
const ALLOWED_UPWARD = new Set<string>([]);

/** Import circles not yet broken, each as its files sorted and joined by ' <-> '. */
const ALLOWED_CYCLES = new Set<string>([]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** Relative imports of a file, resolved to src-relative paths. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((s) => s.startsWith('.'))
    .map((s) => {
      const target = resolve(dirname(file), s);
      const found = [target, `${target}.ts`, join(target, 'index.ts')].find(
        (p) => existsSync(p) && statSync(p).isFile(),
      );
      assert.ok(found, `${relative(SRC, file)}: cannot resolve import '${s}'`);
      return relative(SRC, found);
    });
}

function layerOf(path: string): number {
  const top = path.split('/')[0]!;
  return LAYERS.findIndex((l) => l.split('|').includes(top));
}

/** Strongly connected components with more than one file (or a file importing itself): the import circles. */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || graph.get(v)!.includes(v)) found.push(scc.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const graph = new Map(sourceFiles(SRC).map((f) => [relative(SRC, f), importsOf(f)]));

test('every src/ module belongs to a layer', () => {
  const unplaced = [...graph.keys()].filter((f) => layerOf(f) < 0);
  assert.deepEqual(unplaced, [], 'place new folders in LAYERS (test/structure/layers.test.ts) and GUIDE.md');
});

test('no module imports from a layer above it (except the listed ones, which must all still exist)', () => {
  const upward = [...graph].flatMap(([from, tos]) =>
    tos.filter((to) => layerOf(to) > layerOf(from)).map((to) => `${from} -> ${to}`),
  );
  assert.deepEqual(
    upward.filter((e) => !ALLOWED_UPWARD.has(e)),
    [],
    'upward imports',
  );
  assert.deepEqual(
    [...ALLOWED_UPWARD].filter((e) => !upward.includes(e)),
    [],
    'allow-list entries that are gone: delete them',
  );
});

test('no import circles between files (except the listed ones, which must all still exist)', () => {
  const found = circles(graph).map((c) => c.join(' <-> '));
  assert.deepEqual(
    found.filter((c) => !ALLOWED_CYCLES.has(c)),
    [],
    'import circles',
  );
  assert.deepEqual(
    [...ALLOWED_CYCLES].filter((c) => !found.includes(c)),
    [],
    'allow-list entries that are gone: delete them',
  );
});

test('the circle finder finds direct, longer and self circles and nothing in a DAG', () => {
  const g = (edges: Record<string, string[]>) => new Map(Object.entries(edges));
  assert.deepEqual(circles(g({ a: ['b'], b: ['c'], c: [] })), []);
  assert.deepEqual(circles(g({ a: ['b'], b: ['a'], c: ['a'] })), [['a', 'b']]);
  assert.deepEqual(circles(g({ a: ['b'], b: ['c'], c: ['a'], d: ['d'] })), [['a', 'b', 'c'], ['d']]);
});
