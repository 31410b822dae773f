// Whether any file that feeds build keys differs between a commit and the work tree. When none
// does, the keys at the commit are the work tree's keys, and `plan --since` need not load the
// config and hash every element a second time (the common "push with no relevant change" case).
import { runChecked, type Runner } from '../exec.js';

/**
 * True when `git diff` finds no tracked change and there is no untracked (or ignored) file below
 * `paths` (relative to `root`). Ignored files count because the work tree's keys include them.
 */
export async function unchangedSince(
  root: string,
  commit: string,
  paths: string[],
  runner: Runner,
): Promise<boolean> {
  if (paths.length === 0) return true;
  const git = (args: string[]) =>
    runChecked(runner, 'git', ['--literal-pathspecs', ...args, '--', ...paths], {
      cwd: root,
      doing: 'comparing the work tree with the --since commit',
      maxBuffer: 64 * 1024,
    });
  const [tracked, untracked] = await Promise.all([
    git(['diff', '--name-only', '-z', commit]),
    git(['ls-files', '-z', '--others']),
  ]);
  return tracked.stdout === '' && untracked.stdout === '';
}
