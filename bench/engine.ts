// `npm run bench -- engine`: training-step speed of the engine against PyTorch (same shapes, 2 threads each).
//   textcnn_step:            TextCNN head on features [32, 128, 768], kernels 3/4/5 × 100, dropout 0.5, AdamW
//   bert_mini_finetune_step: BERT-mini (4 layers, H 256, 4 heads, FFN 1024, vocab 30522) + TextCNN, ids 32×128
// One step = forward + backward (one ORT run) + gradient alignment + AdamW update on the host.
import { Program } from '../src/engine/program.ts';
import { Rng } from '../src/engine/rng.ts';
import { crossEntropy } from '../src/engine/losses/index.ts';
import { makeOptimizer } from '../src/engine/optim/index.ts';
import { bertConfig } from '../src/encoders/bert/config.ts';
import { BertModel } from '../src/encoders/bert/model.ts';
import { TextCnn } from '../src/heads/textcnn.ts';
import { trainStep } from '../src/train/step.ts';
import { emit, machine, round, summarize, timeSteps, torchPeer } from './common.ts';
import type { HostTensor } from '../src/engine/tensor.ts';

const THREADS = 2;
const B = 32;
const T = 128;

function ones(n: number): Float32Array {
  return new Float32Array(n).fill(1);
}

function labels(rng: Rng): HostTensor {
  return { dtype: 'int64', shape: [B], data: BigInt64Array.from({ length: B }, () => BigInt(rng.int(2))) };
}

async function textcnnStep(warmup: number, steps: number) {
  const rng = new Rng(1);
  const H = 768;
  const head = new TextCnn('head', { inputDim: H, numClasses: 2 }, rng);
  const program = await Program.compile({
    label: 'bench textcnn step',
    training: true,
    threads: THREADS,
    inputs: [
      { name: 'features', dtype: 'float32', shape: ['B', 'T', H] },
      { name: 'mask', dtype: 'float32', shape: ['B', 'T'] },
      { name: 'labels', dtype: 'int64', shape: ['B'] },
    ],
    build: (ctx, x) => ({ loss: crossEntropy(head.forward(ctx, x.features!, x.mask!), x.labels!) }),
  });
  const optimizer = makeOptimizer('adamw', head.parameters(), { lr: 1e-3 });
  const feeds = {
    features: { dtype: 'float32' as const, shape: [B, T, H], data: rng.fillNormal(new Float32Array(B * T * H)) },
    mask: { dtype: 'float32' as const, shape: [B, T], data: ones(B * T) },
    labels: labels(rng),
  };
  const ms = await timeSteps(() => trainStep(program, optimizer, feeds), warmup, steps);
  await program.release();
  return ms;
}

async function bertMiniStep(warmup: number, steps: number) {
  const rng = new Rng(2);
  const cfg = bertConfig({ hidden_size: 256, num_hidden_layers: 4, num_attention_heads: 4, intermediate_size: 1024 });
  const bert = new BertModel('bert', cfg, rng);
  const head = new TextCnn('head', { inputDim: 256, numClasses: 2 }, rng);
  const program = await Program.compile({
    label: 'bench bert-mini fine-tune step',
    training: true,
    threads: THREADS,
    inputs: [
      { name: 'input_ids', dtype: 'int64', shape: ['B', 'T'] },
      { name: 'token_type_ids', dtype: 'int64', shape: ['B', 'T'] },
      { name: 'attention_mask', dtype: 'float32', shape: ['B', 'T'] },
      { name: 'labels', dtype: 'int64', shape: ['B'] },
    ],
    build(ctx, x) {
      const out = bert.forward(ctx, {
        inputIds: x.input_ids!,
        tokenTypeIds: x.token_type_ids!,
        attentionMask: x.attention_mask!,
      });
      return { loss: crossEntropy(head.forward(ctx, out.lastHiddenState, x.attention_mask!), x.labels!) };
    },
  });
  const optimizer = makeOptimizer('adamw', [...bert.parameters(), ...head.parameters()], { lr: 1e-3 });
  const ids = BigInt64Array.from({ length: B * T }, () => BigInt(rng.int(30522)));
  const feeds = {
    input_ids: { dtype: 'int64' as const, shape: [B, T], data: ids },
    token_type_ids: { dtype: 'int64' as const, shape: [B, T], data: new BigInt64Array(B * T) },
    attention_mask: { dtype: 'float32' as const, shape: [B, T], data: ones(B * T) },
    labels: labels(rng),
  };
  const ms = await timeSteps(() => trainStep(program, optimizer, feeds), warmup, steps);
  await program.release();
  return ms;
}

export async function benchEngine(args: { steps: number; warmup: number; only?: string }): Promise<void> {
  emit({ name: 'machine', ...machine() });
  const cases: [string, string, (w: number, s: number) => Promise<number[]>][] = [
    ['textcnn_step', 'textcnn', textcnnStep],
    ['bert_mini_finetune_step', 'bert_mini_finetune', bertMiniStep],
  ];
  for (const [name, peerCase, run] of cases) {
    if (args.only && !name.includes(args.only)) continue;
    const fig = summarize(name, await run(args.warmup, args.steps), 'ms', { threads: THREADS });
    const peer = torchPeer([
      '--case',
      peerCase,
      '--warmup',
      String(args.warmup),
      '--steps',
      String(args.steps),
      '--threads',
      String(THREADS),
    ]);
    if (peer) {
      const pm = Number(peer.median_ms);
      emit({
        ...fig,
        peer: 'pytorch',
        peer_median: round(pm),
        peer_min: peer.min_ms,
        peer_max: peer.max_ms,
        ratio: round(fig.median / pm),
      });
    } else {
      emit({ ...fig, peer: null });
    }
  }
}
