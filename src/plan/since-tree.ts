// The files of the `plan --since` commit, with every file git reports unchanged read from the work
// tree instead (already read, often read ahead) rather than through git one object at a time, and
// folder listings too where only files' contents changed below them (no `git ls-tree` of the commit).
// `changes` must list every path below `compared` that differs (git-changes.ts: tracked changes,
// deletions and untracked files; a folder for all below it); outside `compared` git says nothing,
// so git answers there.
import { readFiles, type SourceTree } from '../config/source-tree.js';
import { within } from '../within.js';
import type { Change } from './git-changes.js';

export function unchangedFromWorkTree(
  atCommit: SourceTree,
  workTree: SourceTree,
  compared: readonly string[],
  changes: readonly Change[],
): SourceTree {
  const changed = new Set(changes.map((c) => c.path));
  const reshaped = changes.filter((c) => !c.edit).map((c) => c.path);
  // A change may name a folder (a submodule whose commit moved): everything below it changed.
  const changedAt = (path: string) => {
    for (let cut = path.length; cut > 0; cut = path.lastIndexOf('/', cut - 1)) {
      if (changed.has(path.slice(0, cut))) return true;
    }
    return false;
  };
  const same = (path: string) => !changedAt(path) && compared.some((c) => within(path, c));
  // A folder lists the same files on both sides when nothing below it was added, deleted or re-moded.
  const sameListing = (dir: string) =>
    compared.some((c) => within(dir, c)) && !reshaped.some((p) => within(p, dir) || within(dir, p));
  return {
    root: atCommit.root,
    label: atCommit.label,
    readFile: (path) => (same(path) ? workTree : atCommit).readFile(path),
    async readFiles(paths) {
      const fromWork = paths.map(same);
      const [work, commit] = await Promise.all([
        readFiles(
          workTree,
          paths.filter((_, i) => fromWork[i]),
        ),
        readFiles(
          atCommit,
          paths.filter((_, i) => !fromWork[i]),
        ),
      ]);
      let w = 0;
      let c = 0;
      return fromWork.map((f) => (f ? work[w++] : commit[c++]));
    },
    listFiles: (dir) => (sameListing(dir) ? workTree : atCommit).listFiles(dir),
  };
}
