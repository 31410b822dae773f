// Finished builds enter the index whole, and whatever storing one puts aside lives in the build's
// own scratch folder (swept with it when a kiln dies half-way: stale-scratch.test.ts).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildIndex } from '../../src/image-build/build-index.js';
import type { BuildRecord } from '../../src/record/record.js';
import { OWNER_FILE } from '../../src/image-build/scratch-owner.js';

const KEY = 'a'.repeat(64);
const record = (bytes: string): BuildRecord => ({
  name: 'img',
  arch: 'amd64',
  key: KEY,
  builder: 'dib',
  builder_version: '3.13.0',
  format: 'qcow2',
  file: 'img.qcow2',
  size: bytes.length,
  virtual_size: bytes.length,
  sha256: 's'.repeat(64),
  sha512: 's'.repeat(128),
  git_sha: 'g'.repeat(40),
  built_at: '2026-11-22T00:00:00.000Z',
  duration_s: 1,
});

async function built(index: BuildIndex, bytes: string) {
  const work = await index.workDir(KEY);
  const file = join(work, 'out.qcow2');
  writeFileSync(file, bytes);
  return { work, file };
}

describe('build index', () => {
  it('stores and replaces an entry, leaving nothing beside it', async () => {
    const index = new BuildIndex(mkdtempSync(join(tmpdir(), 'kiln-index-')));
    for (const bytes of ['first image', 'second image, longer']) {
      const { work, file } = await built(index, bytes);
      const entry = await index.store(work, file, record(bytes));
      expect(readFileSync(join(entry.dir, 'img.qcow2'), 'utf8')).toBe(bytes);
      expect((await index.lookup(KEY, 'img', 'amd64'))?.record.size).toBe(bytes.length);
      // Only the entry and the build's scratch folder (the caller removes it), which holds nothing
      // of the index any more.
      expect(readdirSync(index.root).sort()).toEqual([KEY, 'durations.json', work.split('/').pop()].sort());
      expect(readdirSync(work)).toEqual([OWNER_FILE]);
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('keeps the earlier entry when the new one cannot be put together', async () => {
    const index = new BuildIndex(mkdtempSync(join(tmpdir(), 'kiln-index-')));
    const first = await built(index, 'first image');
    await index.store(first.work, first.file, record('first image'));
    const second = await built(index, 'second');
    await expect(
      index.store(second.work, join(second.work, 'missing.qcow2'), record('second')),
    ).rejects.toThrow();
    expect(readFileSync(join(index.entryDir(KEY), 'img.qcow2'), 'utf8')).toBe('first image');
    expect(
      readdirSync(index.root)
        .filter((n) => !n.startsWith('.work-'))
        .sort(),
    ).toEqual([KEY, 'durations.json']);
  });

  it('remembers the durations of builds that finish together in one kiln (--threads)', async () => {
    const index = new BuildIndex(mkdtempSync(join(tmpdir(), 'kiln-index-')));
    const names = Array.from({ length: 8 }, (_, i) => `img-${i}`);
    const stored = await Promise.all(
      names.map(async (name, i) => {
        const key = String(i).repeat(64);
        const work = await index.workDir(key);
        writeFileSync(join(work, 'out.qcow2'), name);
        return index.store(work, join(work, 'out.qcow2'), { ...record(name), name, key, duration_s: i + 1 });
      }),
    );
    expect(stored.map((e) => e.record.name)).toEqual(names);
    expect(await index.durations()).toEqual(Object.fromEntries(names.map((n, i) => [`${n}/amd64`, i + 1])));
  });
});
