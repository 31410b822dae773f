// The --since commit's files, unchanged ones read from the work tree: byte for byte what git has.
import { appendFileSync, chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workTree, type SourceTree } from '../../src/config/source-tree.js';
import { run } from '../../src/exec.js';
import { changedSince } from '../../src/plan/git-changes.js';
import { gitTree } from '../../src/plan/git-tree.js';
import { unchangedFromWorkTree } from '../../src/plan/since-tree.js';
import { commitAll, git, gitRepo, scratch, writeRepo } from './fixture.js';

/** A work tree that records which paths it is asked for (listings as `list:<folder>`). */
function recording(tree: SourceTree, asked: string[]): SourceTree {
  return {
    ...tree,
    readFile: (p) => (asked.push(p), tree.readFile(p)),
    readFiles: (ps) => (asked.push(...ps), tree.readFiles!(ps)),
    listFiles: (d) => (asked.push(`list:${d}`), tree.listFiles(d)),
  };
}

describe('the --since tree', () => {
  it('reads what git has at the commit, taking unchanged files from the work tree', async () => {
    const dir = writeRepo(scratch('since-tree'));
    writeFileSync(join(dir, '.gitignore'), 'elements/ignored.txt\n');
    git(dir, 'init', '-q');
    commitAll(dir, 'catalogue');
    // Modified, deleted, added untracked and ignored, mode changed; one folder outside the comparison.
    appendFileSync(join(dir, 'elements/gpu/install.d/30-gpu'), 'echo more\n');
    rmSync(join(dir, 'elements/deep-2/README.rst'));
    mkdirSync(join(dir, 'elements/new-el'));
    writeFileSync(join(dir, 'elements/new-el/element-deps'), 'helper\n');
    writeFileSync(join(dir, 'elements/ignored.txt'), 'ignored\n');
    chmodSync(join(dir, 'elements/helper/install.d/20-helper'), 0o644);
    appendFileSync(join(dir, 'packer/vars/common.pkrvars.hcl'), '# not compared here\n');

    const commit = await gitTree(dir, 'HEAD', run);
    try {
      const compared = ['elements', 'config/images.yaml'];
      const changes = await changedSince(dir, commit.commit, compared, run);
      const asked: string[] = [];
      const tree = unchangedFromWorkTree(commit, recording(workTree(dir), asked), compared, changes);
      const paths = [
        ...(await commit.listFiles('elements')).map((e) => e.path),
        'elements/new-el/element-deps',
        'elements/ignored.txt',
        'config/images.yaml',
        'packer/vars/common.pkrvars.hcl',
      ];
      const want = await Promise.all(paths.map((p) => commit.readFile(p)));
      expect(want.filter(Boolean).length).toBe(paths.length - 2);
      expect(await tree.readFiles!(paths)).toEqual(want);
      for (let i = 0; i < paths.length; i++) expect(await tree.readFile(paths[i])).toEqual(want[i]);
      // Unchanged files came from the work tree; changed ones and uncompared ones did not.
      expect(asked).toContain('elements/common/element-deps');
      expect(asked).toContain('config/images.yaml');
      for (const p of [
        'elements/gpu/install.d/30-gpu',
        'elements/deep-2/README.rst',
        'elements/new-el/element-deps',
        'elements/ignored.txt',
        'elements/helper/install.d/20-helper',
        'packer/vars/common.pkrvars.hcl',
      ]) {
        expect(asked).not.toContain(p);
      }
      // Files were added and deleted below elements/: its listing is git's.
      expect(await tree.listFiles('elements')).toEqual(await commit.listFiles('elements'));
      expect(asked).not.toContain('list:elements');
    } finally {
      await commit.close();
    }
  });

  it('lists folders from the work tree when files below them were only edited', async () => {
    const dir = gitRepo('since-edits');
    appendFileSync(join(dir, 'elements/gpu/install.d/30-gpu'), 'echo more\n');
    appendFileSync(join(dir, 'packer/vars/common.pkrvars.hcl'), '# edited\n');
    const commit = await gitTree(dir, 'HEAD', run);
    try {
      const compared = ['elements', 'config/images.yaml'];
      const changes = await changedSince(dir, commit.commit, compared, run);
      expect(changes).toEqual([{ path: 'elements/gpu/install.d/30-gpu', edit: true }]);
      const asked: string[] = [];
      const tree = unchangedFromWorkTree(commit, recording(workTree(dir), asked), compared, changes);
      expect(await tree.listFiles('elements')).toEqual(await commit.listFiles('elements'));
      expect(asked).toContain('list:elements');
      // Outside what was compared git answers, edited or not.
      expect(await tree.listFiles('packer')).toEqual(await commit.listFiles('packer'));
      expect(asked).not.toContain('list:packer');
      expect(await tree.readFile('elements/gpu/install.d/30-gpu')).toEqual(
        await commit.readFile('elements/gpu/install.d/30-gpu'),
      );
    } finally {
      await commit.close();
    }
  });
});
