"""PyTorch side of bench/gemm-shapes.ts: the fine-tuning step's four GEMM shapes (MiniLM-L6 FFN, M = batch x tokens)
timed with torch.mm on --threads threads. Prints one JSON line: {case: median ms}.

    python3 bench/peer/gemm_shapes.py --m 544 --reps 20 --threads 2
"""
import argparse
import json
import statistics
import time

import torch

p = argparse.ArgumentParser()
p.add_argument('--m', type=int, default=544)
p.add_argument('--reps', type=int, default=20)
p.add_argument('--threads', type=int, default=2)
args = p.parse_args()
torch.set_num_threads(args.threads)
g = torch.Generator().manual_seed(1)
M = args.m
x384, x1536 = torch.randn(M, 384, generator=g), torch.randn(M, 1536, generator=g)
w_up, w_down = torch.randn(1536, 384, generator=g), torch.randn(384, 1536, generator=g)
cases = {  # same names and operands as bench/gemm-shapes.ts
    'fwd_up x[M,384]·Wᵀ[384,1536]': lambda: torch.nn.functional.linear(x384, w_up),
    'fwd_down x[M,1536]·Wᵀ[1536,384]': lambda: torch.nn.functional.linear(x1536, w_down),
    'dW_up dYᵀ[1536,M]·x[M,384]': lambda: torch.mm(x1536.t(), x384),
    'dW_down dYᵀ[384,M]·x[M,1536]': lambda: torch.mm(x384.t(), x1536),
}
out = {}
for name, f in cases.items():
    f()
    ms = []
    for _ in range(args.reps):
        t = time.perf_counter()
        f()
        ms.append((time.perf_counter() - t) * 1000)
    out[name] = round(statistics.median(ms), 2)
print(json.dumps(out))
