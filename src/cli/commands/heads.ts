// `bertcnn heads [NAME] [--json]`: every head `bertcnn train --head` takes (classification heads, then the NER
// taggers of --task ner) with a one-line summary, what it reads (token features [B, T, H] + mask, the pooled vector
// [B, H], or token ids), what it outputs, and every option: kebab-case name, type, default and meaning. All of it
// comes from the head registries (src/heads/catalog.ts), the same source docs/heads.md is generated from.
import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';
import { defaultText, headCatalog, type HeadCatalogEntry } from '../../heads/catalog.ts';
import { kebab } from '../train-flags.ts';
import { HEAD_SHORTHANDS } from '../train-spec.ts';

/** The options a train flag of the same name sets (the rest: --head-option NAME=VALUE). */
const SHORTHAND = new Set([...HEAD_SHORTHANDS.map(kebab), 'crf']);

export function registerHeads(program: Command): void {
  program
    .command('heads')
    .description('list the heads train --head takes: input/output shapes and every option with its type and default')
    .argument('[name]', 'one head, e.g. conv1d')
    .option('--json', 'print the heads as JSON')
    .action((name: string | undefined, o: { json?: boolean }) => runHeads(name, o));
}

function formatHead(h: HeadCatalogEntry): string {
  const rows = h.options.map((o) => [
    `${o.name}${SHORTHAND.has(o.name) ? '*' : ''}`,
    o.type,
    defaultText(o.default),
    o.description,
  ]);
  const head = ['option', 'type', 'default', 'meaning'];
  const w = [0, 1, 2].map((c) => Math.max(...[head, ...rows].map((r) => r[c]!.length)));
  const line = (r: string[]) => `    ${[0, 1, 2].map((i) => r[i]!.padEnd(w[i]!)).join('  ')}  ${r[3]}`.trimEnd();
  const flags = h.options.some((o) => SHORTHAND.has(o.name)) ? '; * also a train flag: --NAME VALUE' : '';
  return [
    `${h.name}${h.task === 'ner' ? ' (--task ner)' : ''} — ${h.summary}`,
    `  input:  ${h.input}`,
    `  output: ${h.output}`,
    `  options (--head-option NAME=VALUE${flags}):`,
    line(head),
    ...rows.map(line),
  ].join('\n');
}

export function runHeads(name: string | undefined, o: { json?: boolean }): void {
  const all = headCatalog();
  const heads = name === undefined ? all : all.filter((h) => h.name === name);
  if (heads.length === 0) throw new UsageError(`unknown head '${name}' (one of ${all.map((h) => h.name).join(', ')})`);
  if (o.json) {
    console.log(JSON.stringify(name === undefined ? heads : heads[0]));
    return;
  }
  console.log(heads.map(formatHead).join('\n\n'));
  if (name === undefined)
    console.log(
      '\nE.g. bertcnn train --head conv1d --head-option layers=3 --head-option batch-norm=true --hidden-units 128 --l2 0.01 …',
    );
}
