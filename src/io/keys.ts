// Matches a model's expected weight names against a checkpoint's, and reports the difference the way Hugging Face
// transformers does ("Some weights of X were not initialized …" / "… were not used when initializing X").
//
// Name rules (no mapping table; the same rules transformers applies in `_load_pretrained_model`):
// 1. Legacy TF-converted names: a key ending in `LayerNorm.gamma` / `LayerNorm.beta` is read as
//    `LayerNorm.weight` / `LayerNorm.bias` (old bert-base-* checkpoints still carry them).
// 2. Base-model prefix (`basePrefix`, Hugging Face's `base_model_prefix`, equal to `config.model_type` for
//    BERT-family models: `bert`, `distilbert`): with p = `${basePrefix}.`,
//    - the checkpoint has p-keys and the model expects none (BertModel ← BertForSequenceClassification
//      checkpoint): strip p from checkpoint keys; keys without p (`cls.*`, `classifier.*`) stay as they are;
//    - the model expects p-keys and the checkpoint has none (BertForSequenceClassification ← BertModel
//      checkpoint such as sentence-transformers/all-MiniLM-L6-v2): prepend p to checkpoint keys;
//    - otherwise names are compared as they are.
// Missing = expected names no checkpoint key maps to; unexpected = checkpoint keys (original spelling) not used.

export interface KeyReport {
  missing: string[];
  unexpected: string[];
}

export interface KeyMatch extends KeyReport {
  /** expected model name → checkpoint key to read it from. */
  map: Map<string, string>;
}

/** Hugging Face's base_model_prefix for BERT-family configs: the config's `model_type`. */
export function basePrefixFor(config: { model_type?: unknown }): string | undefined {
  return typeof config.model_type === 'string' && config.model_type.length > 0 ? config.model_type : undefined;
}

/** Rule 1: legacy LayerNorm gamma/beta → weight/bias. */
export function modernName(key: string): string {
  if (key.endsWith('LayerNorm.gamma')) return `${key.slice(0, -'gamma'.length)}weight`;
  if (key.endsWith('LayerNorm.beta')) return `${key.slice(0, -'beta'.length)}bias`;
  return key;
}

export function matchKeys(expected: readonly string[], found: readonly string[], basePrefix?: string): KeyMatch {
  const want = new Set(expected);
  let rename = (k: string): string => k;
  if (basePrefix) {
    const p = `${basePrefix}.`;
    const hasPrefix = found.some((k) => k.startsWith(p));
    const expectsPrefix = expected.some((k) => k.startsWith(p));
    if (hasPrefix && !expectsPrefix) rename = (k) => (k.startsWith(p) ? k.slice(p.length) : k);
    else if (expectsPrefix && !hasPrefix) rename = (k) => p + k;
  }
  const map = new Map<string, string>();
  const used = new Set<string>();
  // Exact (modern) names first, so a checkpoint holding both `x.gamma` and `x.weight` uses `x.weight`.
  const candidates = found.map((k) => ({ k, name: rename(k), legacy: modernName(k) !== k }));
  candidates.sort((a, b) => Number(a.legacy) - Number(b.legacy));
  for (const { k, name } of candidates) {
    const target = modernName(name);
    if (want.has(target) && !map.has(target)) {
      map.set(target, k);
      used.add(k);
    }
  }
  return {
    map,
    missing: expected.filter((k) => !map.has(k)),
    unexpected: found.filter((k) => !used.has(k)),
  };
}

/** Which expected names the checkpoint does not provide, and which checkpoint keys go unused. */
export function reportKeys(expected: readonly string[], found: readonly string[], basePrefix?: string): KeyReport {
  const { missing, unexpected } = matchKeys(expected, found, basePrefix);
  return { missing, unexpected };
}

export interface ShapeMismatch {
  key: string;
  checkpointShape: readonly number[];
  modelShape: readonly number[];
}

/** Python-style list repr, as transformers prints key lists: ['a', 'b']. */
function pyList(keys: readonly string[]): string {
  return `[${keys.map((k) => `'${k}'`).join(', ')}]`;
}

const torchSize = (s: readonly number[]) => `torch.Size([${s.join(', ')}])`;

/**
 * The warnings transformers prints after loading, one message per non-empty category; [] when all matched.
 * `modelClass` e.g. `BertForSequenceClassification`; `checkpoint` the model id or folder.
 */
export function formatKeyReport(
  report: KeyReport & { mismatched?: readonly ShapeMismatch[] },
  modelClass: string,
  checkpoint: string,
): string[] {
  const out: string[] = [];
  if (report.unexpected.length > 0) {
    out.push(
      `Some weights of the model checkpoint at ${checkpoint} were not used when initializing ${modelClass}: ${pyList(report.unexpected)}\n` +
        `- This IS expected if you are initializing ${modelClass} from the checkpoint of a model trained on another task or with another architecture (e.g. initializing a BertForSequenceClassification model from a BertForPreTraining model).\n` +
        `- This IS NOT expected if you are initializing ${modelClass} from the checkpoint of a model that you expect to be exactly identical (initializing a BertForSequenceClassification model from a BertForSequenceClassification model).`,
    );
  }
  const train =
    'You should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.';
  const mismatched = report.mismatched ?? [];
  if (report.missing.length > 0) {
    const tail = mismatched.length > 0 ? '' : `\n${train}`;
    out.push(
      `Some weights of ${modelClass} were not initialized from the model checkpoint at ${checkpoint} and are newly initialized: ${pyList(report.missing)}${tail}`,
    );
  }
  if (mismatched.length > 0) {
    const lines = mismatched.map(
      (m) =>
        `- ${m.key}: found shape ${torchSize(m.checkpointShape)} in the checkpoint and ${torchSize(m.modelShape)} in the model instantiated`,
    );
    out.push(
      `Some weights of ${modelClass} were not initialized from the model checkpoint at ${checkpoint} and are newly initialized because the shapes did not match:\n${lines.join('\n')}\n${train}`,
    );
  }
  return out;
}
