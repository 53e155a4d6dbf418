// A Keras-style model summary: one row per layer — its path (the Hugging Face-style module name its parameters
// carry, e.g. `convs.0` or `encoder.layer.1`), its output shape, its parameter count and whether those parameters
// train — then the totals (trainable / frozen / total). The encoder is one row by default; `expandEncoder` lists
// its layers. Output shapes are read from the model's own inference graph: the graph is built (not compiled) with
// symbolic batch and length (B, T), and a layer's output is the first output of the last node in its scope.
//   Layer (path)          Output shape     Param #   Trainable
//   encoder (tiny-bert)   [B, T, 32]       105,344   frozen
//   convs.0               [B, 8, T-2]          776   trainable
import { Graph, type Value } from '../engine/graph.ts';
import type { Param } from '../engine/param.ts';
import type { BuildContext } from '../engine/program.ts';
import type { InputSpec } from '../engine/session.ts';
import type { Encoder, LayerSelection, Pooling } from '../encoders/encoder.ts';
import type { Module } from '../nn/module.ts';

/** One layer of a model summary. */
export interface SummaryRow {
  /** Module path, e.g. 'convs.0', 'encoder.layer.1'; the collapsed encoder is 'encoder'. */
  layer: string;
  /** What the row is: the module's class name, or a description of the encoder. */
  kind: string;
  /** Symbolic output shape, e.g. [B, T, 768]; null when the layer is not in the inference graph. */
  outputShape: (number | string)[] | null;
  params: number;
  /** 'trainable', 'frozen', 'partly trainable', or 'constants' (weights baked into the encoder graph, not counted). */
  status: 'trainable' | 'frozen' | 'partly trainable' | 'constants' | '-';
}

/** A model summary: its rows and the parameter totals. */
export interface ModelSummary {
  rows: SummaryRow[];
  trainable: number;
  frozen: number;
  total: number;
}

/** What a summary needs from an assembled classifier or tagger. */
export interface SummarySubject {
  encoder: Encoder;
  /** 'ids' (cnn-alone): the head reads token ids; the encoder only tokenizes. */
  mode: 'frozen' | 'finetune' | 'ids';
  head: Module;
  /** The encoder's output as the head sees it, e.g. ['B', 'T', 768]. */
  encoderOutput: (number | string)[];
  layers: LayerSelection;
  pooling?: Pooling;
  /** Data inputs and the builder of the model's inference graph (the pipeline's). */
  inputSpecs: readonly InputSpec[];
  build(ctx: BuildContext, inputs: Record<string, Value>): Value;
}

function graphOf(specs: readonly InputSpec[], build: (ctx: BuildContext, x: Record<string, Value>) => unknown): Graph {
  const g = new Graph('summary');
  const values = new Map<Param, Value>();
  const ctx: BuildContext = {
    g,
    training: false,
    param: (p) => values.get(p) ?? (values.set(p, g.input(p.name, 'float32', p.shape)), values.get(p)!),
    update: () => {},
    seed: () => 1,
  };
  const inputs: Record<string, Value> = {};
  for (const s of specs) inputs[s.name] = g.input(s.name, s.dtype, s.shape);
  build(ctx, inputs);
  return g;
}

function outputShape(g: Graph | null, path: string): (number | string)[] | null {
  if (!g) return null;
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const n = g.nodes[i]!;
    if (n.scope === path || n.scope.startsWith(`${path}.`)) return n.outputs[0] ? [...n.outputs[0].shape] : null;
  }
  return null;
}

function status(params: readonly Param[]): SummaryRow['status'] {
  if (params.length === 0) return '-';
  const on = params.filter((p) => p.trainable).length;
  return on === params.length ? 'trainable' : on === 0 ? 'frozen' : 'partly trainable';
}

const count = (params: readonly Param[]) => params.reduce((n, p) => n + p.data.length, 0);

/** A list container: no parameters of its own, children numbered (`encoder` holding `encoder.layer.0`, …). */
function isList(m: Module): boolean {
  const kids = m.childModules();
  return m.ownParameters().length === 0 && kids.length > 0 && kids.every((k) => /\.\d+$/.test(k.name));
}

/** A module with neither weights nor children: nothing to list (e.g. a head's hidden Dense stack with no units). */
const isEmpty = (m: Module) => m.childModules().length === 0 && m.parameters().length === 0;

/** Layers of a module tree: its children in order, list containers replaced by their items (one row per BERT layer),
 *  empty modules left out. */
function layersOf(m: Module): Module[] {
  return m.childModules().flatMap((c) => (isList(c) ? layersOf(c) : isEmpty(c) ? [] : [c]));
}

function row(m: Module, g: Graph | null): SummaryRow {
  const params = m.parameters();
  return {
    layer: m.name || '(root)',
    kind: m.constructor.name,
    outputShape: outputShape(g, m.name),
    params: count(params),
    status: status(params),
  };
}

/** The summary rows and totals of a model. */
export function modelSummary(s: SummarySubject, opts: { expandEncoder?: boolean } = {}): ModelSummary {
  const rows: SummaryRow[] = [];
  const encParams = s.mode === 'ids' ? [] : s.encoder.module.parameters();
  if (s.mode !== 'ids') {
    const layers = layersOf(s.encoder.module);
    if (opts.expandEncoder && layers.length > 0) {
      const g = graphOf(s.encoder.inputSpecs, (ctx, x) => {
        const out = s.encoder.build(ctx, x, { layers: s.layers, pooling: s.pooling });
        return s.encoderOutput.length === 2 ? out.pooled : out.tokens;
      });
      rows.push(...layers.map((m) => row(m, g)));
    } else {
      const constants = encParams.length === 0;
      rows.push({
        layer: 'encoder',
        kind: `${s.encoder.id === s.encoder.modelType ? s.encoder.id : `${s.encoder.modelType} ${s.encoder.id}`} (${s.encoder.numLayers} layers, hidden ${s.encoder.hiddenSize})`,
        outputShape: s.encoderOutput,
        params: count(encParams),
        status: constants ? 'constants' : status(encParams),
      });
    }
  }
  const g = graphOf(s.inputSpecs, (ctx, x) => s.build(ctx, x));
  const headLayers = layersOf(s.head);
  rows.push(...(headLayers.length ? headLayers : [s.head]).map((m) => row(m, g)));
  const all = [...encParams, ...s.head.parameters()];
  const trainable = count(all.filter((p) => p.trainable));
  const total = count(all);
  return { rows, trainable, frozen: total - trainable, total };
}

const thousands = (n: number) => n.toLocaleString('en-US');
/** Dims known only at run time (e.g. after pooling with ceil) print as '?'. */
const shape = (s: SummaryRow['outputShape']) =>
  s ? `[${s.map((d) => (typeof d === 'string' && d.startsWith('?') ? '?' : d)).join(', ')}]` : '(not used)';

/** The summary as a text table (what summary() returns and `bertcnn summary` prints). */
export function formatSummary(title: string, s: ModelSummary): string {
  const head = ['Layer (path)', 'Kind', 'Output shape', 'Param #', 'Trainable'];
  const body = s.rows.map((r) => [r.layer, r.kind, shape(r.outputShape), thousands(r.params), r.status]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = '─'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  const out = [title, rule, line(head), rule, ...body.map(line), rule];
  out.push(
    `Total params: ${thousands(s.total)}`,
    `Trainable params: ${thousands(s.trainable)}`,
    `Frozen params: ${thousands(s.frozen)}`,
  );
  if (s.rows.some((r) => r.status === 'constants'))
    out.push('(constants: the encoder’s weights are baked into its graph and are not counted)');
  return out.join('\n');
}
