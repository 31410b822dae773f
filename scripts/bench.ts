// `npm run bench [NAME...]`: runs every benchmark in scripts/bench/ (or the named ones). Each prints
// its own figures as ratios against a peer measured in the same run; none of them asserts a time.
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(basename(f, '.ts')))
  .sort();
for (const f of files) {
  console.log(`\n## ${basename(f, '.ts')}`);
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as { run: () => Promise<void> };
  await mod.run();
}
