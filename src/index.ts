// bertcnn's public API — what `import … from 'bertcnn'` gives. Two levels:
//   high level  TextClassifier, TokenTagger, pipeline(): train, evaluate, predict, summarise, save and load models
//               in the run folders `bertcnn train` writes (CLI and API runs are interchangeable);
//   low level   the pieces those are made of, for custom models: encoders, heads, nn modules, the engine (graph,
//               Program, autodiff, losses, optimizers), the trainer, metrics, data readers and tokenizers.
// Everything here is documented where it is declared; the notes below say what each group is for.
// Shapes: B = batch, T = padded length, H = hidden size, C = classes, L = tags.

// ── High level ─────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * A text classifier: an encoder (Hub id, local folder, or 'use-lite' — the default, offline) feeding a head
 * (TextCNN by default), frozen or fine-tuned. Keras-like `fit / evaluate / predict / summary / save`, and
 * `TextClassifier.load(runDir)` for runs written by `bertcnn train` or `save()`.
 * @example
 * const clf = new TextClassifier({ encoder: 'use-lite', head: 'textcnn', epochs: 5 });
 * await clf.fit([{ text: 'a great film', label: 'pos' }, { text: 'dull', label: 'neg' }], { dev });
 * const [p] = await clf.predict('what a wonderful story'); // { label: 'pos', probabilities: { neg: 0.1, pos: 0.9 } }
 * await clf.save('runs/sentiment');                         // `bertcnn eval runs/sentiment --input dev.tsv` works
 */
export { TextClassifier } from './api/text-classifier.ts';
/** evaluate() scores, load options, and one prediction ({ label, probabilities }). */
export type { ClassificationMetrics, LoadOptions, Prediction } from './api/text-classifier.ts';

/**
 * A named-entity tagger over encoder token features (tagger-cnn by default; tagger-linear, tagger-bilstm; CRF with
 * `headOptions: { crf: true }`). `predict(texts)` returns entity spans with character offsets.
 * @example
 * const ner = new TokenTagger({ encoder: 'use-lite', epochs: 10 });
 * await ner.fit([{ tokens: ['Mr', 'Smith', 'left'], tags: ['O', 'B-PER', 'O'] }, …]);
 * const [r] = await ner.predict('Mr Jones lives in Paris.');
 * // r.entities: [{ type: 'PER', start: 3, end: 8, text: 'Jones' }, { type: 'LOC', start: 18, end: 23, text: 'Paris' }]
 */
export { TokenTagger } from './api/token-tagger.ts';
/** TokenTagger results: entities with character offsets, tagged texts and word lists, and fit options. */
export type { Entity, TaggedText, TaggedWords, TaggerFitOptions } from './api/token-tagger.ts';

/**
 * Inference in three lines: a run folder as a function of texts.
 * @example
 * const classify = await pipeline('text-classification', 'runs/sentiment');
 * console.log(await classify(['a great film', 'a dull film']));
 * await classify.close();
 */
export { pipeline } from './api/pipeline.ts';
/** pipeline() tasks and the loaded pipelines (callable on texts, with labels and close()). */
export type { PipelineTask, Pipe, ClassificationPipeline, NerPipeline } from './api/pipeline.ts';

/**
 * Any trained run folder — classification, NER or kim2014 — as one object: `predict(texts)` (class decisions with
 * probabilities, or `{ words, tags, entities }` with character offsets for NER), `info`, `release()`.
 * @example
 * const run = await loadRun('runs/ner');
 * console.log(await run.predict(['Mr John Smith lives in New York.']));
 * await run.release();
 */
export { loadRun } from './runs/run.ts';
export type { Run, RunInfo, RunPrediction, LoadRunOptions } from './runs/run.ts';
/** Which kind of run a folder holds (classification | ner | kim2014 | cross-validation), and its format upgrade. */
export { folderKind, runKind } from './runs/kind.ts';
export type { RunKind, FolderKind } from './runs/kind.ts';
export { upgradeRun } from './runs/format.ts';

/** Options of the high-level models: the `bertcnn train` flags in camelCase, with the same defaults. */
export { DEFAULT_ENCODER } from './api/options.ts';
export type { ClassifierOptions, TaggerOptions, ModelOptions, TrainingOptions } from './api/options.ts';
/** fit() options, callbacks and result. */
export type { FitOptions, FitOptionsBase, FitCallbacks, FitProgress, FitResult } from './api/fit.ts';
/** Training data: file paths or records ({ text, label } for classification, { tokens, tags } for tagging). */
export type { LabelledText, TaggedTokens, ClassificationData, TaggingData } from './api/data.ts';
/** embed() options. */
export type { EmbedOptions } from './api/embed.ts';

/**
 * Keras-style model summaries: `modelSummary(subject)` → rows { layer, kind, outputShape, params, status } and
 * totals; `formatSummary(title, summary)` → the text table `summary()` and `bertcnn summary RUN` print.
 */
export { modelSummary, formatSummary } from './report/model-summary.ts';
/** A model summary, its rows, and what a summary reads from an assembled model. */
export type { ModelSummary, SummaryRow, SummarySubject } from './report/model-summary.ts';

// ── Encoders ───────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * `openEncoder(ref)`: any encoder — 'use-lite' or a Hugging Face folder / Hub id; `loadEncoder(ref)`: a BERT or
 * DistilBERT checkpoint (trainable). Encoders tokenize, extract frozen features (tokens [B, T, D], mask [B, T],
 * pooled [B, P]) and build themselves inside a Program for fine-tuning.
 * @example
 * const enc = await openEncoder('use-lite');
 * const f = await enc.extract(['a text'], { outputs: 'pooled' }); // f.pooled: [1, 512]
 */
export { openEncoder, loadEncoder, SUPPORTED_MODEL_TYPES } from './encoders/load.ts';
/** Options of loadEncoder/openEncoder: max length, threads, default pooling, quantization, warnings. */
export type { LoadEncoderOptions } from './encoders/load.ts';
export { USE_LITE_ID } from './encoders/use-lite/load.ts';
/** The one encoder interface (BERT, DistilBERT, USE-lite): tokenize, extract frozen features, build for fine-tuning. */
export type { Encoder, EncoderGraph } from './encoders/encoder.ts';
/** Frozen features: tokens [B, T, D], mask [B, T], lengths [B], pooled [B, P]; and the options that select them. */
export type { Features, FeatureOptions, TokenizeOptions } from './encoders/encoder.ts';
/** Which hidden states (0 = embeddings … L; negative from the end) and how they combine (concat / sum / mean); pooling cls / pooler / mean; fp32 or int8. */
export type { LayerSelection, LayerCombine, Pooling, Precision } from './encoders/encoder.ts';
/** int8 quantization: the options loadEncoder takes (`quantize`), and the scheme they resolve to on this machine (Encoder.int8). */
export type { QuantizeOptions, Int8Scheme } from './encoders/quantize.ts';
/**
 * Writes a random-weight BERT in Hugging Face layout (tests, examples, benchmarks).
 * @example await generateBertCheckpoint('tmp/tiny-bert', { layers: 2, hidden: 32, heads: 2, vocab: 'bert-base-uncased' });
 */
export { generateBertCheckpoint } from './encoders/bert/generate.ts';
/** generateBertCheckpoint options: layers, hidden, heads, ffn, vocab, seed, weight prefix. */
export type { GenerateBertOptions } from './encoders/bert/generate.ts';

// ── Heads ──────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The head registry: `makeHead(kind, options, rng)` builds any classification head (options validated, defaults
 * filled); `headInput(kind)` says what it reads ('tokens' [B, T, H] + mask, 'pooled' [B, H], or 'ids').
 * A custom head is a `Module` implementing `HeadApi` (forward → logits [B, C], minLength, regularization).
 * @example const head = makeHead('textcnn', { inputDim: 768, numClasses: 2 }, new Rng(1));
 */
export { makeHead, headInput, parseHeadOptions, HEAD_KINDS } from './heads/index.ts';
/** The head contract: forward(ctx, input, mask?) → logits [B, C]; minLength; regularization(ctx) → extra loss or null. */
export type { Head, HeadApi } from './heads/index.ts';
/** Head kinds (textcnn, conv1d, conv2d, projection, linear, cnn-alone), what each reads, and their options. */
export type { HeadInput, HeadKind, HeadOptions } from './heads/index.ts';
export { requireMask } from './heads/head.ts';
export { TextCnn } from './heads/textcnn.ts';
export { Conv1dStack } from './heads/conv1d-stack.ts';
export { Conv2dSentence } from './heads/conv2d-sentence.ts';
export { ProjectionCnn } from './heads/projection-cnn.ts';
export { ClsLinear } from './heads/cls-linear.ts';
export { CnnAlone } from './heads/cnn-alone.ts';
/** Tagger heads: emissions [B, T, L] per token; `makeTagger(kind, { inputDim, numTags, crf }, rng)`. */
export { makeTagger, TAGGER_KINDS, CrfLayer } from './heads/taggers/index.ts';
/** The tagger contract (emissions [B, T, L], optional CRF), the tagger kinds and their options. */
export type { TaggerHead, TaggerApi, TaggerKind, TaggerOptions as TaggerHeadOptions } from './heads/taggers/index.ts';
export { TaggerLinear } from './heads/taggers/tagger-linear.ts';
export { TaggerCnn } from './heads/taggers/tagger-cnn.ts';
export { TaggerBiLstm } from './heads/taggers/tagger-bilstm.ts';

// ── nn modules ─────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Layers on the engine, each a `Module` (named parameters, Hugging Face-style dotted names) with a forward that
 * adds nodes to a Program's graph: Linear (x [.., in] → [.., out]), Conv1d (x [B, Cin, T] → [B, Cout, T-k+1]),
 * Conv2d, Embedding (ids [B, T] → [B, T, E]), LayerNorm, BatchNorm1d, LSTM; dropout() and masked pooling
 * (maskedMaxOverTime x [B, C, T], valid [B, T] → [B, C]; maskedMeanOverTime x [B, T, H], mask [B, T] → [B, H]).
 * @example
 * class MyHead extends Module { fc = this.addChild(new Linear(this.path('fc'), 768, 2, new Rng(1))); }
 */
export { Module, joinPath } from './nn/module.ts';
/** Options of a module's parameters: trainable, noDecay, optimizer group. */
export type { ParamOptions } from './nn/module.ts';
export { Linear } from './nn/linear.ts';
/** Convolutions: Conv1d x [B, Cin, T] → [B, Cout, T′]; Conv2d x [B, Cin, H, W] → [B, Cout, H′, W′] (stride, dilation, padding or 'same'). */
export { Conv1d, Conv2d } from './nn/conv.ts';
export { Embedding } from './nn/embedding.ts';
export { LayerNorm } from './nn/layer-norm.ts';
export { BatchNorm1d } from './nn/batch-norm.ts';
export { LSTM } from './nn/lstm.ts';
/** Inverted dropout (training graphs only): x → x · mask / (1 − p). */
export { dropout } from './nn/dropout.ts';
/** Pooling padding never influences: max over time x [B, C, T], valid [B, T] → [B, C]; mean x [B, T, H], mask [B, T] → [B, H]. */
export { maskedMaxOverTime, maskedMeanOverTime } from './nn/masked-pooling.ts';
export { maxPool1d, maskedMaxPool1d } from './nn/max-pool.ts';
export { l2Penalty } from './nn/regularization.ts';

// ── Engine ─────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The engine: a `Graph` of ONNX nodes built through `op.*` (shape-checked, symbolic dims), reverse-mode
 * `gradients(loss, wrt)`, and `Program.compile({ inputs, training, build })` → an ONNX Runtime session whose
 * `run(feeds)` returns the loss, outputs and gradients of every trainable Param it reads.
 * @example
 * const p = await Program.compile({ label: 'demo', training: false, inputs: [{ name: 'x', dtype: 'float32', shape: ['B', 3] }],
 *   build: (ctx, x) => ({ outputs: { y: op.relu(x.x!) } }) });
 * const r = await p.run({ x: float32([1, 3], [-1, 0, 2]) }); // r.outputs.y.data = [0, 0, 2]
 */
export { Program } from './engine/program.ts';
/** What a model's build() gets (the graph, training flag, param(p) → graph value, seeds), a Program's spec, and one run's loss/outputs/gradients. */
export type { BuildContext, ProgramSpec, StepResult } from './engine/program.ts';
/** The ONNX graph under construction and its values (dtype, symbolic shape); module paths name every node. */
export { Graph, Value } from './engine/graph.ts';
export * as op from './engine/ops/index.ts';
/** Reverse-mode autodiff on the graph: gradients(loss, wrt) → one gradient value per `wrt`, same shapes. */
export { gradients } from './engine/autodiff.ts';
/** A named float32 parameter (Hugging Face-style dotted name, shape, data, trainable). */
export type { Param } from './engine/param.ts';
/** The seeded random number generator every initialiser and shuffle uses (same seed → same model, same batches). */
export { Rng } from './engine/rng.ts';
/** Host tensors to feed a Program: float32([2, 3], values), int64(shape, ids), tensor(dtype, shape, data). */
export { float32, int64, tensor } from './engine/tensor.ts';
/** A host tensor: { dtype, shape, data }, row-major. */
export type { HostTensor } from './engine/tensor.ts';
/** A Program input: { name, dtype, shape } with symbolic dims such as 'B' and 'T'. */
export type { InputSpec } from './engine/session.ts';
/** Losses on graph values: cross-entropy (logits [B, C], labels [B]), BCE with logits, the CRF NLL; viterbiDecode on the host. */
export { crossEntropy, bceWithLogits, crfNll, viterbiDecode } from './engine/losses/index.ts';
/** Optimizers (AdamW, Adam, SGD, Adadelta), learning-rate schedules and gradient clipping. */
export {
  makeOptimizer,
  makeSchedule,
  clipGradNorm,
  clipScale,
  globalGradNorm,
  AdamW,
  Adam,
  SGD,
  Adadelta,
  Optimizer,
  OPTIMIZER_NAMES,
  SCHEDULE_KINDS,
} from './engine/optim/index.ts';
/** Optimizer names (adamw, adam, sgd, adadelta), parameter groups (own lr / weight decay), schedule kinds. */
export type { OptimizerName, ParamGroup, Schedule, ScheduleKind, UpdateSettings } from './engine/optim/index.ts';

// ── Tasks, trainer, evaluation ─────────────────────────────────────────────────────────────────────────────────

/**
 * The project's trainer for any pipeline (texts → logits [B, C]): `train(pipeline, task, { train, dev }, options)`
 * runs epochs of length-bucketed batches with the optimizer, schedule, clipping, dev scoring and best-epoch
 * tracking `bertcnn train` uses. Pipelines: `frozenPipeline` (cached encoder features → head),
 * `finetunePipeline` (encoder + head in one graph), `idsPipeline` (token ids → head).
 * @example
 * const pipe = finetunePipeline(encoder, myHead, 'tokens', { maxLength: 64 });
 * const result = await train(pipe, task, { train, dev }, parseTrainOptions({ epochs: 3 }), {}, { encoderParams: new Set(encoder.module.parameters()) });
 */
export { train } from './tasks/classification/trainer.ts';
/** Trainer hooks (onStep, onEpoch, onBest, onCheckpoint, shouldStop), its result, and one epoch's record (train_loss, dev, seconds). */
export type { TrainerHooks, TrainResult, EpochRecord, TrainingRows } from './tasks/classification/trainer.ts';
/** What train minimises (`opts.objective`): extra Program inputs, the loss of a batch's logits [B, C], the batch feeds;
 *  goldObjective (the task's loss on gold labels) is the default. */
export { goldObjective } from './tasks/classification/objective.ts';
export type { TrainObjective } from './tasks/classification/objective.ts';
/** Training hyper-parameters validated with the zod schema `bertcnn train` uses (defaults filled; errors name the field). */
export { parseTrainOptions, TrainOptionsSchema } from './train/options.ts';
/** Training hyper-parameters: TrainOptionsInput as given (all optional), TrainOptions after validation. */
export type { TrainOptions, TrainOptionsInput } from './train/options.ts';
/** Pipelines (texts → logits [B, C]) for the trainer: frozen features → head, encoder + head fine-tuned together, token ids → head. */
export { frozenPipeline, finetunePipeline, idsPipeline } from './train/pipeline.ts';
/** A pipeline (inputs, feeds(texts), build → logits [B, C], parameters) and the encoder options of one. */
export type { Pipeline, EncoderPipelineOptions } from './train/pipeline.ts';
/** Frozen encoder features kept in memory for the texts prepared (training and prediction of frozen pipelines). */
export { MemoryFeatureSource } from './features/source.ts';
/** Where a frozen pipeline's features come from, and which features (layers, pooling, max length, outputs). */
export type { FeatureSource, SourceOptions } from './features/source.ts';
/** Probabilities [N, C] and decisions of a pipeline, and its scores on a labelled split. */
export { predict, evaluate } from './tasks/classification/evaluate.ts';
/** A labelled split (texts, label indices), predictions (probabilities [N, C] row-major, decisions) and an evaluation (with scores). */
export type { LabelledSplit, Predictions, Evaluation } from './tasks/classification/evaluate.ts';
/** Labelled files → label map and label-encoded splits (the training job's reader). */
export { readJobData } from './tasks/classification/data.ts';
/** readJobData's input (train/dev/test files or in-memory contents, reader options) and output (label map, splits, summaries). */
export type { JobData, JobFiles } from './tasks/classification/data.ts';
/** Classification tasks: label map → task (binary / multiclass / multilabel), loss, probabilities, decisions. */
export { taskFromLabels, taskLoss, probabilities, decide, outputSize } from './tasks/classification/task.ts';
/** A classification task: kind (binary: one logit / multiclass / multilabel), labels, class weights, thresholds. */
export type { ClassificationTask, TaskKind } from './tasks/classification/task.ts';
/** Run folders: weights in and out by parameter name (model.safetensors). */
export { saveWeights, loadWeights } from './train/run-dir.ts';

// ── Metrics ────────────────────────────────────────────────────────────────────────────────────────────────────

/** Classification metrics (accuracy, P/R/F1, confusion, reports), multi-label metrics and conlleval-style entity scores. */
export {
  accuracy,
  confusionMatrix,
  classificationScores,
  classificationReport,
  formatReport,
  multiLabelScores,
  entityScores,
  extractEntities,
} from './metrics/index.ts';
/** Metric results: classification scores and report, multi-label scores, entity scores and spans, precision/recall/F1. */
export type {
  ClassificationScores,
  ClassificationReport,
  MultiLabelScores,
  EntityScores,
  EntitySpan,
  Prf,
} from './metrics/index.ts';

// ── Data readers ───────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Readers for TSV / CSV / JSONL classification files and CoNLL files (streaming, with a summary of what was read
 * and skipped; bad input → DataError at file:line), label maps, and length-bucketed batching.
 * @example const { examples } = await readExamples('data/sentiment-mini/train.tsv'); // [{ text, label, line }]
 */
export {
  readExamples,
  readSentences,
  openExamples,
  openConll,
  detectFormat,
  buildLabelMap,
  encodeLabels,
  saveLabelMap,
  loadLabelMap,
  lengthBucketBatches,
  kFold,
  holdoutSplit,
} from './data/index.ts';
/** Reader records and options: { text, label | labels, line }, CoNLL sentences, reader settings (format, header, columns), label maps, inputs (path or { name, data }), read summaries. */
export type {
  TextExample,
  TaggedSentence,
  TextReadOptions,
  ConllOptions,
  LabelMap,
  DataInput,
  ReadSummary,
} from './data/index.ts';

// ── Tokenizers ─────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * WordPiece (BERT) tokenization from a vocab.txt or model folder, and `splitWords(text)`: words with character
 * offsets, the way raw text is split for NER.
 * @example splitWords('Hi, Paris!') // [{ text: 'Hi', start: 0, end: 2 }, { text: ',', … }, { text: 'Paris', start: 4, end: 9 }, …]
 */
export { loadWordPieceTokenizer } from './tokenize/load-tokenizer.ts';
/** BERT's WordPiece tokenizer (basic normalisation, greedy longest-match pieces, offsets, special tokens). */
export { WordPieceTokenizer } from './tokenize/wordpiece.ts';
export { splitWords } from './tokenize/words.ts';
/** A word and its character offsets. */
export type { WordSpan } from './tokenize/words.ts';

// ── Errors ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** UsageError (bad options), DataError (bad input; `where` = file:line or field), GraphError, TrainingError. */
export { UsageError, DataError, GraphError, TrainingError } from './errors.ts';
