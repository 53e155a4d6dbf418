// `bertcnn summary RUN [--expand] [--json]`: a Keras-style table of a trained run's model — layer path (the
// Hugging Face-style module names its weights carry), output shape, parameter count, trainable or frozen — and the
// totals. The encoder is one row; --expand lists its layers. Classification and NER runs; the same table as the
// library's TextClassifier.summary() / TokenTagger.summary() (src/report/model-summary.ts).
import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';
import { formatSummary, modelSummary, type ModelSummary } from '../../report/model-summary.ts';
import { classifierSubject, refreezeEncoder, taggerSubject } from '../../report/model-subjects.ts';
import { assembleClassifier } from '../../tasks/classification/classifier.ts';
import { loadRunInfo } from '../../tasks/classification/inference.ts';
import { assembleTagger, taggerEncoder } from '../../tasks/ner/tagger.ts';
import { readTaggingRunConfig } from '../../tasks/ner/run-config.ts';
import { runKind } from '../../runs/kind.ts';

export function registerSummary(program: Command): void {
  program
    .command('summary')
    .description("a run's layers, output shapes and parameter counts (trainable / frozen), Keras-style")
    .argument('<run>', 'run folder written by bertcnn train (or the library’s save())')
    .option('--expand', "list the encoder's layers instead of one encoder row")
    .option('--json', 'print the rows and totals as one JSON object')
    .action((run: string, o: { expand?: boolean; json?: boolean }) => runSummary(run, o));
}

export async function runSummary(runDir: string, o: { expand?: boolean; json?: boolean }): Promise<void> {
  const kind = runKind(runDir);
  if (kind === 'kim2014')
    throw new UsageError(
      `${runDir} is a --preset kim2014 run: summary tables encoder + head models; its settings and sizes are in config.json`,
    );
  const expandEncoder = o.expand === true;
  let title: string;
  let summary: ModelSummary;
  if (kind === 'ner') {
    const t = await assembleTagger(await readTaggingRunConfig(runDir), { runDir });
    try {
      await refreezeEncoder(runDir, t.config.mode, taggerEncoder(t, 'bertcnn summary'));
      title = `${runDir}: ${t.config.head.kind} tagger, ${t.config.mode} (${t.task.labels.join(', ')})`;
      summary = modelSummary(taggerSubject(t), { expandEncoder });
    } finally {
      await t.release();
    }
  } else {
    const run = await loadRunInfo(runDir);
    const clf = await assembleClassifier(run.config, { runDir });
    try {
      await refreezeEncoder(runDir, run.config.mode, clf.encoder);
      const cfg = run.config;
      title = `${runDir}: ${cfg.head.kind} head, ${cfg.mode}, ${cfg.task.kind} (${cfg.task.labels.join(', ')})`;
      summary = modelSummary(classifierSubject(clf), { expandEncoder });
    } finally {
      await clf.release();
    }
  }
  console.log(o.json ? JSON.stringify(summary) : formatSummary(title, summary));
}
