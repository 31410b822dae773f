// Which files that feed build keys differ between a commit and the work tree (one `git diff` and
// one `git ls-files`). `plan --since` uses it to skip what cannot have changed: with no change at
// all, the keys at the commit are the work tree's keys; otherwise unchanged element folders keep
// the digests already computed for the work tree, and when files were only edited (none added,
// deleted or re-moded) folder listings are the work tree's too.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runChecked, type Runner } from '../exec.js';
import { within } from '../within.js';

/** A path that differs from the commit. */
export interface Change {
  path: string;
  /**
   * Only its contents changed: a file git tracks at the commit and in the work tree with the same
   * mode. Folder listings are then the same on both sides (additions, deletions, untracked files,
   * mode changes and submodule moves are not edits).
   */
  edit: boolean;
}

/**
 * Paths (relative to `root`) below `paths` that differ from `commit`: tracked changes, plus every
 * untracked file, ignored ones included, because the work tree's keys include them. git sees no
 * file inside a submodule, only the submodule's commit (and whether its checkout is modified): when
 * that differs, every path asked for inside it counts as changed.
 */
export async function changedSince(
  root: string,
  commit: string,
  paths: string[],
  runner: Runner,
  submodules: readonly string[] = [],
): Promise<Change[]> {
  if (paths.length === 0) return [];
  const inSubmodule = (p: string) => submodules.find((s) => within(p, s));
  const asked = [...new Set(paths.map((p) => inSubmodule(p) ?? p))];
  const git = (args: string[]) =>
    runChecked(runner, 'git', ['--literal-pathspecs', ...args, '--', ...asked], {
      cwd: root,
      doing: 'comparing the work tree with the --since commit',
      maxBuffer: 64 * 1024 * 1024,
    });
  const [tracked, untracked] = await Promise.all([
    git(['diff', '--raw', '--no-renames', '--relative', '-z', commit]),
    git(['ls-files', '-z', '--others']),
  ]);
  const changed: Change[] = [];
  // --raw -z: ":<old mode> <new mode> <old sha> <new sha> <status>\0<path>\0", one path each: no rename
  // detection (diff.renames is on by default), so a moved file is a deletion and an addition.
  const raw = tracked.stdout.split('\0');
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const [oldMode, newMode, , , status] = raw[i]!.slice(1).split(' ');
    const edit = status === 'M' && oldMode === newMode && oldMode !== '160000';
    changed.push({ path: raw[i + 1]!, edit });
  }
  for (const path of untracked.stdout.split('\0')) if (path) changed.push({ path, edit: false });
  return changed.flatMap((c) =>
    submodules.includes(c.path)
      ? paths.filter((p) => inSubmodule(p) === c.path).map((path) => ({ path, edit: false }))
      : [c],
  );
}

/**
 * The submodules .gitmodules declares, in the work tree or (`commit`) at a commit: paths relative
 * to `root`, the repository's top level.
 */
export async function submodulePaths(root: string, runner: Runner, commit?: string): Promise<string[]> {
  // Most repositories have none: no git process for that (each spawn forks all of kiln).
  if (commit === undefined && !existsSync(join(root, '.gitmodules'))) return [];
  const file = commit === undefined ? ['--file', '.gitmodules'] : ['--blob', `${commit}:.gitmodules`];
  const res = await runner('git', ['config', ...file, '--get-regexp', '^submodule\\..*\\.path$'], {
    cwd: root,
  });
  // Exit 1: no .gitmodules, or no submodule in it.
  if (res.code !== 0) return [];
  return res.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(line.indexOf(' ') + 1));
}
