// Which files that feed build keys differ between a commit and the work tree (one `git diff` and
// one `git ls-files`). `plan --since` uses it to skip what cannot have changed: with no change at
// all, the keys at the commit are the work tree's keys; otherwise unchanged element folders keep
// the digests already computed for the work tree.
import { runChecked, type Runner } from '../exec.js';

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
): Promise<string[]> {
  if (paths.length === 0) return [];
  const inSubmodule = (p: string) => submodules.find((s) => p === s || p.startsWith(`${s}/`));
  const asked = [...new Set(paths.map((p) => inSubmodule(p) ?? p))];
  const git = (args: string[]) =>
    runChecked(runner, 'git', ['--literal-pathspecs', ...args, '--', ...asked], {
      cwd: root,
      doing: 'comparing the work tree with the --since commit',
      maxBuffer: 64 * 1024 * 1024,
    });
  const [tracked, untracked] = await Promise.all([
    git(['diff', '--name-only', '--relative', '-z', commit]),
    git(['ls-files', '-z', '--others']),
  ]);
  const changed = [...tracked.stdout.split('\0'), ...untracked.stdout.split('\0')].filter(Boolean);
  return changed.flatMap((c) => (submodules.includes(c) ? paths.filter((p) => inSubmodule(p) === c) : [c]));
}

/**
 * The submodules .gitmodules declares, in the work tree or (`commit`) at a commit: paths relative
 * to `root`, the repository's top level.
 */
export async function submodulePaths(root: string, runner: Runner, commit?: string): Promise<string[]> {
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
