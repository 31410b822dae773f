// Finding the installed diskimage-builder's own elements (its "built-in" elements). Debian's
// python3-diskimage-builder installs them under dist-packages; a pip install puts them under
// /usr/local. We look on disk rather than asking python, which would cost ~100 ms per run.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const CANDIDATE_PARENTS = ['/usr/lib/python3/dist-packages'];
const LOCAL_LIBS = ['/usr/local/lib', '/usr/lib'];

let found: Promise<string | undefined> | undefined;

/** The installed DIB's elements dir, or undefined when DIB is not installed. Looked up once. */
export function dibElementsDir(): Promise<string | undefined> {
  found ??= locate();
  return found;
}

async function locate(): Promise<string | undefined> {
  const parents = [...CANDIDATE_PARENTS];
  for (const lib of LOCAL_LIBS) {
    const pythons = (await readdir(lib).catch(() => [] as string[])).filter((n) =>
      /^python3(\.\d+)?$/.test(n),
    );
    for (const py of pythons.sort()) {
      parents.push(join(lib, py, 'dist-packages'), join(lib, py, 'site-packages'));
    }
  }
  for (const parent of parents) {
    const dir = join(parent, 'diskimage_builder', 'elements');
    if (await isDir(dir)) return dir;
  }
  return undefined;
}

/** Names of the elements (sub-directories) in an elements dir; empty when it does not exist. */
export async function elementNamesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('_') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
