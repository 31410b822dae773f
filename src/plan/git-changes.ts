// Which files that feed build keys differ between a commit and the work tree (one `git diff` and
// one `git ls-files`). `plan --since` uses it to skip what cannot have changed: with no change at
// all, the keys at the commit are the work tree's keys; otherwise unchanged element folders keep
// the digests already computed for the work tree.
import { runChecked, type Runner } from '../exec.js';

/**
 * Paths (relative to `root`) below `paths` that differ from `commit`: tracked changes, plus every
 * untracked file, ignored ones included, because the work tree's keys include them.
 */
export async function changedSince(
  root: string,
  commit: string,
  paths: string[],
  runner: Runner,
): Promise<string[]> {
  if (paths.length === 0) return [];
  const git = (args: string[]) =>
    runChecked(runner, 'git', ['--literal-pathspecs', ...args, '--', ...paths], {
      cwd: root,
      doing: 'comparing the work tree with the --since commit',
      maxBuffer: 64 * 1024 * 1024,
    });
  const [tracked, untracked] = await Promise.all([
    git(['diff', '--name-only', '--relative', '-z', commit]),
    git(['ls-files', '-z', '--others']),
  ]);
  return [...tracked.stdout.split('\0'), ...untracked.stdout.split('\0')].filter(Boolean);
}
