import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workTree } from '../../src/config/source-tree.js';
import { run } from '../../src/exec.js';
import { gitTree } from '../../src/plan/git-tree.js';
import { digests, scratch } from './fixture.js';

function repo() {
  const dir = scratch('git-tree');
  const big = randomBytes(3 * 1024 * 1024 + 17); // larger than any pipe buffer: arrives in many chunks
  mkdirSync(join(dir, 'elements/a/install.d'), { recursive: true });
  writeFileSync(join(dir, 'elements/a/big.bin'), big);
  writeFileSync(join(dir, 'elements/a/install.d/10-run'), '#!/bin/bash\n');
  chmodSync(join(dir, 'elements/a/install.d/10-run'), 0o755);
  writeFileSync(join(dir, 'elements/a/empty'), '');
  symlinkSync('install.d/10-run', join(dir, 'elements/a/link'));
  writeFileSync(join(dir, 'elements/ab'), 'a sibling whose name starts like the folder\n');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: dir });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'files');
  return { dir, big };
}

describe('git source tree', () => {
  it('lists and reads the files of a commit like the work tree does, in one cat-file process', async () => {
    const { dir, big } = repo();
    const tree = await gitTree(dir, 'HEAD', run);
    try {
      const disk = workTree(dir);
      expect(await tree.listFiles('elements/a')).toEqual(await disk.listFiles('elements/a'));
      expect((await tree.listFiles('elements/a')).map((e) => e.mode.toString(8))).toEqual([
        '100644',
        '100644',
        '100755',
        '120000',
      ]);
      // Many reads at once, answered in order by the same process.
      const paths = ['elements/a/big.bin', 'elements/a/empty', 'elements/a/link', 'elements/ab', 'nope'];
      const [b, empty, link, ab, nope] = await Promise.all(paths.map((p) => tree.readFile(p)));
      expect(b!.equals(big)).toBe(true);
      expect(empty!.length).toBe(0);
      expect(link!.toString()).toBe('install.d/10-run');
      expect(ab!.toString()).toMatch(/sibling/);
      expect(nope).toBeUndefined();
      // The work tree reads the same bytes (a symlink as its target, not what it points to).
      for (const p of paths)
        expect(digests([await disk.readFile(p)])).toEqual(digests([await tree.readFile(p)]));
      expect((await disk.listFiles('.')).map((e) => e.path)).toContain('elements/a/install.d/10-run');
      // Modes known from reads (a fresh tree that reads first) are the same as from the disk.
      const readFirst = workTree(dir);
      for (const f of await tree.listFiles('elements/a')) await readFirst.readFile(f.path);
      expect(await readFirst.listFiles('elements/a')).toEqual(await tree.listFiles('elements/a'));
      expect(tree.commit).toMatch(/^[0-9a-f]{40}$/);
    } finally {
      await tree.close();
    }
  });

  it('does not see later changes in the work tree', async () => {
    const { dir } = repo();
    writeFileSync(join(dir, 'elements/ab'), 'changed\n');
    writeFileSync(join(dir, 'elements/new'), 'untracked\n');
    const tree = await gitTree(dir, 'HEAD', run);
    try {
      expect((await tree.readFile('elements/ab'))!.toString()).toMatch(/sibling/);
      expect(await tree.readFile('elements/new')).toBeUndefined();
    } finally {
      await tree.close();
    }
  });
});
