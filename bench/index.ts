// `npm run bench -- <name> [--steps N] [--warmup N]`: prints one JSON line per figure.
import { benchClassify } from './classify.ts';
import { benchDistill } from './distill.ts';
import { benchEncode } from './encode.ts';
import { benchEngine } from './engine.ts';
import { benchKim } from './kim.ts';
import { benchReal } from './real.ts';
import { benchServe } from './serve.ts';
import { benchVectors } from './vectors.ts';

const [name, ...rest] = process.argv.slice(2);
const flag = (f: string, d: number) => {
  const i = rest.indexOf(f);
  return i >= 0 ? Number(rest[i + 1]) : d;
};
const only = rest.includes('--only') ? rest[rest.indexOf('--only') + 1] : undefined;
const benches: Record<string, () => Promise<void>> = {
  engine: () => benchEngine({ steps: flag('--steps', 10), warmup: flag('--warmup', 3), only }),
  encode: () => benchEncode(rest),
  classify: () => benchClassify(rest),
  vectors: () => benchVectors(rest),
  kim: () => benchKim(rest),
  serve: () => benchServe(rest),
  real: () => benchReal(rest),
  distill: () => benchDistill(rest),
};
if (!name || !benches[name]) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [--steps N] [--warmup N] [--only CASE]`);
  process.exit(2);
}
await benches[name]!();
