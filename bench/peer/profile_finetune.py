"""Where PyTorch's time goes in one fine-tuning epoch of BERT + TextCNN (the `npm run bench -- real` finetune setup),
for comparison with ONNX Runtime's profile of ours (scripts/ort-profile-table.mjs, BERTCNN_PROFILE=prefix).

    HF_HUB_OFFLINE=1 python3 bench/peer/profile_finetune.py --model <snapshot dir> --data <folder with train.tsv> \
        --threads 2 --epochs 2

The model, batching, optimizer (AdamW, linear warm-up schedule, clip 1.0) and step are bench/peer/hf_finetune.py's
own (imported, not copied). Every epoch but the last is warm-up; the last one runs under torch.profiler and
prints JSON lines: per-op self CPU time ({"name": "torch_op", ...}, top --top), per category ({"name":
"torch_category", ...}; the categories match the ORT table's), and the step phases measured with a wall clock
around forward, backward, clip and optimizer ({"name": "torch_phases", ...}), all in ms per step.
"""
import argparse
import json
import os
import random
import re
import sys
import time

p = argparse.ArgumentParser()
p.add_argument('--model', required=True)
p.add_argument('--data', required=True, help='folder with train.tsv, dev.tsv, test.tsv (as hf_finetune.py)')
p.add_argument('--threads', type=int, default=2)
p.add_argument('--epochs', type=int, default=2, help='the last one is profiled')
p.add_argument('--top', type=int, default=25)
args = p.parse_args()

# hf_finetune.py parses its arguments at import: hand it the bench's recipe.
sys.argv = [
    'hf_finetune.py', '--task', 'sst2', '--head', 'textcnn', '--model', args.model, '--data', args.data,
    '--lr', '5e-5', '--head-lr', '1e-3', '--threads', str(args.threads), '--batch-size', '32', '--max-length', '128',
    '--seed', '42', '--epochs', str(args.epochs),
]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hf_finetune as hf  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from torch.profiler import ProfilerActivity, profile  # noqa: E402

# Same category names as scripts/ort-profile-table.mjs; first match wins.
CATEGORIES = [
    ('matmul/conv', r'addmm|^aten::mm$|bmm|matmul|linear|conv|mkldnn'),
    ('softmax', r'softmax'),
    ('layernorm', r'layer_norm'),
    ('gelu', r'gelu'),
    ('dropout', r'dropout|bernoulli'),
    ('optimizer+clip', r'_foreach|adamw|lerp|addcdiv|norm|clip'),
    ('copy/layout', r'copy|clone|contiguous|transpose|permute|view|reshape|^aten::t$|as_strided|cat|expand|empty|'
                    r'zero|fill|pad|stack|split|slice|select|narrow|unsqueeze|squeeze|to$|_to_copy'),
    ('embedding/gather', r'embedding|index|gather|scatter'),
    ('reduce', r'sum|max|mean|argmax'),
    ('elementwise', r'add|mul|div|sub|where|masked|relu|threshold|sqrt|exp|neg|pow|tanh|rsub|eq|ne|lt|gt|le|ge'),
]


def category(name):
    for cat, rx in CATEGORIES:
        if re.search(rx, name):
            return cat
    return 'other'


def main():
    torch.set_num_threads(args.threads)
    model, head_params, train, _, _, _ = hf.build_classification()
    head_ids = {id(q) for q in head_params}
    opt = torch.optim.AdamW(
        [{'params': [q for q in model.parameters() if id(q) not in head_ids], 'lr': 5e-5},
         {'params': head_params, 'lr': 1e-3}], weight_decay=0.01)
    ids, ys = train
    rng = random.Random(42)
    steps = -(-len(ids) // 32)
    sched = transformers.get_linear_schedule_with_warmup(opt, int(0.1 * steps * args.epochs), steps * args.epochs)
    phases = {'forward': 0.0, 'backward': 0.0, 'clip': 0.0, 'optimizer': 0.0}

    def step(b, timed):
        t0 = time.perf_counter()
        logits = hf.forward(model, [ids[i] for i in b])
        loss = torch.nn.functional.cross_entropy(logits, torch.tensor([ys[i] for i in b]))
        t1 = time.perf_counter()
        opt.zero_grad()
        loss.backward()
        t2 = time.perf_counter()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        t3 = time.perf_counter()
        opt.step()
        sched.step()
        t4 = time.perf_counter()
        if timed:
            for k, v in zip(phases, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                phases[k] += v * 1000

    model.train()
    for _ in range(args.epochs - 1):
        for b in hf.bucket_batches([len(x) for x in ids], 32, rng):
            step(b, True)
    for k in phases:
        phases[k] = 0.0
    batches = hf.bucket_batches([len(x) for x in ids], 32, rng)
    t0 = time.perf_counter()
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for b in batches:
            step(b, True)
    wall = (time.perf_counter() - t0) * 1000
    n = len(batches)
    rows = sorted(prof.key_averages(), key=lambda e: -e.self_cpu_time_total)
    total = sum(e.self_cpu_time_total for e in rows) / 1000
    for e in rows[: args.top]:
        ms = e.self_cpu_time_total / 1000
        print(json.dumps({'name': 'torch_op', 'op': e.key, 'category': category(e.key), 'ms_per_step': round(ms / n, 2),
                          'share': round(ms / total, 3), 'calls_per_step': round(e.count / n, 1)}))
    cats = {}
    for e in rows:
        c = category(e.key)
        cats[c] = cats.get(c, 0.0) + e.self_cpu_time_total / 1000
    for c, ms in sorted(cats.items(), key=lambda kv: -kv[1]):
        print(json.dumps({'name': 'torch_category', 'category': c, 'ms_per_step': round(ms / n, 2),
                          'share': round(ms / total, 3)}))
    print(json.dumps({'name': 'torch_phases', 'steps': n, 'wall_ms_per_step': round(wall / n, 1),
                      'profiled_self_ms_per_step': round(total / n, 1),
                      **{k + '_ms_per_step': round(v / n, 1) for k, v in phases.items()},
                      'torch': torch.__version__, 'threads': torch.get_num_threads()}))


if __name__ == '__main__':
    main()
