// Third-party element repos, checked out at the commit third-party.yaml pins, never a branch: one
// checkout per commit at `<cache>/third-party/<name>/<ref>` (the layout config's elements path
// reads). A new checkout is made in a scratch folder and renamed into place once git confirms HEAD
// is the pinned commit, so an interrupted fetch never leaves a half checkout that looks valid.
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { thirdPartyCheckoutDir } from '../config/cache-dir.js';
import type { ThirdPartyRepo } from '../config/types.js';
import { WorldError } from '../errors.js';
import { runChecked, type Runner } from '../exec.js';

export interface CheckoutOptions {
  cache: string;
  runner: Runner;
  signal?: AbortSignal;
}

/** The absolute elements dir of the repo's checkout at its pinned commit (fetched when missing). */
export async function ensureThirdPartyCheckout(
  repo: ThirdPartyRepo,
  options: CheckoutOptions,
): Promise<string> {
  const dir = thirdPartyCheckoutDir(options.cache, repo);
  const elements = join(dir, repo.elements_dir);
  if ((await headOf(dir, options.runner)) === repo.ref) return elements;
  if (await exists(dir)) await rm(dir, { recursive: true, force: true });

  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(dirname(dir), { recursive: true });
  const git = (args: string[], doing: string) =>
    runChecked(options.runner, 'git', args, {
      cwd: tmp,
      signal: options.signal,
      doing,
      target: `${repo.name} (${repo.repo})`,
    });
  try {
    await mkdir(tmp);
    await git(['init', '--quiet'], 'creating a checkout of third-party elements');
    // Fetching one commit by SHA is what servers allow today; older ones only serve refs, then
    // everything is fetched and the commit looked up locally.
    const one = await options.runner('git', ['fetch', '--quiet', '--depth', '1', repo.repo, repo.ref], {
      cwd: tmp,
      signal: options.signal,
    });
    if (one.code !== 0) {
      await git(
        ['fetch', '--quiet', '--tags', repo.repo, '+refs/heads/*:refs/remotes/origin/*'],
        'fetching third-party elements',
      );
    }
    await git(
      ['-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--detach', repo.ref],
      `checking out commit ${repo.ref} of`,
    );
    const head = await headOf(tmp, options.runner);
    if (head !== repo.ref) {
      throw new WorldError({
        doing: 'verifying the checkout of third-party elements',
        target: repo.name,
        answer: `HEAD is ${head ?? 'missing'}, expected the pinned commit ${repo.ref}`,
      });
    }
    if (!(await exists(join(tmp, repo.elements_dir)))) {
      throw new WorldError({
        doing: 'looking for third-party elements',
        target: `${repo.name} at ${repo.ref}`,
        answer: `the repo has no folder '${repo.elements_dir}' (elements_dir in third-party.yaml)`,
      });
    }
    await rename(tmp, dir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return elements;
}

async function headOf(dir: string, runner: Runner): Promise<string | undefined> {
  if (!(await exists(join(dir, '.git')))) return undefined;
  const res = await runner('git', ['rev-parse', '--verify', 'HEAD'], { cwd: dir }).catch(() => undefined);
  return res && res.code === 0 ? res.stdout.trim() : undefined;
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );
