// Run folders given to predict / eval / report / export / serve / summary / upgrade / train --resume: missing or
// broken files are named; a run that did not finish (interrupted, failed, or from before status.json without
// metrics.json) is refused naming its status and how to resume, or taken with a warning under
// --allow-incomplete (issue #17: unfinished runs used to pass for finished ones).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Ctx, RobustCase } from '../types.ts';
import { put } from './helpers.ts';

type Argv = (run: string, dir: string, ctx: Ctx) => string[];

const predict: Argv = (run, _d, ctx) => ['predict', run, '--input', ctx.texts, '--quiet'];
const evaluate: Argv = (run, _d, ctx) => ['eval', run, '--data', ctx.dev, '--quiet'];

/** A copy of the shared run broken by `change`, then `argv` on it. */
const broken = (
  name: string,
  input: string,
  change: (run: string) => void,
  argv: Argv,
  expect: RobustCase['expect'],
): RobustCase => ({
  kind: 'run-folder',
  name,
  input,
  make: async (dir, ctx) => {
    const run = await ctx.copyRun(dir);
    change(run);
    return { argv: argv(run, dir, ctx) };
  },
  expect,
});

const json = (run: string, f: string) => JSON.parse(readFileSync(join(run, f), 'utf8')) as Record<string, unknown>;
const patch = (f: string, p: Record<string, unknown>) => (run: string) =>
  writeFileSync(join(run, f), JSON.stringify({ ...json(run, f), ...p }));
const text = (f: string, s: string) => (run: string) => writeFileSync(join(run, f), s);
const remove = (f: string) => (run: string) => rmSync(join(run, f), { recursive: true });
const status = (s: string, reason?: string) =>
  text('status.json', JSON.stringify({ status: s, reason, updated: '2026-01-01T00:00:00Z' }));

const UNFINISHED = /not a finished run: its training is interrupted.*bertcnn train --resume --out/;

export const RUN_FOLDER_CASES: RobustCase[] = [
  {
    kind: 'run-folder',
    name: 'no such folder',
    input: 'predict nope/',
    make: (dir, ctx) => ({ argv: predict(join(dir, 'nope'), dir, ctx) }),
    expect: { exit: 1, message: /nope: not a bertcnn run folder: no such folder/ },
  },
  {
    kind: 'run-folder',
    name: 'a file, not a folder',
    input: 'predict on a text file',
    make: (dir, ctx) => ({ argv: predict(put(dir, 'run.txt', 'x'), dir, ctx) }),
    expect: { exit: 1, message: /run\.txt: not a bertcnn run folder: a file, not a folder/ },
  },
  {
    kind: 'run-folder',
    name: 'an empty folder',
    input: 'eval on an empty folder',
    make: (dir, ctx) => {
      mkdirSync(join(dir, 'empty'));
      return { argv: evaluate(join(dir, 'empty'), dir, ctx) };
    },
    expect: { exit: 1, message: /empty: not a bertcnn run folder \(no config\.json, kim\.json or cv\.json\)/ },
  },
  {
    kind: 'run-folder',
    name: 'a model folder for a run',
    input: 'predict on the BERT folder itself',
    make: (dir, ctx) => ({ argv: predict(ctx.model, dir, ctx) }),
    expect: { exit: 1, message: /tiny-bert\/config\.json: no run format version \(expected "version": 1\.\.2\)/ },
  },
  broken('config.json missing', 'the run without config.json', remove('config.json'), predict, {
    exit: 1,
    message: /run: not a bertcnn run folder/,
  }),
  broken('config.json not JSON', 'config.json "{"', text('config.json', '{'), predict, {
    exit: 1,
    message: /run\/config\.json: not valid JSON/,
  }),
  broken('config.json newer version', 'version 9', patch('config.json', { version: 9 }), predict, {
    exit: 1,
    message: /config\.json.*run format version 9 was written by a newer bertcnn.*update bertcnn/,
  }),
  broken('config.json other format', 'format "keras"', patch('config.json', { format: 'keras' }), predict, {
    exit: 1,
    message: /run\/config\.json: invalid run config — format: Invalid input: expected "bertcnn-run"/,
  }),
  broken(
    'unknown task kind',
    'task.kind "regression"',
    patch('config.json', { task: { kind: 'regression', labels: ['a', 'b'] } }),
    predict,
    {
      exit: 1,
      message: /run\/config\.json: invalid run config — task\.kind: Invalid option/,
    },
  ),
  broken(
    'unknown head',
    'head.kind "transformer-xl"',
    patch('config.json', { head: { kind: 'transformer-xl', options: {} } }),
    predict,
    {
      exit: 1,
      message: /run\/config\.json: invalid run config — head\.kind: unknown head/,
    },
  ),
  broken(
    'encoder moved away',
    'encoder.ref pointing at a deleted folder',
    patch('config.json', {
      encoder: { layers: 'last', combine: 'concat', maxLength: 128, precision: 'fp32', ref: '/nonexistent/tiny-bert' },
    }),
    predict,
    {
      exit: 1,
      message: /\/nonexistent\/tiny-bert: model folder not found/,
    },
  ),
  broken('labels.json missing', 'the run without labels.json', remove('labels.json'), predict, {
    exit: 1,
    message: /labels\.json: cannot read label map/,
  }),
  broken(
    'labels.json duplicate label',
    '{"labels": ["a", "a"]}',
    text('labels.json', '{"labels": ["a", "a"], "multiLabel": false}'),
    predict,
    {
      exit: 1,
      message: /labels\.json: label "a" appears twice/,
    },
  ),
  broken('labels.json empty', '{"labels": []}', text('labels.json', '{"labels": [], "multiLabel": false}'), predict, {
    exit: 1,
    message: /labels\.json: expected \{"labels": \[names…\]\} with at least one label/,
  }),
  broken(
    'labels.json disagrees with config',
    '3 labels for a binary run',
    text('labels.json', '{"labels": ["a", "b", "c"], "multiLabel": false}'),
    predict,
    {
      exit: 1,
      message: /run\/labels\.json: labels \(a, b, c\) differ from config\.json's task labels \(negative, positive\)/,
    },
  ),
  broken('weights missing', 'the run without model.safetensors', remove('model.safetensors'), predict, {
    exit: 1,
    message: /run\/model\.safetensors: missing weights file/,
  }),
  broken(
    'weights truncated',
    'model.safetensors cut to 100 bytes',
    (run) => {
      const p = join(run, 'model.safetensors');
      writeFileSync(p, readFileSync(p).subarray(0, 100));
    },
    predict,
    { exit: 1, message: /model\.safetensors: header length \d+ runs past the end of the file \(file has 100 bytes\)/ },
  ),
  broken(
    'head weights of another size',
    'config says filters=8, the weights hold 4',
    patch('config.json', { head: { kind: 'textcnn', options: { filters: 8 } } }),
    predict,
    {
      exit: 1,
      message: /run\/model\.safetensors: tensor 'convs\.0\.weight' has shape \[4,32,3\], the model expects \[8,32,3\]/,
    },
  ),
  broken('interrupted run: predict', 'status.json "interrupted"', status('interrupted'), predict, {
    exit: 1,
    message: UNFINISHED,
  }),
  broken('interrupted run: eval', 'status.json "interrupted"', status('interrupted'), evaluate, {
    exit: 1,
    message: UNFINISHED,
  }),
  broken(
    'interrupted run: report',
    'status.json "interrupted"',
    status('interrupted'),
    (run, dir) => ['report', run, '--out', join(dir, 'r.html'), '--quiet'],
    {
      exit: 1,
      message: UNFINISHED,
    },
  ),
  broken(
    'interrupted run: export',
    'status.json "interrupted"',
    status('interrupted'),
    (run, dir) => ['export', run, '--out', join(dir, 'export')],
    {
      exit: 1,
      message: UNFINISHED,
    },
  ),
  broken(
    'interrupted run: serve',
    'status.json "interrupted"',
    status('interrupted'),
    (run) => ['serve', run, '--port', '0', '--quiet'],
    {
      exit: 1,
      message: UNFINISHED,
    },
  ),
  broken(
    'interrupted run allowed',
    '--allow-incomplete on an interrupted run',
    status('interrupted'),
    (run, _d, ctx) => ['predict', run, '--input', ctx.texts, '--allow-incomplete'],
    {
      exit: 0,
      message: /warning: .*not a finished run.*using it anyway/,
    },
  ),
  broken('failed run', 'status.json "failed" with a reason', status('failed', 'encoder not found'), evaluate, {
    exit: 1,
    message: /not a finished run: its training is failed \(encoder not found\)/,
  }),
  broken('running run', 'status.json "running" (killed -9 mid-training)', status('running'), predict, {
    exit: 1,
    message: /not a finished run: its training is running/,
  }),
  broken('status.json not JSON', 'status.json "{"', text('status.json', '{'), predict, {
    exit: 1,
    message: /its training is failed \(run\/status\.json is not valid JSON\)/,
  }),
  broken('unknown status', 'status.json {"status": "done"}', status('done'), predict, {
    exit: 1,
    message: /run: not a finished run: its training is done — run\/status\.json/,
  }),
  broken(
    'old run, never finished',
    'no status.json and no metrics.json',
    (run) => {
      rmSync(join(run, 'status.json'));
      rmSync(join(run, 'metrics.json'));
    },
    evaluate,
    { exit: 1, message: /no metrics\.json: its training never finished/ },
  ),
  broken(
    'train into a finished run',
    'train --out on a complete run',
    () => {},
    (run, _d, ctx) => ['train', '--train', ctx.train, '--encoder', ctx.model, '--out', run, '--quiet'],
    {
      exit: 2,
      message: /run already holds a run; use --resume to continue it or choose another --out/,
    },
  ),
  broken(
    'train into a failed run',
    'train --out on a failed run',
    status('failed', 'out of memory'),
    (run, _d, ctx) => ['train', '--train', ctx.train, '--encoder', ctx.model, '--out', run, '--quiet'],
    {
      exit: 2,
      message: /already holds a failed run \(out of memory\); use --resume/,
    },
  ),
  broken(
    'resume from a corrupt checkpoint',
    'checkpoint/state.json "{"',
    (run) => {
      writeFileSync(join(run, 'checkpoint', 'state.json'), '{');
      status('interrupted')(run);
    },
    (run) => ['train', '--resume', '--out', run, '--quiet'],
    {
      exit: 1,
      message: /run\/checkpoint\/state\.json: cannot resume: .*JSON.*\(a damaged checkpoint; train again\)/,
    },
  ),
  broken(
    'run locked by a live process',
    'run.lock held by this very process',
    (run) => {
      writeFileSync(
        join(run, 'run.lock'),
        JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() }),
      );
      status('interrupted')(run);
    },
    (run) => ['train', '--resume', '--out', run, '--quiet'],
    { exit: 2, message: new RegExp(`run is being written by another process \\(pid ${process.pid} on host`) },
  ),
  {
    kind: 'run-folder',
    name: 'cross-validation folder for predict',
    input: 'predict on a folder holding cv.json',
    make: (dir, ctx) => {
      const cv = join(dir, 'cv');
      mkdirSync(cv);
      writeFileSync(join(cv, 'cv.json'), '{}');
      return { argv: predict(cv, dir, ctx) };
    },
    expect: {
      exit: 1,
      message: /cv: a cross-validation folder \(0 folds\) holds no single model: pass one fold, e\.g\. cv\/fold-1/,
    },
  },
  {
    kind: 'run-folder',
    name: 'upgrade a non-run',
    input: 'upgrade on an empty folder',
    make: (dir) => {
      mkdirSync(join(dir, 'empty'));
      return { argv: ['upgrade', join(dir, 'empty')] };
    },
    expect: { exit: 1, message: /empty: not a bertcnn run folder/ },
  },
  broken(
    'summary of a broken config',
    'summary on config.json "[]"',
    text('config.json', '[]'),
    (run) => ['summary', run],
    {
      exit: 1,
      message: /run\/config\.json: no run format version/,
    },
  ),
];
