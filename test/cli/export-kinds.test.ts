// `bertcnn export` on a NER run and a kim2014 run: exit 0, the summary names the outputs (emissions; logits,
// probabilities) and the check, and --json reports the export's kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeKimRun, writeNerRun } from '../export/kinds-fixture.ts';
import { tempRoot, tinyBert } from '../export/run-fixture.ts';
import { cli } from './cli-helpers.ts';

const root = tempRoot('cli-kinds');
const bert = await tinyBert(root);

test('bertcnn export on a NER run: emissions, tags checked', async () => {
  const run = await writeNerRun(join(root, 'ner'), { encoder: bert, mode: 'frozen', crf: true });
  const r = await cli(['export', run, '--out', join(root, 'ner-out')]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /inputs input_ids, attention_mask, token_type_ids → emissions/);
  assert.match(
    r.out,
    /check\s+ok: \d+ sample sentences vs the in-process tagger: max \|Δ emissions\| .*; tags agree (\d+)\/\1/,
  );
  const j = await cli(['export', run, '--out', join(root, 'ner-out'), '--force', '--json']);
  assert.equal(j.code, 0, j.err);
  const o = JSON.parse(j.out) as { kind: string; outputs: string[] };
  assert.equal(o.kind, 'ner');
  assert.deepEqual(o.outputs, ['emissions']);
});

test('bertcnn export on a kim2014 run: probabilities, clean_str named', async () => {
  const run = await writeKimRun(join(root, 'kim'));
  const r = await cli(['export', run, '--out', join(root, 'kim-out')]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /→ logits, probabilities/);
  assert.match(r.out, /in-process kim2014 model: max \|Δp\|/);
  assert.match(r.out, /tokenizer: words \(kim2014: clean_str default\)/);
});
