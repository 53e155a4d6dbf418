"""PyTorch peer for `npm run bench -- engine` (and later `encode`): times the same workloads the engine runs.

  /usr/bin/python3 bench/peer/torch_steps.py --case textcnn --warmup 3 --steps 10
  /usr/bin/python3 bench/peer/torch_steps.py --case bert_mini_finetune --warmup 3 --steps 10
  /usr/bin/python3 bench/peer/torch_steps.py --case encode --batch 32 --seq 128 --layers 12 --hidden 768 \
      --heads 12 --ffn 3072

Cases (float32, CPU, torch.set_num_threads(--threads, default 2)):
  textcnn             features [B=32, T=128, H=768] ~ N(0,1), masks all ones; kernels 3/4/5 x 100 filters, ReLU,
                      max over time, dropout 0.5, linear -> 2 classes, cross-entropy, AdamW(lr 1e-3).
                      One timed step = zero_grad + forward + backward + optimizer.step.
  bert_mini_finetune  BERT-mini-shaped encoder (4 layers, hidden 256, 4 heads, FFN 1024, vocab 30522, 512 positions,
                      train mode, dropout 0.1) + the same TextCNN head on its [32, 128, 256] states; random token ids,
                      attention mask all ones, AdamW(lr 1e-3) over all parameters. Timed as above.
  encode              BERT forward (eval, torch.no_grad) on random ids [--batch, --seq]; also reports sentences/s.
Prints one JSON line: {name, peer, unit, median_ms, min_ms, max_ms, n, peak_rss_mb, threads, torch,
matmul_gflops, blas[, ...]}. peak_rss_mb is the process's ru_maxrss (whole run, including model construction).
matmul_gflops probes the BLAS torch is linked to: Debian's python3-torch uses whatever libblas.so.3 the
alternatives system points at; with the reference (netlib) BLAS it is ~1 GFLOPS and every figure here is
meaningless (warning on stderr) -- `apt-get install -y libopenblas0-pthread` switches it to OpenBLAS.
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time

# Before torch loads libblas: an OpenBLAS behind libblas.so.3 must obey --threads too (torch only sets OpenMP).
_threads = next((sys.argv[i + 1] for i, v in enumerate(sys.argv[:-1]) if v == '--threads'), '2')
os.environ.setdefault('OPENBLAS_NUM_THREADS', _threads)

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'scripts', 'fixtures'))
from torch_bert import BertConfig, BertModel  # noqa: E402
from torch_textcnn import TextCNN  # noqa: E402

DEFAULT_ITERS = {'textcnn': (3, 10), 'bert_mini_finetune': (3, 10), 'encode': (1, 5)}


def blas_library():
    """Real path of the BLAS shared object mapped into this process (Linux), or 'unknown'."""
    try:
        with open('/proc/self/maps') as f:
            paths = {line.split()[-1] for line in f if 'blas' in line.lower() and '/' in line}
    except OSError:
        return 'unknown'
    return ','.join(sorted(os.path.realpath(p) for p in paths)) or 'builtin'


def matmul_gflops():
    a, b = torch.randn(256, 256), torch.randn(256, 256)
    a @ b
    n, t0 = 4, time.perf_counter()
    for _ in range(n):
        a @ b
    return 2 * 256 ** 3 * n / (time.perf_counter() - t0) / 1e9


def time_it(fn, warmup, steps):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000.0)
    return times


def textcnn_case(a):
    B, T, H = 32, 128, 768
    head = TextCNN(H, 100, (3, 4, 5), 2, dropout=0.5).train()
    x, mask = torch.randn(B, T, H), torch.ones(B, T)
    labels = torch.randint(0, 2, (B,))
    opt = torch.optim.AdamW(head.parameters(), lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(head(x, mask), labels).backward()
        opt.step()
    return step, {}


def bert_mini_case(a):
    B, T = 32, 128
    cfg = BertConfig(vocab_size=30522, hidden_size=256, num_hidden_layers=4, num_attention_heads=4,
                     intermediate_size=1024, max_position_embeddings=512,
                     hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1)
    bert = BertModel(cfg).train()
    head = TextCNN(cfg.hidden_size, 100, (3, 4, 5), 2, dropout=0.5).train()
    ids = torch.randint(0, cfg.vocab_size, (B, T))
    mask = torch.ones(B, T, dtype=torch.int64)
    labels = torch.randint(0, 2, (B,))
    opt = torch.optim.AdamW(list(bert.parameters()) + list(head.parameters()), lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        states, _ = bert(ids, mask)  # [B, T, 256]
        F.cross_entropy(head(states, mask.to(torch.float32)), labels).backward()
        opt.step()
    return step, {}


def encode_case(a):
    cfg = BertConfig(vocab_size=30522, hidden_size=a.hidden, num_hidden_layers=a.layers,
                     num_attention_heads=a.heads, intermediate_size=a.ffn, max_position_embeddings=max(512, a.seq))
    bert = BertModel(cfg).eval()
    ids = torch.randint(0, cfg.vocab_size, (a.batch, a.seq))
    mask = torch.ones(a.batch, a.seq, dtype=torch.int64)

    def step():
        with torch.no_grad():
            bert(ids, mask)
    return step, {'batch': a.batch, 'seq': a.seq, 'layers': a.layers, 'hidden': a.hidden, 'heads': a.heads,
                  'ffn': a.ffn}


CASES = {'textcnn': textcnn_case, 'bert_mini_finetune': bert_mini_case, 'encode': encode_case}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--case', required=True, choices=sorted(CASES))
    ap.add_argument('--warmup', type=int, default=None, help='untimed iterations (default 3; encode 1)')
    ap.add_argument('--steps', type=int, default=None, help='timed iterations (default 10; encode 5)')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--seq', type=int, default=128)
    ap.add_argument('--layers', type=int, default=12)
    ap.add_argument('--hidden', type=int, default=768)
    ap.add_argument('--heads', type=int, default=12)
    ap.add_argument('--ffn', type=int, default=3072)
    a = ap.parse_args()
    warmup = DEFAULT_ITERS[a.case][0] if a.warmup is None else a.warmup
    steps = DEFAULT_ITERS[a.case][1] if a.steps is None else a.steps
    if warmup < 0 or steps < 1:
        ap.error('--warmup must be >= 0 and --steps >= 1')
    if a.hidden % a.heads != 0:
        ap.error(f'--hidden {a.hidden} is not divisible by --heads {a.heads}')

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    gflops, blas = matmul_gflops(), blas_library()
    if '/blas/libblas.so' in blas:  # Debian's netlib reference BLAS (the libblas3 package)
        print(f'torch_steps: torch uses the reference BLAS {blas} ({gflops:.1f} GFLOPS): matmul-heavy figures are '
              'not representative (apt-get install -y libopenblas0-pthread)', file=sys.stderr)
    step, extra = CASES[a.case](a)
    times = time_it(step, warmup, steps)
    med = statistics.median(times)
    out = {'name': a.case, 'peer': 'pytorch', 'unit': 'ms', 'median_ms': round(med, 3),
           'min_ms': round(min(times), 3), 'max_ms': round(max(times), 3), 'n': steps,
           'peak_rss_mb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
           'threads': a.threads, 'torch': torch.__version__, 'matmul_gflops': round(gflops, 1), 'blas': blas, **extra}
    if a.case == 'encode':
        out['sentences_per_s'] = round(a.batch / (med / 1000.0), 2)
    print(json.dumps(out), flush=True)


if __name__ == '__main__':
    main()
