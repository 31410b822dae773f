// config/third-party.lock.yaml: the commit each `branch:` of third-party.yaml is pinned to, as npm,
// poetry and cargo lock files do. Builds and keys use the locked commit, so a branch that moves never
// changes a build by itself; `kiln lock` (lock-third-party.ts) is the only writer. An entry is stale
// when third-party.yaml now names another repo or branch for it.
import { dirname, join } from 'node:path';
import * as z from 'zod';
import { InputError } from '../errors.js';
import { validate } from './schema-errors.js';
import { NAME_RE } from './schema.js';
import type { YamlFile } from '../yaml/yaml-file.js';

export const LOCK_FILE = 'third-party.lock.yaml';

const lockFileSchema = z.strictObject({
  elements: z.record(
    z.string().regex(NAME_RE),
    z.strictObject({
      repo: z.string(),
      branch: z.string(),
      commit: z
        .string()
        .regex(/^[0-9a-f]{40}$/, { error: 'expected a full commit SHA, 40 lowercase hex digits' }),
    }),
  ),
});
export type LockEntry = z.infer<typeof lockFileSchema>['elements'][string];
export type Lock = Map<string, LockEntry>;

/** The lock file that belongs to a third-party.yaml: beside it. */
export function lockFileFor(thirdPartyFile: string): string {
  return join(dirname(thirdPartyFile), LOCK_FILE);
}

/** The entries of a parsed lock file (an empty file locks nothing), or its errors. */
export function readLock(file: YamlFile | undefined): { lock: Lock; errors: InputError[] } {
  if (!file || file.isEmpty()) return { lock: new Map(), errors: [] };
  const { data, errors } = validate(file, lockFileSchema, file.value());
  return { lock: new Map(Object.entries(data?.elements ?? {})), errors };
}

/** The locked commit of a repo that follows `branch`, or why there is none usable. */
export function lockedCommit(
  name: string,
  wanted: { repo: string; branch: string },
  lock: Lock,
): { commit: string } | { problem: string } {
  const entry = lock.get(name);
  if (!entry) return { problem: `branch '${wanted.branch}' of '${name}' is not in ${LOCK_FILE}` };
  if (entry.repo !== wanted.repo || entry.branch !== wanted.branch)
    return {
      problem: `${LOCK_FILE} pins '${name}' to branch '${entry.branch}' of ${entry.repo}, not branch '${wanted.branch}' of ${wanted.repo}`,
    };
  return { commit: entry.commit };
}

/** The lock file's text: entries in name order, so that a change shows as a small diff. */
export function lockText(lock: Lock): string {
  const lines = [
    '# Written by `kiln lock`: the commit each third-party.yaml branch is pinned to. Commit this file;',
    '# `kiln lock --update [NAME...]` moves the pins.',
    'elements:',
  ];
  if (lock.size === 0) lines[lines.length - 1] += ' {}';
  for (const name of [...lock.keys()].sort()) {
    const e = lock.get(name)!;
    lines.push(
      `  ${JSON.stringify(name)}:`,
      `    repo: ${JSON.stringify(e.repo)}`,
      `    branch: ${JSON.stringify(e.branch)}`,
      `    commit: ${JSON.stringify(e.commit)}`,
    );
  }
  return lines.join('\n') + '\n';
}
