// One vocabulary of flags across commands (#16 item 4, src/cli/flag-aliases.ts): walks every command of the
// program (commander `program.commands`, every module loaded) and checks that the encoder is `--encoder` and a
// file of input records `--input` wherever such a flag exists, that the old names (`--model`, `--data`) are only
// hidden aliases, that a flag name shared by several commands takes a value in all or in none of them, and that
// each alias really sets the canonical option (and refuses a second, different value).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command, Option } from 'commander';
import { buildProgram, main } from '../../src/cli/main.ts';
import { FLAG_ALIASES } from '../../src/cli/flag-aliases.ts';

const program = await buildProgram([], 'all');
const visible = (c: Command) => c.options.filter((o) => !o.hidden);
const find = (c: Command, long: string): Option | undefined => c.options.find((o) => o.long === long);
const command = (name: string) => program.commands.find((c) => c.name() === name)!;

/** Commands that load an encoder from a reference, and commands that read a file of input records. */
const ENCODER_COMMANDS = ['embed', 'train', 'distill', 'compare', 'worker'];
const INPUT_COMMANDS = ['embed', 'predict', 'eval'];

test('the encoder is --encoder and input records --input in every command that takes them', () => {
  for (const name of ENCODER_COMMANDS) assert.ok(find(command(name), '--encoder')?.hidden === false, name);
  for (const name of INPUT_COMMANDS) assert.ok(find(command(name), '--input')?.hidden === false, name);
  for (const c of program.commands) {
    for (const o of visible(c)) {
      // Whatever names an encoder (a Hub id or model folder) is the --encoder flag; a checkpoint read only for
      // its word-embedding matrix (--bert-matrix, --init-embeddings) is not an encoder.
      if (/hub id|model folder/i.test(o.description) && !/embedding/i.test(o.description))
        assert.equal(o.long, '--encoder', `${c.name()} ${o.flags}: "${o.description}"`);
      assert.ok(!(o.long! in FLAG_ALIASES), `${c.name()} shows ${o.long}, an old name of ${FLAG_ALIASES[o.long!]}`);
    }
  }
});

test('every old name is a hidden alias on each command that has its canonical flag, and nowhere else', () => {
  let aliases = 0;
  for (const c of program.commands) {
    for (const [alias, canonical] of Object.entries(FLAG_ALIASES)) {
      const a = find(c, alias);
      const target = find(c, canonical);
      assert.equal(Boolean(a), Boolean(target), `${c.name()}: ${alias} present iff ${canonical} is`);
      if (!a || !target) continue;
      aliases++;
      assert.equal(a.hidden, true, `${c.name()} ${alias} is hidden`);
      assert.equal(a.required || a.optional, target.required || target.optional, `${c.name()} ${alias} arity`);
      assert.doesNotMatch(c.helpInformation(), new RegExp(`${alias}\\b`), `${c.name()} --help`);
    }
  }
  assert.ok(aliases >= ENCODER_COMMANDS.length + INPUT_COMMANDS.length, `${aliases} aliases`);
});

test('a flag name shared by commands takes a value in all of them or in none', () => {
  const arity = new Map<string, { takes: boolean; where: string }>();
  for (const c of program.commands) {
    for (const o of c.options) {
      const takes = o.required || o.optional;
      const seen = arity.get(o.long!);
      if (seen) assert.equal(takes, seen.takes, `${o.long}: ${c.name()} vs ${seen.where}`);
      else arity.set(o.long!, { takes, where: c.name() });
    }
  }
});

/** Parses argv with the command's action replaced, returning the options the action would receive. */
async function parsed(argv: string[]): Promise<Record<string, unknown>> {
  const p = await buildProgram(['node', 'bertcnn', ...argv]);
  const cmd = p.commands.find((c) => c.name() === argv[0])!;
  let seen: Record<string, unknown> | undefined;
  cmd.action(() => {
    seen = cmd.opts();
  });
  await p.parseAsync(['node', 'bertcnn', ...argv]);
  assert.ok(seen, 'the action ran');
  return seen;
}

test('each alias sets its canonical option; the same value twice is fine, two values are refused', async () => {
  const lines: [string[], string, string][] = [
    [['embed', '--model', 'M', '--input', 'x.tsv', '--out', 'c'], 'encoder', 'M'],
    [['worker', '--redis', 'redis://h', '--model', 'M'], 'encoder', 'M'],
    [['train', '--model', 'M'], 'encoder', 'M'],
    [['compare', '--model', 'M'], 'encoder', 'M'],
    [['distill', '--teacher', 't', '--out', 'o', '--model', 'M'], 'encoder', 'M'],
    [['eval', 'run', '--data', 'd.tsv'], 'input', 'd.tsv'],
    [['predict', 'run', '--data', 'd.tsv'], 'input', 'd.tsv'],
    [['embed', '--encoder', 'M', '--data', 'x.tsv', '--out', 'c', '--model', 'M'], 'input', 'x.tsv'],
  ];
  for (const [argv, key, value] of lines) {
    const o = await parsed(argv);
    assert.equal(o[key], value, argv.join(' '));
    assert.equal(o.model ?? o.data, undefined, `${argv.join(' ')}: only the canonical key is set`);
  }
  const err = process.stderr.write;
  let stderr = '';
  process.stderr.write = ((s: string) => {
    stderr += s;
    return true;
  }) as typeof process.stderr.write;
  try {
    for (const argv of [
      ['eval', 'run', '--input', 'a.tsv', '--data', 'b.tsv'],
      ['eval', 'run', '--data', 'b.tsv', '--input', 'a.tsv'],
      ['embed', '--model', 'A', '--encoder', 'B', '--input', 'x.tsv', '--out', 'c'],
    ]) {
      stderr = '';
      assert.equal(await main(['node', 'bertcnn', ...argv]), 2, argv.join(' '));
      assert.match(
        stderr,
        /(--data is another name for --input|--model is another name for --encoder); both were given/,
      );
    }
    stderr = '';
    assert.equal(await main(['node', 'bertcnn', 'eval', 'run']), 2);
    assert.match(stderr, /required option '--input <file>' not specified/);
  } finally {
    process.stderr.write = err;
  }
});
