// `kiln sync` of an azimuth-images release manifest into the real dev cloud. The fixture has the
// layout azimuth-images publishes (bin/generate-manifest inverts the per-image outputs of
// bin/publish-image and the packer `custom_data`): entries keyed by build (`kubernetes-1-30-jammy`)
// whose `name` is the dated image name, `checksum`/`checksum_sha512` with their algorithm prefix,
// the SBOM and cosign bundle URLs, `kubernetes_version` for Kubernetes images, and no disk format.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GlanceClient } from '../../src/openstack/glance-types.js';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { kilnAsync as kiln } from '../support/cli.js';
import { startImageServer, type ImageServer } from './image-server.js';
import { scratch } from './fixtures.js';
import { DEV_CLOUD, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD, 'qemu-img']);

let cloud: DevCloud;
let glance: GlanceClient;
let server: ImageServer;
let dir: string;

beforeAll(async () => {
  cloud = await devCloud();
  glance = await cloud.glance();
  server = await startImageServer();
  dir = scratch('sync-azimuth');
});
afterAll(async () => {
  await server?.close();
});

/** An azimuth-images entry for a small real qcow2 (`format` picks the file's real format). */
function azimuthEntry(name: string, format: 'qcow2' | 'raw', extra: Record<string, string> = {}) {
  const raw = join(dir, `${name}.raw`);
  writeFileSync(raw, randomBytes(1024 * 1024));
  const file = join(dir, `${name}.qcow2`);
  execFileSync('qemu-img', ['convert', '-f', 'raw', '-O', format, raw, file]);
  server.serve(`/${name}.qcow2`, file);
  const data = readFileSync(file);
  const base = server.url('');
  return {
    name,
    url: `${base}/${name}.qcow2`,
    checksum: `sha256:${createHash('sha256').update(data).digest('hex')}`,
    checksum_sha512: `sha512:${createHash('sha512').update(data).digest('hex')}`,
    'cosign-bundle-url': `${base}/${name}.cosign.bundle`,
    'image-sbom-url': `${base}/${name}-sbom.json`,
    ...extra,
  };
}

const named = async (name: string) => glance.listImages({ name, visibility: 'all', includeHidden: true });

describe('kiln sync of an azimuth-images manifest (real Glance)', () => {
  it('syncs entries whose key differs from their name, probes the disk format, re-runs as present', async () => {
    const kube = cloud.uniqueName('ubuntu-jammy-kube-v1.30.2');
    const plain = cloud.uniqueName('ubuntu-jammy');
    const manifest = {
      'kubernetes-1-30-jammy': azimuthEntry(kube, 'qcow2', { kubernetes_version: 'v1.30.2' }),
      'ubuntu-jammy': azimuthEntry(plain, 'raw'),
    };
    const manifestFile = join(dir, 'manifest.json');
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 4));
    server.serve('/manifest.json', manifestFile);
    const env = cloud.env(cloud.clouds.admin);
    const args = [
      'sync',
      '--manifest',
      server.url('/manifest.json'),
      '--cloud',
      cloud.clouds.admin,
      '--work-dir',
      dir,
    ];
    const first = await kiln(args, { env });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).map((o: { status: string }) => o.status)).toEqual([
      'uploaded',
      'uploaded',
    ]);
    const [k] = await named(kube);
    expect(k).toMatchObject({
      disk_format: 'qcow2',
      visibility: 'community',
      kubernetes_version: 'v1.30.2',
      os_hash_value: manifest['kubernetes-1-30-jammy'].checksum_sha512.slice('sha512:'.length),
    });
    const [p] = await named(plain);
    expect(p).toMatchObject({ disk_format: 'raw', size: 1024 * 1024 });
    expect(p).not.toHaveProperty('kubernetes_version');
    expect(p).not.toHaveProperty('kiln_build_key');

    const again = await kiln([...args, '--only', 'kubernetes-1-30-jammy', '--only', plain], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual([
      { name: kube, status: 'present', image_id: k!.id },
      { name: plain, status: 'present', image_id: p!.id },
    ]);
  });

  it('exits 2 naming the first offending field of a file that is neither format; nothing is uploaded', async () => {
    const name = cloud.uniqueName('azimuth-bad');
    const env = cloud.env(cloud.clouds.admin);
    const file = join(dir, 'bad.json');
    const entry = azimuthEntry(name, 'qcow2');
    const cases: [unknown, RegExp][] = [
      [
        { x: { ...entry, checksum: undefined, checksum_sha512: undefined } },
        /bad\.json: x\.checksum: expected a checksum/,
      ],
      [
        { x: { ...entry, checksum_sha512: 'md5:abc' } },
        /bad\.json: x\.checksum_sha512: expected "sha512:<hex>"/,
      ],
      [{ x: { ...entry, name: undefined } }, /bad\.json: x\.name: /],
      [{ x: { ...entry, build_key: 'f'.repeat(64) } }, /bad\.json: x\.arch: /],
      [[entry], /bad\.json: \(top level\): expected an object of image entries/],
    ];
    for (const [data, message] of cases) {
      writeFileSync(file, JSON.stringify(data));
      const res = await kiln(['sync', '--manifest', file, '--cloud', cloud.clouds.admin], { env });
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toMatch(message);
      expect(res.stderr).not.toMatch(/\n\s+at /);
    }
    expect(await named(name)).toEqual([]);
  });
});
