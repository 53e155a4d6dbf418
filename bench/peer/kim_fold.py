"""PyTorch peer for `npm run bench -- kim`: Kim (2014) CNN-static epochs on the fold bench/kim.ts exported.

  /usr/bin/python3 bench/peer/kim_fold.py BASE --epochs 3 --threads 2 --layout kim|bucketed

BASE.json holds the fold as our pipeline encodes it (vocabulary ids of train / dev / test, labels) and BASE.f32 the
[V, D] static table (pretrained rows rescaled, OOV rows U[-a, a], row 0 = padding zeros), so both sides train on
the same inputs. The model is Kim's conv_net_sentence.py in PyTorch: frozen embedding, Conv2d(1, 100, (h, D)) for
h = 3, 4, 5 with his initialisation, ReLU, max over time, dropout 0.5, linear; Adadelta (rho 0.95, eps 1e-6, lr 1);
max-norm 3 on the softmax weight rows; mini-batches of 50 (Kim pads the last batch with repeated examples).
Layouts: 'kim' pads every sentence to the longest one + 2 x 4 zeros (his code); 'bucketed' batches as bertcnn's
src/data/batching.ts does — shuffled, sorted by length within pools of 50 batches, each batch padded to its own
longest sentence + 2 x 4, batch order shuffled per epoch (no repeated examples to fill the last batch).
Timed per epoch: the training steps plus the dev evaluation (batches of 50), as bertcnn's epoch seconds.
Prints one JSON line: {peer, layout, epochs, seconds_per_epoch (median), ms_per_step, dev, test_at_best, threads, torch}.
"""
import argparse
import json
import os
import statistics
import time

p = argparse.ArgumentParser()
p.add_argument('base')
p.add_argument('--epochs', type=int, default=3)
p.add_argument('--threads', type=int, default=2)
p.add_argument('--layout', choices=['kim', 'bucketed'], default='bucketed')
p.add_argument('--seed', type=int, default=1)
a = p.parse_args()
os.environ.setdefault('OPENBLAS_NUM_THREADS', str(a.threads))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)
rng = np.random.RandomState(a.seed)
d = json.load(open(a.base + '.json'))
V, D, C = d['V'], d['D'], d['C']
table = np.fromfile(a.base + '.f32', dtype=np.float32).reshape(V, D)
H = [3, 4, 5]
PAD = max(H) - 1
longest = max(len(s) for part in ('train', 'dev', 'test') for s in d[part]['ids'])
L_KIM = longest + 2 * PAD


def padded(ids, length):
    x = np.zeros((len(ids), length), dtype=np.int64)
    for i, s in enumerate(ids):
        x[i, PAD:PAD + len(s)] = s
    return torch.from_numpy(x)


def batches(ids, y, size, shuffle):
    """[(x [B, T], y [B])]: Kim's fixed length, or length-bucketed as src/data/batching.ts cuts them."""
    lengths = np.array([len(s) for s in ids])
    if a.layout == 'kim':
        order = rng.permutation(len(ids)) if shuffle else np.arange(len(ids))
        if shuffle and len(order) % size:  # Kim: fill the last batch with repeated random examples
            order = np.concatenate([order, rng.permutation(len(ids))[:size - len(order) % size]])
    elif shuffle:  # shuffled, then sorted by length within pools of 50 batches (ties stay in shuffled order)
        perm, pool = rng.permutation(len(ids)), 50 * size
        order = np.concatenate([p[np.argsort(lengths[p], kind='stable')] for p in np.split(perm, range(pool, len(perm), pool))])
    else:
        order = np.argsort(-lengths, kind='stable')
    out = []
    for k in range(0, len(order), size):
        idx = order[k:k + size]
        part = [ids[i] for i in idx]
        length = L_KIM if a.layout == 'kim' else max(len(s) for s in part) + 2 * PAD
        out.append((padded(part, length), torch.tensor([y[i] for i in idx])))
    return out


class Kim(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, D)
        self.emb.weight.data.copy_(torch.from_numpy(table))
        self.emb.weight.requires_grad = False
        self.convs = nn.ModuleList()
        for h in H:
            conv = nn.Conv2d(1, 100, (h, D))
            fan_in, fan_out = h * D, 100 * h * D / (L_KIM - h + 1)
            bound = np.sqrt(6.0 / (fan_in + fan_out))
            nn.init.uniform_(conv.weight, -bound, bound)
            nn.init.zeros_(conv.bias)
            self.convs.append(conv)
        self.fc = nn.Linear(100 * len(H), C)
        nn.init.zeros_(self.fc.weight)
        nn.init.zeros_(self.fc.bias)

    def forward(self, x):  # x [B, T] -> logits [B, C]
        e = self.emb(x).unsqueeze(1)  # [B, 1, T, D]
        z = torch.cat([F.relu(c(e)).squeeze(3).max(2)[0] for c in self.convs], 1)  # [B, 300]
        return self.fc(F.dropout(z, 0.5, self.training))


def accuracy(model, data):
    model.eval()
    with torch.no_grad():
        right = sum(int((model(x).argmax(1) == y).sum()) for x, y in data)
    model.train()
    return right / sum(len(y) for _, y in data)


model = Kim()
opt = torch.optim.Adadelta([q for q in model.parameters() if q.requires_grad], lr=1.0, rho=0.95, eps=1e-6)
train_ids, train_y = d['train']['ids'], d['train']['y']
dev = batches(d['dev']['ids'], d['dev']['y'], 50, False)
test = batches(d['test']['ids'], d['test']['y'], 50, False)
seconds, steps, best_dev, test_at = [], 0, -1.0, 0.0
for epoch in range(a.epochs):
    train = batches(train_ids, train_y, 50, True)  # built outside the timed region
    t0 = time.perf_counter()
    for b in rng.permutation(len(train)):
        x, y = train[b]
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            w = model.fc.weight
            norm = w.norm(dim=1, keepdim=True)
            w.mul_(norm.clamp(max=3.0) / (1e-7 + norm))
        steps += 1
    dev_acc = accuracy(model, dev)
    seconds.append(time.perf_counter() - t0)
    if dev_acc >= best_dev:
        best_dev, test_at = dev_acc, accuracy(model, test)
print(json.dumps({'peer': 'pytorch', 'layout': a.layout, 'epochs': a.epochs, 'seconds_per_epoch': round(statistics.median(seconds), 3),
                  'ms_per_step': round(1000 * sum(seconds) / steps, 2), 'dev': round(best_dev, 4), 'test_at_best': round(test_at, 4),
                  'threads': a.threads, 'torch': torch.__version__}))
