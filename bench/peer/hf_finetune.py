"""The peer for bertcnn's fine-tuning rows: Hugging Face transformers on PyTorch 2, same checkpoint, same data,
same max length, batch size, epochs, learning rates, schedule and seed as `bertcnn train --mode finetune`.

    python3 bench/peer/hf_finetune.py --task sst2 --head cls-linear --epochs 3 --out peer.json
    python3 bench/peer/hf_finetune.py --task sst2 --head textcnn --epochs 3 --head-lr 1e-3
    python3 bench/peer/hf_finetune.py --task conll --epochs 1 --out peer-ner.json

Models:
  sst2 cls-linear: transformers' BertForSequenceClassification (pooler → dropout 0.1 → Linear), as bertcnn's
    `--head linear --pooling pooler`.
  sst2 textcnn:    BertModel + Kim's TextCNN on the last hidden state (kernels 3/4/5 × 100, ReLU, masked max over
    time, dropout 0.5, Linear), as bertcnn's `--head textcnn` (windows that run past a sentence's end are masked,
    window 0 always counts).
  conll linear:    BertForTokenClassification (dropout 0.1 → Linear per sub-token; labels on each word's first
    sub-token, -100 elsewhere), as bertcnn's `--task ner --head tagger-linear`; entity F1 by seqeval (conlleval).
Recipe (bertcnn's defaults): AdamW (weight decay 0.01 on every parameter, as bertcnn applies it), linear schedule
with 10% warm-up, gradient-norm clip 1.0, length-bucketed batches cut as src/data/batching.ts cuts them (shuffle,
sort by length within pools of 50 batches, shuffle the batches); the best dev epoch's test score is reported.
Threads: --threads (default 2). Prints one JSON object (and writes it to --out): per-epoch train seconds, dev and
test scores, torch/transformers versions and the BLAS torch uses.
"""
import argparse
import json
import os
import random
import sys
import time

p = argparse.ArgumentParser()
p.add_argument('--task', choices=['sst2', 'conll'], required=True)
p.add_argument('--head', choices=['cls-linear', 'textcnn', 'linear'], default=None)
p.add_argument('--model', default='sentence-transformers/all-MiniLM-L6-v2')
p.add_argument('--data', default=None, help='data folder (default ../shared/data/SST-2 or CoNLL-2003)')
p.add_argument('--epochs', type=int, default=3)
p.add_argument('--batch-size', type=int, default=32)
p.add_argument('--eval-batch-size', type=int, default=64)
p.add_argument('--max-length', type=int, default=128)
p.add_argument('--lr', type=float, default=5e-5, help='encoder learning rate')
p.add_argument('--head-lr', type=float, default=None, help='head learning rate (default: --lr)')
p.add_argument('--weight-decay', type=float, default=0.01)
p.add_argument('--warmup-ratio', type=float, default=0.1)
p.add_argument('--clip-norm', type=float, default=1.0)
p.add_argument('--seed', type=int, default=42)
p.add_argument('--threads', type=int, default=2)
p.add_argument('--limit', type=int, default=0, help='use only the first N training examples (smoke runs)')
p.add_argument('--out', default=None)
args = p.parse_args()

import torch  # noqa: E402  (after argparse so --help is fast)
import transformers  # noqa: E402
from transformers import AutoTokenizer  # noqa: E402

torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)
random.seed(args.seed)
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, '..', '..')
head = args.head or ('linear' if args.task == 'conll' else 'cls-linear')
tok = AutoTokenizer.from_pretrained(args.model)


def read_tsv(path):
    out = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line:
                label, text = line.split('\t', 1)
                out.append((text, label))
    return out


def read_conll(path):
    sents, words, tags = [], [], []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line:
                if words:
                    sents.append((words, tags))
                words, tags = [], []
                continue
            w, t = line.split('\t')
            words.append(w)
            tags.append(t)
    if words:
        sents.append((words, tags))
    return sents


def bucket_batches(lengths, size, rng):
    """src/data/batching.ts's training batches: shuffle, sort within pools of 50 batches, shuffle the batches."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    batches = []
    pool = 50 * size
    for s in range(0, len(idx), pool):
        chunk = sorted(idx[s:s + pool], key=lambda i: lengths[i])
        batches += [chunk[i:i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


def eval_batches(lengths, size):
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    return [order[i:i + size] for i in range(0, len(order), size)]


class TextCnnClassifier(torch.nn.Module):
    def __init__(self, encoder, num_classes, kernels=(3, 4, 5), filters=100, dropout=0.5):
        super().__init__()
        self.bert = encoder
        h = encoder.config.hidden_size
        self.kernels = kernels
        self.convs = torch.nn.ModuleList([torch.nn.Conv1d(h, filters, k) for k in kernels])
        self.dropout = torch.nn.Dropout(dropout)
        self.fc = torch.nn.Linear(filters * len(kernels), num_classes)

    def forward(self, input_ids, attention_mask):
        x = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state  # [B, T, H]
        m = attention_mask.to(x.dtype)
        x = (x * m.unsqueeze(-1)).transpose(1, 2)  # [B, H, T], padding zeroed
        T = x.shape[2]
        lengths = attention_mask.sum(1)  # [B]
        pooled = []
        for k, conv in zip(self.kernels, self.convs):
            if T < k:
                x_k = torch.nn.functional.pad(x, (0, k - T))
            else:
                x_k = x
            y = torch.relu(conv(x_k))  # [B, F, T-k+1]
            pos = torch.arange(y.shape[2])
            valid = (pos.unsqueeze(0) + k <= lengths.unsqueeze(1)) | (pos.unsqueeze(0) == 0)  # [B, T-k+1]
            y = y.masked_fill(~valid.unsqueeze(1), float('-inf'))
            pooled.append(y.max(dim=2).values)
        return self.fc(self.dropout(torch.cat(pooled, 1)))


def build_classification():
    d = args.data or os.path.join(root, '..', 'shared', 'data', 'SST-2')
    train, dev, test = (read_tsv(os.path.join(d, f)) for f in ('train.tsv', 'dev.tsv', 'test.tsv'))
    if args.limit:
        train = train[: args.limit]
    labels = sorted({l for _, l in train})
    li = {l: i for i, l in enumerate(labels)}

    def encode(rows):
        enc = tok([t for t, _ in rows], truncation=True, max_length=args.max_length)
        return enc['input_ids'], [li[l] for _, l in rows]

    if head == 'cls-linear':
        from transformers import BertForSequenceClassification
        model = BertForSequenceClassification.from_pretrained(args.model, num_labels=len(labels))
        head_params = list(model.classifier.parameters())
    else:
        from transformers import AutoModel
        model = TextCnnClassifier(AutoModel.from_pretrained(args.model, add_pooling_layer=False), len(labels))
        head_params = [p for n, p in model.named_parameters() if not n.startswith('bert.')]
    return model, head_params, encode(train), encode(dev), encode(test), None


def build_ner():
    from seqeval.metrics import f1_score
    from transformers import BertForTokenClassification
    d = args.data or os.path.join(root, '..', 'shared', 'data', 'CoNLL-2003')
    train, dev, test = (read_conll(os.path.join(d, f)) for f in ('train.tsv', 'valid.tsv', 'test.tsv'))
    if args.limit:
        train = train[: args.limit]
    tags = sorted({t for _, ts in train for t in ts})
    ti = {t: i for i, t in enumerate(tags)}

    def encode(sents):
        # Words joined by single spaces, sub-tokens assigned by character offsets (as src/tasks/ner/alignment.ts).
        ids, labs = [], []
        for words, ts in sents:
            text = ' '.join(words)
            starts, pos = [], 0
            for w in words:
                starts.append(pos)
                pos += len(w) + 1
            enc = tok(text, truncation=True, max_length=args.max_length, return_offsets_mapping=True)
            lab = [-100] * len(enc['input_ids'])
            first = {}
            for j, (a, b) in enumerate(enc['offset_mapping']):
                if b <= a:
                    continue
                wi = max(i for i, s in enumerate(starts) if s <= a)
                if wi not in first:
                    first[wi] = j
                    lab[j] = ti.get(ts[wi], ti['O'])
            ids.append(enc['input_ids'])
            labs.append((lab, first, ts))
        return ids, labs

    model = BertForTokenClassification.from_pretrained(args.model, num_labels=len(tags))
    head_params = list(model.classifier.parameters())

    def score(model, data):
        ids, labs = data
        gold, pred = [], []
        for b in eval_batches([len(x) for x in ids], args.eval_batch_size):
            logits = forward(model, [ids[i] for i in b])
            for r, i in enumerate(b):
                _, first, ts = labs[i]
                am = logits[r].argmax(-1).tolist()
                gold.append(ts)
                pred.append([tags[am[first[w]]] if w in first else 'O' for w in range(len(ts))])
        return f1_score(gold, pred)

    return model, head_params, encode(train), encode(dev), encode(test), score


def pad(batch_ids):
    T = max(len(x) for x in batch_ids)
    if head == 'textcnn':
        T = max(T, 5)
    ids = torch.zeros(len(batch_ids), T, dtype=torch.long)
    mask = torch.zeros(len(batch_ids), T, dtype=torch.long)
    for r, x in enumerate(batch_ids):
        ids[r, : len(x)] = torch.tensor(x)
        mask[r, : len(x)] = 1
    return ids, mask


def forward(model, batch_ids):
    ids, mask = pad(batch_ids)
    out = model(input_ids=ids, attention_mask=mask)
    return out if isinstance(out, torch.Tensor) else out.logits


def accuracy(model, data):
    ids, ys = data
    correct = 0
    for b in eval_batches([len(x) for x in ids], args.eval_batch_size):
        logits = forward(model, [ids[i] for i in b])
        correct += int((logits.argmax(-1) == torch.tensor([ys[i] for i in b])).sum())
    return correct / len(ids)


def main():
    t_load = time.time()
    model, head_params, train, dev, test, ner_score = build_ner() if args.task == 'conll' else build_classification()
    head_ids = {id(p) for p in head_params}
    enc_params = [p for p in model.parameters() if id(p) not in head_ids]
    opt = torch.optim.AdamW(
        [{'params': enc_params, 'lr': args.lr}, {'params': head_params, 'lr': args.head_lr or args.lr}],
        weight_decay=args.weight_decay,
    )
    ids, ys = train
    rng = random.Random(args.seed)
    steps_per_epoch = -(-len(ids) // args.batch_size)
    total = steps_per_epoch * args.epochs
    sched = transformers.get_linear_schedule_with_warmup(opt, int(args.warmup_ratio * total), total)
    score = (lambda m, d: ner_score(m, d)) if ner_score else accuracy
    epochs = []
    print(f'# setup {time.time() - t_load:.1f} s; {len(ids)} training examples; {steps_per_epoch} steps/epoch', file=sys.stderr)
    for epoch in range(1, args.epochs + 1):
        model.train()
        t0 = time.time()
        loss_sum = 0.0
        for b in bucket_batches([len(x) for x in ids], args.batch_size, rng):
            logits = forward(model, [ids[i] for i in b])
            if ner_score:
                T = logits.shape[1]
                lab = torch.full((len(b), T), -100, dtype=torch.long)
                for r, i in enumerate(b):
                    lab[r, : len(ys[i][0])] = torch.tensor(ys[i][0])
                loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), lab.reshape(-1), ignore_index=-100)
            else:
                loss = torch.nn.functional.cross_entropy(logits, torch.tensor([ys[i] for i in b]))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip_norm)
            opt.step()
            sched.step()
            loss_sum += float(loss) * len(b)
        train_s = time.time() - t0
        model.eval()
        with torch.no_grad():
            dev_score, test_score = score(model, dev), score(model, test)
        epochs.append({'epoch': epoch, 'train_seconds': round(train_s, 1), 'loss': loss_sum / len(ids), 'dev': dev_score, 'test': test_score})
        print(json.dumps(epochs[-1]), file=sys.stderr)
    best = max(epochs, key=lambda e: e['dev'])  # first best on ties, as bertcnn
    result = {
        'task': args.task, 'head': head, 'model': args.model, 'metric': 'entity_f1' if ner_score else 'accuracy',
        'epochs': epochs, 'best_epoch': best['epoch'], 'dev': best['dev'], 'test': best['test'],
        'median_epoch_seconds': sorted(e['train_seconds'] for e in epochs)[len(epochs) // 2],
        'settings': vars(args), 'torch': torch.__version__, 'transformers': transformers.__version__,
        'blas': 'mkl' if torch.backends.mkl.is_available() else 'other', 'mkldnn': torch.backends.mkldnn.is_available(),
        'threads': torch.get_num_threads(),
    }
    print(json.dumps(result))
    if args.out:
        tmp = args.out + '.tmp'
        with open(tmp, 'w') as f:
            json.dump(result, f, indent=2)
        os.replace(tmp, args.out)


if __name__ == '__main__':
    main()
