// What a word-embedding table starts from, as `--init-embeddings` spells it, and the OOV policies:
//   random                 every row random (the model's own init)
//   vectors:<path|wink>    static vectors (word2vec / GloVe / fastText / wink; format sniffed, src/encoders/static)
//   bert-matrix:<ref>      a BERT checkpoint's word-embedding matrix: a model folder or a Hub id (resolved through
//                          the Hub cache; HF_HUB_OFFLINE=1 works from the cache alone)
// OOV policy — the row of a word the source has no row for (see table.ts for each source):
//   unk          BERT: the [UNK] row; vectors: one random row shared by every such word
//   pieces-mean  BERT: the mean of the rows of the word's WordPieces (vectors: refused, they have no pieces)
//   char-cnn     as unk, plus a character CNN concatenated to every word's row — implemented by the kim2014
//                preset only (CHAR_CNN_MODELS); any other model refuses it with that list
import { UsageError } from '../../errors.ts';
import { OOV_POLICIES, type OovPolicy } from '../../encoders/static/bert-init.ts';

export { OOV_POLICIES, type OovPolicy };

export type InitSpec = { kind: 'random' } | { kind: 'vectors'; source: string } | { kind: 'bert-matrix'; ref: string };

/** The models whose --oov char-cnn is built (the only ones that may ask for it). */
export const CHAR_CNN_MODELS = ['--preset kim2014'] as const;

const FORMS = 'bert-matrix:<encoder ref> | vectors:<path or wink> | random';

/** Parses `random`, `vectors:<src>` or `bert-matrix:<ref>`; `flag` names the setting in errors. */
export function parseInitSpec(text: string, flag = '--init-embeddings'): InitSpec {
  const t = text.trim();
  if (t === 'random') return { kind: 'random' };
  const colon = t.indexOf(':');
  const [kind, rest] = colon < 0 ? [t, ''] : [t.slice(0, colon), t.slice(colon + 1)];
  if ((kind === 'vectors' || kind === 'bert-matrix') && rest === '')
    throw new UsageError(`${flag} ${JSON.stringify(text)}: ${kind}: needs a source after the colon (${FORMS})`);
  if (kind === 'vectors') return { kind: 'vectors', source: rest };
  if (kind === 'bert-matrix') return { kind: 'bert-matrix', ref: rest };
  throw new UsageError(`${flag} ${JSON.stringify(text)}: expected ${FORMS}`);
}

/** The spec as `--init-embeddings` writes it (what run folders record). */
export function initSpecText(s: InitSpec): string {
  return s.kind === 'random' ? 'random' : s.kind === 'vectors' ? `vectors:${s.source}` : `bert-matrix:${s.ref}`;
}

/** Checks an OOV policy name against the source and the model (`model` names it in errors, e.g. 'tagger-bilstm'). */
export function checkOov(
  oov: string | undefined,
  spec: InitSpec,
  model: string,
  opts: { charCnn?: boolean } = {},
): OovPolicy | undefined {
  if (oov === undefined) return undefined;
  if (!(OOV_POLICIES as readonly string[]).includes(oov))
    throw new UsageError(`--oov ${JSON.stringify(oov)}: expected one of ${OOV_POLICIES.join(', ')}`);
  if (spec.kind === 'random')
    throw new UsageError(`--oov applies to a pretrained initialisation (--init-embeddings bert-matrix:… or vectors:…)`);
  if (oov === 'pieces-mean' && spec.kind === 'vectors')
    throw new UsageError('--oov pieces-mean needs WordPieces: use it with --init-embeddings bert-matrix:<ref>');
  if (oov === 'char-cnn' && !opts.charCnn)
    throw new UsageError(
      `--oov char-cnn is implemented for ${CHAR_CNN_MODELS.join(', ')} only, not ${model}; use --oov unk or pieces-mean`,
    );
  return oov as OovPolicy;
}
