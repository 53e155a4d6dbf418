// Builds the browser bundle of src/web with esbuild: one ES module, minified, onnxruntime-web's wasm build and
// @huggingface/tokenizers inside (ORT's .wasm binary stays a separate file, fetched at run time; see ort.ts).
//   npm run build:web                      → dist/web/bertcnn-web.js
//   buildWebBundle({ outfile })            → the same, anywhere (tests build into os.tmpdir())
// platform 'browser' makes any node: import reachable from src/web a build error, so the bundle stays browser-safe.
// esbuild is imported only when building: it is a dev dependency, and the published package ships the bundle.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBytesAtomic } from '../../io/atomic.ts';
import { GraphError } from '../../errors.ts';

/** The bertcnn package folder (src/web/node → ../../..). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const WEB_ENTRY = resolve(PACKAGE_ROOT, 'src', 'web', 'index.ts');
export const DEFAULT_BUNDLE = resolve(PACKAGE_ROOT, 'dist', 'web', 'bertcnn-web.js');

export interface BundleOptions {
  /** Output file (default dist/web/bertcnn-web.js), written atomically. */
  outfile?: string;
  /** Default true. */
  minify?: boolean;
}

export async function buildWebBundle(o: BundleOptions = {}): Promise<{ outfile: string; bytes: number }> {
  const outfile = resolve(o.outfile ?? DEFAULT_BUNDLE);
  if (!existsSync(WEB_ENTRY)) {
    // An installed package ships dist/web/bertcnn-web.js ready-made, without src/ or esbuild (a dev dependency).
    throw new GraphError(`cannot build the browser bundle: ${WEB_ENTRY} is missing (build it in a bertcnn checkout)`);
  }
  const { build } = await import('esbuild');
  let contents: Uint8Array;
  try {
    const r = await build({
      entryPoints: [WEB_ENTRY],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: o.minify ?? true,
      write: false,
      outfile,
      logLevel: 'silent',
    });
    contents = r.outputFiles.find((f) => f.path === outfile)!.contents;
  } catch (e) {
    const errors = (e as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
    const detail = errors?.map((x) => (x.location ? `${x.location.file}:${x.location.line}: ${x.text}` : x.text));
    throw new GraphError(`cannot build the browser bundle: ${detail?.join('; ') ?? (e as Error).message}`);
  }
  await mkdir(dirname(outfile), { recursive: true });
  await writeBytesAtomic(outfile, contents);
  return { outfile, bytes: contents.byteLength };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outfile, bytes } = await buildWebBundle();
  console.log(`${outfile}  ${(bytes / 1024).toFixed(0)} KiB`);
}
