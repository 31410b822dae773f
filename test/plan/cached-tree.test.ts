import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workTree, type SourceTree } from '../../src/config/source-tree.js';
import { cachedTree } from '../../src/plan/cached-tree.js';
import { scratch, writeRepo } from './fixture.js';

/** A work tree that counts what it is asked. */
function counting(root: string) {
  const inner = workTree(root);
  const calls = { list: [] as string[], read: [] as string[], batches: [] as string[][] };
  const tree: SourceTree = {
    ...inner,
    listFiles: (dir) => (calls.list.push(dir), inner.listFiles(dir)),
    readFile: (path) => (calls.read.push(path), inner.readFile(path)),
    readFiles: (paths) => (calls.batches.push([...paths]), inner.readFiles!(paths)),
  };
  return { tree, calls };
}

describe('cached source tree', () => {
  it('answers sub-folder listings from a listing of their parent folder', async () => {
    const root = writeRepo(scratch('cached'));
    const { tree, calls } = counting(root);
    const cached = cachedTree(tree);
    const all = await cached.listFiles('elements');
    expect(await cached.listFiles('elements/gpu')).toEqual(
      all.filter((e) => e.path.startsWith('elements/gpu/')),
    );
    expect(await cached.listFiles('elements/gp')).toEqual([]);
    expect(await workTree(root).listFiles('elements/common')).toEqual(
      await cached.listFiles('elements/common/'),
    );
    expect(calls.list).toEqual(['elements']);
  });

  it('reads each file once and knows listed folders lack unlisted files', async () => {
    const root = writeRepo(scratch('cached-read'));
    const { tree, calls } = counting(root);
    const cached = cachedTree(tree);
    await cached.listFiles('elements');
    // Created after the listing: the cached tree answers from the listing, as planned.
    writeFileSync(join(root, 'elements/gpu/element-provides'), 'x\n');
    expect(await cached.readFile('elements/gpu/element-provides')).toBeUndefined();
    expect((await cached.readFile('elements/gpu/element-deps'))?.toString()).toBe('helper\n');
    await cached.readFile('elements/gpu/element-deps');
    expect((await cached.readFile('config/images.yaml'))?.length).toBeGreaterThan(0);
    expect(calls.read).toEqual(['elements/gpu/element-deps', 'config/images.yaml']);
  });

  it('reads several files in one batch, skipping what it has read or knows is absent', async () => {
    const root = writeRepo(scratch('cached-batch'));
    const { tree, calls } = counting(root);
    const cached = cachedTree(tree);
    await cached.listFiles('elements');
    await cached.readFile('elements/gpu/element-deps');
    const paths = [
      'elements/gpu/element-deps',
      'elements/gpu/element-provides',
      'elements/common/element-deps',
      'config/images.yaml',
      'no/such/file',
    ];
    const disk = workTree(root);
    const want = await Promise.all(paths.map((p) => disk.readFile(p)));
    expect(want[2]?.toString()).toBe('cloud-init\nhelper\n');
    expect(await cached.readFiles!(paths)).toEqual(want);
    expect(calls.batches).toEqual([['elements/common/element-deps', 'config/images.yaml', 'no/such/file']]);
    // Read in the batch, so not again.
    expect(await cached.readFile('elements/common/element-deps')).toEqual(want[2]);
    expect(calls.read).toEqual(['elements/gpu/element-deps']);
  });
});
