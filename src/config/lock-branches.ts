// `kiln lock`: resolves each `branch:` of third-party.yaml to its commit with `git ls-remote` and
// writes config/third-party.lock.yaml. An entry that still matches its repo and branch is kept as
// it is unless `update` names it (or is 'all'): locking is repeatable, moving is asked for.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { InputError, InputErrors, WorldError } from '../errors.js';
import type { Runner } from '../exec.js';
import type { Logger } from '../log.js';
import { configFiles, type LoadOptions } from './load.js';
import { validate } from './schema-errors.js';
import { thirdPartyFileSchema } from './schema.js';
import { lockedCommit, lockFileFor, lockText, readLock, type Lock } from './third-party-lock.js';
import { YamlFile } from '../yaml/yaml-file.js';

export interface LockRequest {
  /** Names whose pins move to their branch's current commit; 'all' moves every one. */
  update: string[] | 'all';
}

export interface LockDeps extends Pick<LoadOptions, 'cwd' | 'env' | 'configDir'> {
  runner: Runner;
  logger: Logger;
}

export interface LockChange {
  name: string;
  branch: string;
  commit: string;
  /** The commit it was locked to before, if any. */
  was?: string;
}

/** Writes the lock file (only when it changes); returns the entries and how each changed. */
export async function lockBranches(req: LockRequest, deps: LockDeps): Promise<LockChange[]> {
  const files = configFiles(deps);
  const display = (p: string) => relative(deps.cwd, p) || p;
  const thirdParty = await parse(display(files.thirdParty), files.thirdParty);
  const lockPath = lockFileFor(files.thirdParty);
  const lockFile = await parse(display(lockPath), lockPath);
  const errors: InputError[] = [];
  const repos =
    thirdParty && !thirdParty.isEmpty()
      ? validate(thirdParty, thirdPartyFileSchema, thirdParty.value())
      : undefined;
  errors.push(...(repos?.errors ?? []));
  const old = readLock(lockFile);
  errors.push(...old.errors);
  const branches = Object.entries(repos?.data?.elements ?? {}).flatMap(([name, r]) =>
    r.branch === undefined ? [] : [{ name, repo: r.repo, branch: r.branch }],
  );
  if (req.update !== 'all') {
    for (const name of req.update)
      if (!branches.some((b) => b.name === name))
        errors.push(
          new InputError(
            `kiln lock --update: '${name}' does not follow a branch in ${display(files.thirdParty)}`,
            undefined,
            branches.length ? `branches: ${branches.map((b) => b.name).join(', ')}` : 'no repo has `branch:`',
          ),
        );
  }
  if (errors.length) throw new InputErrors(errors);

  const lock: Lock = new Map();
  const changes: LockChange[] = [];
  for (const b of branches) {
    const kept = lockedCommit(b.name, b, old.lock);
    const move = req.update === 'all' || req.update.includes(b.name);
    const commit =
      'commit' in kept && !move
        ? kept.commit
        : await remoteHead(b, deps, thirdParty!.pos(['elements', b.name, 'branch']));
    lock.set(b.name, { repo: b.repo, branch: b.branch, commit });
    changes.push({ name: b.name, branch: b.branch, commit, was: old.lock.get(b.name)?.commit });
  }
  const text = lockText(lock);
  const before = await readFile(lockPath, 'utf8').catch(() => undefined);
  if (text !== before) {
    // Written whole, then renamed: a reader never sees half a lock file.
    await writeFile(`${lockPath}.tmp-${process.pid}`, text);
    await rename(`${lockPath}.tmp-${process.pid}`, lockPath);
  }
  return changes;
}

async function parse(display: string, path: string): Promise<YamlFile | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const { file, errors } = await YamlFile.parse(display, text);
  if (errors.length || !file) throw new InputErrors(errors);
  return file;
}

/** The commit `branch` of `repo` points at now. */
async function remoteHead(
  b: { name: string; repo: string; branch: string },
  deps: LockDeps,
  pos: InputError['pos'],
): Promise<string> {
  const ref = `refs/heads/${b.branch}`;
  deps.logger.info(`${b.name}: asking ${b.repo} for branch ${b.branch}`);
  const res = await deps.runner('git', ['ls-remote', '--exit-code', b.repo, ref], {
    // Never wait for a password prompt: a private repo needs credentials set up beforehand.
    env: { ...process.env, ...deps.env, GIT_TERMINAL_PROMPT: '0' },
  });
  if (res.code === 2)
    throw new InputError(`branch '${b.branch}' of '${b.name}' does not exist in ${b.repo}`, pos);
  const line = res.stdout.split('\n').find((l) => l.endsWith(`\t${ref}`));
  const commit = line?.split('\t')[0];
  if (res.code !== 0 || !commit || !/^[0-9a-f]{40}$/.test(commit)) {
    throw new WorldError({
      doing: `resolving branch ${b.branch} with git ls-remote`,
      target: `${b.name} (${b.repo})`,
      answer:
        res.code !== 0
          ? `exit ${res.code}: ${res.stderr.trim().split('\n').slice(-3).join(' ')}`
          : 'no commit in the answer',
    });
  }
  return commit;
}
