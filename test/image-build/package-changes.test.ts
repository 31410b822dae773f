// The build summary's package changes: the build a new one replaces is the newest indexed build of
// the same image x arch that has an SBOM, and the summary lists what changed against it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changeLines, replacedPackages } from '../../src/image-build/package-changes.js';
import type { BuildRecord } from '../../src/record/record.js';
import { summarize } from '../../src/image-build/summary.js';
import { imageSbom, SBOM_FILE } from '../../src/sbom/cyclonedx.js';
import type { InstalledPackage } from '../../src/sbom/package-lists.js';
import { scratch } from '../release/fixtures.js';

const pkg = (name: string, version: string): InstalledPackage => ({ name, version, arch: 'amd64' });

function indexEntry(root: string, key: string, over: Partial<BuildRecord>, packages?: InstalledPackage[]) {
  const dir = join(root, key);
  mkdirSync(dir, { recursive: true });
  const record: BuildRecord = {
    name: 'debian-12',
    arch: 'amd64',
    key,
    builder: 'dib',
    builder_version: '3.13.0',
    format: 'qcow2',
    file: 'debian-12.qcow2',
    size: 1,
    virtual_size: 1,
    sha256: 'a'.repeat(64),
    sha512: 'b'.repeat(128),
    git_sha: 'c'.repeat(40),
    built_at: '2026-12-01T00:00:00.000Z',
    duration_s: 1,
    ...over,
    ...(packages ? { sbom: SBOM_FILE } : {}),
  };
  if (packages)
    writeFileSync(join(dir, SBOM_FILE), JSON.stringify(imageSbom(record, packages, { id: 'debian' }, 'x')));
  writeFileSync(join(dir, 'record.json'), JSON.stringify(record));
}

describe('package changes against the replaced build', () => {
  it('compares with the newest indexed build of the same image and arch that has an SBOM', async () => {
    const root = scratch('index');
    indexEntry(root, '1'.repeat(64), { built_at: '2026-12-01T00:00:00.000Z' }, [pkg('openssl', '3.0.9-1')]);
    indexEntry(root, '2'.repeat(64), { built_at: '2026-12-03T00:00:00.000Z' }, [
      pkg('curl', '7.88.1-10'),
      pkg('openssl', '3.0.11-1~deb12u2'),
    ]);
    indexEntry(root, '3'.repeat(64), { built_at: '2026-12-05T00:00:00.000Z' }); // no SBOM
    indexEntry(root, '4'.repeat(64), { built_at: '2026-12-06T00:00:00.000Z', arch: 'arm64' }, []);
    indexEntry(root, '5'.repeat(64), { built_at: '2026-12-06T00:00:00.000Z', name: 'other' }, []);
    mkdirSync(join(root, '.work-x'), { recursive: true });

    const replaced = await replacedPackages(root, 'debian-12', 'amd64');
    expect(replaced?.key).toBe('2'.repeat(64));
    const lines = changeLines(replaced, [pkg('jq', '1.6-2.1'), pkg('openssl', '3.0.13-1~deb12u1')]);
    expect(lines).toEqual([
      `packages since build ${'2'.repeat(12)}:`,
      '- openssl 3.0.11-1~deb12u2 → 3.0.13-1~deb12u1',
      '- added jq 1.6-2.1',
      '- removed curl 7.88.1-10',
    ]);
    expect(changeLines(replaced, undefined)).toBeUndefined();
    expect(await replacedPackages(join(root, 'nope'), 'debian-12', 'amd64')).toBeUndefined();

    const summary = summarize([
      { name: 'debian-12', arch: 'amd64', key: 'k', status: 'built', packageChanges: lines },
    ]);
    expect(summary).toContain('      - openssl 3.0.11-1~deb12u2 → 3.0.13-1~deb12u1');
  });
});
