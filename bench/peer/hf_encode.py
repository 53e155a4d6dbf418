"""The peer for `npm run bench -- real`: frozen feature extraction with Hugging Face transformers (AutoModel, fp32,
eval mode, no_grad) on the same checkpoint, texts, batch size and threads as bertcnn's frozen encoder.

    python3 bench/peer/hf_encode.py --model DIR --texts FILE --threads 2 [--batch 32] [--random 32x128]

--texts: one sentence per line; they are tokenized (truncation at --max-length), sorted by length (longest first)
and cut into batches padded to the batch maximum — the way bertcnn's eval batching does it. --random BxT also
times random ids of that shape (mask all ones). Prints one JSON line: sentences/s for each, with the versions.
"""
import argparse
import json
import random
import time

p = argparse.ArgumentParser()
p.add_argument('--model', required=True)
p.add_argument('--texts', required=True)
p.add_argument('--threads', type=int, default=2)
p.add_argument('--batch', type=int, default=32)
p.add_argument('--max-length', type=int, default=128)
p.add_argument('--random', default='32x128')
p.add_argument('--steps', type=int, default=3, help='timed repetitions of the random-ids batch')
args = p.parse_args()

import torch  # noqa: E402
import transformers  # noqa: E402
from transformers import AutoModel, AutoTokenizer  # noqa: E402

torch.set_num_threads(args.threads)
tok = AutoTokenizer.from_pretrained(args.model)
model = AutoModel.from_pretrained(args.model).eval()
texts = [l.rstrip('\n') for l in open(args.texts, encoding='utf-8') if l.strip()]
ids = tok(texts, truncation=True, max_length=args.max_length)['input_ids']
order = sorted(range(len(ids)), key=lambda i: (-len(ids[i]), i))


def run(batch_ids):
    T = max(len(x) for x in batch_ids)
    x = torch.zeros(len(batch_ids), T, dtype=torch.long)
    m = torch.zeros(len(batch_ids), T, dtype=torch.long)
    for r, row in enumerate(batch_ids):
        x[r, : len(row)] = torch.tensor(row)
        m[r, : len(row)] = 1
    out = model(input_ids=x, attention_mask=m)
    return out.last_hidden_state, out.pooler_output


with torch.no_grad():
    run([ids[i] for i in order[: args.batch]])  # warm-up
    t0 = time.perf_counter()
    for s in range(0, len(order), args.batch):
        run([ids[i] for i in order[s : s + args.batch]])
    texts_s = time.perf_counter() - t0
    B, T = (int(v) for v in args.random.split('x'))
    rng = random.Random(1)
    rand = [[1000 + rng.randrange(29000) for _ in range(T)] for _ in range(B)]
    run(rand)
    times = []
    for _ in range(args.steps):
        t = time.perf_counter()
        run(rand)
        times.append(time.perf_counter() - t)
print(json.dumps({
    'texts': len(texts), 'texts_seconds': round(texts_s, 3), 'texts_sentences_per_s': round(len(texts) / texts_s, 2),
    'random_shape': args.random, 'random_median_s': round(sorted(times)[len(times) // 2], 4),
    'random_sentences_per_s': round(B / sorted(times)[len(times) // 2], 2),
    'torch': torch.__version__, 'transformers': transformers.__version__, 'threads': torch.get_num_threads(),
    'mkl': torch.backends.mkl.is_available(), 'mkldnn': torch.backends.mkldnn.is_available(),
}))
