// The CLI's lazy command loading (src/cli/main.ts): the top-level help built from COMMANDS without loading any
// command module must be exactly the help of the program with every command loaded, and every command file must be
// listed, so a new or renamed command cannot silently drop out of `bertcnn --help`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram, commandOf, COMMANDS } from '../../src/cli/main.ts';

const ARGV = ['node', 'bertcnn'];

test('--help without loading any command equals the help with every command loaded', async () => {
  const lazy = await buildProgram([...ARGV, '--help']);
  const full = await buildProgram([...ARGV, '--help'], 'all');
  assert.equal(lazy.helpInformation(), full.helpInformation());
  assert.deepEqual(
    full.commands.map((c) => c.name()),
    COMMANDS.map((c) => c.name),
  );
});

test('every file under src/cli/commands/ is a command in COMMANDS', async () => {
  const dir = join(import.meta.dirname, '..', '..', 'src', 'cli', 'commands');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  const loaded = await Promise.all(COMMANDS.map((c) => c.load()));
  const registers = new Set(loaded);
  for (const f of files) {
    const mod = (await import(join(dir, f))) as Record<string, unknown>;
    const reg = Object.entries(mod).filter(([k, v]) => k.startsWith('register') && typeof v === 'function');
    assert.ok(reg.length > 0, `${f} exports no register* function`);
    for (const [k, v] of reg) assert.ok(registers.has(v as never), `${f}: ${k} is not listed in COMMANDS`);
  }
});

test('the program for a command line loads that command only', async () => {
  const p = await buildProgram([...ARGV, 'eval', 'runs/x', '--data', 'd.tsv']);
  const options = (name: string) => p.commands.find((c) => c.name() === name)!.options.length;
  assert.ok(options('eval') > 0);
  assert.equal(options('serve'), 0);
  assert.equal(commandOf(['help', 'train']), 'train');
  assert.equal(commandOf(['--version']), undefined);
  assert.equal(commandOf(['predict', 'run', '--input', 'x']), 'predict');
});
