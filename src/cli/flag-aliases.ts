// One vocabulary of flags across commands (#16): the encoder is `--encoder` in every command that loads one
// (train, compare, distill, embed, worker) and a file of input records is `--input` (embed, predict, eval). The
// names earlier releases used — `--model` (embed, worker) and `--data` (eval) — stay as hidden aliases on every
// command that has the canonical flag, so old command lines and scripts keep working:
//   bertcnn embed --model M …   ≡ bertcnn embed --encoder M …
//   bertcnn eval RUN --data F   ≡ bertcnn eval RUN --input F
// An alias sets the canonical option through commander's own event for it (its parser, required check and value
// source apply); giving both names with different values is a usage error (exit 2).
// test/cli/flag-vocabulary.test.ts walks every command and checks the names against this table.
import type { EventEmitter } from 'node:events';
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.ts';

/** Old flag → the canonical flag it stands for. */
export const FLAG_ALIASES: Readonly<Record<string, string>> = {
  '--model': '--encoder',
  '--data': '--input',
};

function findOption(cmd: Command, long: string): Option | undefined {
  return cmd.options.find((o) => o.long === long);
}

/** Adds `alias` as a hidden synonym of the command's `canonical` option (which must exist). */
export function addAlias(cmd: Command, alias: string, canonical: string): void {
  const target = findOption(cmd, canonical);
  if (!target) throw new Error(`internal: ${cmd.name()} has no ${canonical} to alias ${alias} to`);
  const arg = target.flags.slice(target.flags.indexOf(canonical) + canonical.length); // ' <ref>' or ''
  const option = new Option(`${alias}${arg}`, `alias of ${canonical}`).hideHelp();
  cmd.addOption(option);
  const key = target.attributeName();
  let aliasValue: unknown;
  const clash = (other: unknown) => {
    if (aliasValue !== undefined && other !== undefined && aliasValue !== other)
      throw new UsageError(
        `${alias} is another name for ${canonical}; both were given with different values ('${String(aliasValue)}', '${String(other)}')`,
      );
  };
  cmd.on(`option:${target.name()}`, (value: unknown) => clash(value));
  cmd.on(`option:${option.name()}`, (value: unknown) => {
    cmd.setOptionValueWithSource(option.attributeName(), undefined, undefined); // only the canonical key is read
    if (cmd.getOptionValueSource(key) === 'cli') {
      aliasValue = value;
      clash(cmd.getOptionValue(key));
      return;
    }
    (cmd as unknown as EventEmitter).emit(`option:${target.name()}`, value); // commander's Command is an EventEmitter
    aliasValue = value;
  });
}

/** Adds every alias of FLAG_ALIASES to each command that has the canonical flag and not the alias itself. */
export function addFlagAliases(program: Command): void {
  for (const cmd of program.commands) {
    for (const [alias, canonical] of Object.entries(FLAG_ALIASES)) {
      if (findOption(cmd, canonical) && !findOption(cmd, alias)) addAlias(cmd, alias, canonical);
    }
  }
}
