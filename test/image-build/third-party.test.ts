// Third-party elements come from a local bare git repo standing in for the remote (file://), fetched
// at the pinned commit with the real git.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureThirdPartyCheckout } from '../../src/image-build/third-party.js';
import type { ThirdPartyRepo } from '../../src/config/types.js';
import { run, type Runner } from '../../src/exec.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

describe('third-party element checkouts', () => {
  let remote: string;
  let first: string;
  let second: string;
  let base: string;
  beforeAll(() => {
    base = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'third-party-'));
    const work = join(base, 'work');
    mkdirSync(join(work, 'elements/vendor-tool/install.d'), { recursive: true });
    git(base, 'init', '--quiet', '--initial-branch', 'main', work);
    writeFileSync(join(work, 'elements/vendor-tool/install.d/50-tool'), 'echo version one\n');
    git(work, 'add', '.');
    git(work, 'commit', '--quiet', '-m', 'one');
    first = git(work, 'rev-parse', 'HEAD');
    writeFileSync(join(work, 'elements/vendor-tool/install.d/50-tool'), 'echo version two\n');
    git(work, 'commit', '--quiet', '-am', 'two');
    second = git(work, 'rev-parse', 'HEAD');
    remote = join(base, 'remote.git');
    git(base, 'clone', '--quiet', '--bare', work, remote);
  });

  const repo = (ref: string, elements_dir = 'elements'): ThirdPartyRepo => ({
    name: 'vendor',
    repo: pathToFileURL(remote).href,
    ref,
    elements_dir,
    pos: { file: 'third-party.yaml', line: 1, col: 1 },
  });

  it('checks out the pinned commit, not the branch head, into a folder per commit', async () => {
    const cache = join(base, 'cache-a');
    const dir = await ensureThirdPartyCheckout(repo(first), { cache, runner: run });
    expect(dir).toBe(join(cache, 'third-party/vendor', first, 'elements'));
    expect(readFileSync(join(dir, 'vendor-tool/install.d/50-tool'), 'utf8')).toBe('echo version one\n');
    expect(git(join(cache, 'third-party/vendor', first), 'rev-parse', 'HEAD')).toBe(first);

    const newer = await ensureThirdPartyCheckout(repo(second), { cache, runner: run });
    expect(readFileSync(join(newer, 'vendor-tool/install.d/50-tool'), 'utf8')).toBe('echo version two\n');
    expect(readFileSync(join(dir, 'vendor-tool/install.d/50-tool'), 'utf8')).toBe('echo version one\n');
  });

  it('reuses a checkout already at the commit without running git fetch', async () => {
    const cache = join(base, 'cache-b');
    await ensureThirdPartyCheckout(repo(first), { cache, runner: run });
    const calls: string[][] = [];
    const spy: Runner = (cmd, args, opts) => {
      calls.push([cmd, ...args]);
      return run(cmd, args, opts);
    };
    await ensureThirdPartyCheckout(repo(first), { cache, runner: spy });
    expect(calls.some((c) => c.includes('fetch'))).toBe(false);
  });

  it('fails clearly for a commit the remote does not have, leaving no checkout behind', async () => {
    const cache = join(base, 'cache-c');
    const missing = '1'.repeat(40);
    await expect(ensureThirdPartyCheckout(repo(missing), { cache, runner: run })).rejects.toThrow(
      /checking out commit 1{40} of \(vendor/,
    );
    expect(existsSync(join(cache, 'third-party/vendor', missing))).toBe(false);
  });

  it('fails when the pinned commit has no elements_dir', async () => {
    const cache = join(base, 'cache-d');
    await expect(ensureThirdPartyCheckout(repo(first, 'nope'), { cache, runner: run })).rejects.toThrow(
      "the repo has no folder 'nope' (elements_dir in third-party.yaml)",
    );
  });
});
