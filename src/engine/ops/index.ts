// Every op the engine can emit, in one namespace: `import * as op from '../engine/ops/index.ts'`.
export * from './elementwise.ts';
export * from './shape-ops.ts';
export * from './linalg.ts';
export * from './conv.ts';
export * from './reduce.ts';
export * from './indexing.ts';
export * from './nn-ops.ts';
export * from './contrib.ts';
