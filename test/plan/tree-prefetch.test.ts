// elements/ read ahead in a worker thread reads and lists exactly what the work tree does.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workTree } from '../../src/config/source-tree.js';
import { folderDigest } from '../../src/plan/tree-digest.js';
import {
  PREFETCH_MIN_ENTRIES,
  prefetchFolder,
  startReadAhead,
  takeReadAhead,
} from '../../src/plan/tree-prefetch.js';
import { digests } from './fixture.js';

function repo(elements: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiln-prefetch-'));
  const write = (path: string, text: string | Buffer, mode = 0o644) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
    chmodSync(join(dir, path), mode);
  };
  for (let i = 0; i < elements; i++) {
    write(`elements/el-${i}/element-deps`, `helper\n`);
    write(`elements/el-${i}/install.d/50-el-${i}`, `#!/bin/bash\necho ${i}\n`, 0o755);
  }
  write('elements/el-1/empty', '');
  write('elements/el-2/big.bin', Buffer.alloc(300_000, 7));
  write('elements/README', 'not an element\n');
  symlinkSync('install.d/50-el-3', join(dir, 'elements/el-3/link'));
  write('config/images.yaml', 'images: {}\n');
  return dir;
}

describe('prefetchFolder', () => {
  it('lists and reads below the folder exactly as the work tree does', async () => {
    const dir = repo(PREFETCH_MIN_ENTRIES + 6);
    const disk = workTree(dir);
    const ahead = prefetchFolder(workTree(dir), 'elements');
    expect(ahead).not.toBe(disk);

    const listing = await ahead.listFiles('elements');
    expect(listing).toEqual(await disk.listFiles('elements'));
    expect(listing.length).toBe((PREFETCH_MIN_ENTRIES + 6) * 2 + 4);
    expect(listing.find((e) => e.path === 'elements/el-3/link')!.mode).toBe(0o120000);
    expect(listing.find((e) => e.path === 'elements/el-0/install.d/50-el-0')!.mode).toBe(0o100755);
    expect(await ahead.listFiles('elements/el-3')).toEqual(await disk.listFiles('elements/el-3'));

    for (const { path } of listing)
      expect(digests([await ahead.readFile(path)])).toEqual(digests([await disk.readFile(path)]));
    const paths = [...listing.map((e) => e.path), 'elements/el-0/element-provides', 'config/images.yaml'];
    expect(digests(await ahead.readFiles!(paths))).toEqual(digests(await disk.readFiles!(paths)));
    expect((await ahead.readFile('elements/el-3/link'))!.toString()).toBe('install.d/50-el-3');
    expect(await ahead.readFile('elements/el-0/element-provides')).toBeUndefined();
    // Read ahead, not from the disk now: a file removed since is still there.
    rmSync(join(dir, 'elements/el-0/element-deps'));
    expect((await ahead.readFile('elements/el-0/element-deps'))!.toString()).toBe('helper\n');
    expect(await disk.readFile('elements/el-0/element-deps')).toBeUndefined();
    // Outside the folder: the tree underneath answers.
    expect((await ahead.readFile('config/images.yaml'))!.toString()).toBe('images: {}\n');
    expect(await ahead.listFiles('config')).toEqual(await disk.listFiles('config'));
  });

  it('digests each folder on the worker exactly as folderDigest does on the work tree', async () => {
    const dir = repo(PREFETCH_MIN_ENTRIES + 6);
    const disk = workTree(dir);
    const ahead = prefetchFolder(workTree(dir), 'elements');
    for (const folder of ['elements/el-0', 'elements/el-1', 'elements/el-2', 'elements/el-3']) {
      const known = await ahead.knownDigest!(folder);
      expect(known).toMatch(/^[0-9a-f]{64}$/);
      expect(known).toBe(await folderDigest(disk, folder));
    }
    expect(await folderDigest(ahead, 'elements/el-1')).not.toBe(await folderDigest(ahead, 'elements/el-0'));
    // Not a folder of the prefetched one's (a file, a nested folder, outside): computed as usual.
    expect(await ahead.knownDigest!('elements/README')).toBeUndefined();
    expect(await ahead.knownDigest!('elements/el-0/install.d')).toBeUndefined();
    expect(await ahead.knownDigest!('config')).toBeUndefined();
    expect(await folderDigest(ahead, 'elements/el-0/install.d')).toBe(
      await folderDigest(disk, 'elements/el-0/install.d'),
    );
    // The digest is the worker's: a change on disk since is not seen (as for the files it read).
    const before = await folderDigest(ahead, 'elements/el-4');
    writeFileSync(join(dir, 'elements/el-4/element-deps'), 'changed\n');
    expect(await folderDigest(ahead, 'elements/el-4')).toBe(before);
    expect(await folderDigest(disk, 'elements/el-4')).not.toBe(before);
  });

  it('leaves a small folder to the tree itself', () => {
    const tree = workTree(repo(4));
    expect(prefetchFolder(tree, 'elements')).toBe(tree);
    expect(prefetchFolder(tree, 'no-such-folder', 0)).toBe(tree);
  });

  it('hands a read-ahead started early to the first load of that folder only; later loads read afresh', async () => {
    const dir = repo(PREFETCH_MIN_ENTRIES + 1);
    startReadAhead(dir);
    // Another folder does not take it.
    const other = repo(PREFETCH_MIN_ENTRIES + 1);
    expect(await takeReadAhead(other).readFile('elements/el-0/element-deps')).toEqual(
      Buffer.from('helper\n'),
    );
    const early = takeReadAhead(dir);
    expect(await early.readFile('elements/el-0/element-deps')).toEqual(Buffer.from('helper\n'));
    // A file changed after the read-ahead: the early tree read it before, a second load sees the change.
    writeFileSync(join(dir, 'elements/el-0/element-deps'), 'changed\n');
    expect(await early.readFile('elements/el-0/element-deps')).toEqual(Buffer.from('helper\n'));
    expect(await takeReadAhead(dir).readFile('elements/el-0/element-deps')).toEqual(Buffer.from('changed\n'));
    rmSync(dir, { recursive: true, force: true });
    rmSync(other, { recursive: true, force: true });
  });
});
