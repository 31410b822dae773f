// The manifest `kiln release` writes, read the way azimuth-ops' community_images role reads it, with
// the real ansible: kiln's restatement of the role's defaults/main.yml (test/release/fixtures/
// azimuth-ops, written by kiln, not copied) turns the manifest, fetched over HTTP with ansible's url
// lookup, into image specs, and the role's check of an image already on the cloud compares
// `checksum_sha512.split(':')[1]` with Glance's os_hash_value (which is the sha512 of the published
// file: publish verifies exactly that).
// Not run here: the role's openstack CLI calls (its openstack.cloud/pip setup is not installable).
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { mergeManifest } from '../../src/release/manifest.js';
import type { Manifest } from '../../src/release/manifest-schema.js';
import { findResults } from '../../src/release/results.js';
import { expected, scratch, writeResult } from './fixtures.js';
import { startImageServer, type ImageServer } from './image-server.js';
import { describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled(['ansible-playbook']);

const FIXTURES = join(import.meta.dirname, 'fixtures/azimuth-ops');
let server: ImageServer;
beforeAll(async () => {
  server = await startImageServer();
});
afterAll(async () => {
  await server?.close();
});

async function kilnManifest(): Promise<Manifest> {
  const root = scratch('azimuth-ops');
  writeResult(root, 'job', 'kube-1-30-jammy', 'amd64');
  writeResult(root, 'job', 'ubuntu-desktop', 'amd64');
  writeResult(root, 'job', 'debian-12', 'amd64');
  const plan = [
    ...expected('kube-1-30-jammy', ['amd64'], { kubernetes_version: 'v1.30.2' }),
    ...expected('ubuntu-desktop', ['amd64']),
    ...expected('debian-12', ['amd64']),
  ];
  return mergeManifest(plan, await findResults(root), {
    logger: silentLogger,
    urlFor: (_r, name) => `https://images.example.org/${name}.qcow2`,
  }).manifest;
}

/** Runs the role's logic on `manifest` served over HTTP; Glance holds each image with its sha512. */
async function roleReads(manifest: unknown, glance: Record<string, string>) {
  const dir = scratch('azimuth-ops-run');
  const file = join(dir, 'manifest.json');
  writeFileSync(file, JSON.stringify(manifest, null, 2));
  server.serve('/manifest.json', file);
  const out = join(dir, 'specs.json');
  const vars = join(dir, 'vars.json');
  writeFileSync(
    vars,
    JSON.stringify({
      community_images_azimuth_images_manifest_url: server.url('/manifest.json'),
      glance_os_hash_values: glance,
      out,
    }),
  );
  const res = await promisify(execFile)(
    'ansible-playbook',
    ['-i', 'localhost,', '-c', 'local', join(FIXTURES, 'check-manifest.yml'), '-e', `@${vars}`],
    { env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'False' } },
  ).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  const specs = res.code === 0 ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
  return { ...res, specs };
}

const glanceHashes = (m: Manifest) =>
  Object.fromEntries(Object.values(m).map((e) => [e.name, e.checksum_sha512.replace(/^sha512:/, '')]));

describe("azimuth-ops' community_images role reads kiln's manifest (real ansible)", () => {
  it('picks up the Kubernetes image and passes its checksum check of images already on the cloud', async () => {
    const manifest = await kilnManifest();
    const { code, stdout, specs } = await roleReads(manifest, glanceHashes(manifest));
    expect(code, stdout).toBe(0);
    const kube = manifest['kube-1-30-jammy']!;
    expect(specs).toEqual({
      kube_1_30: {
        name: 'kube-1-30-jammy',
        source_url: 'https://images.example.org/kube-1-30-jammy.qcow2',
        checksum: kube.checksum,
        checksum_sha512: kube.checksum_sha512,
        source_disk_format: 'qcow2',
        container_format: 'bare',
        kubernetes_version: 'v1.30.2',
      },
      workstation: expect.objectContaining({ name: 'ubuntu-desktop' }),
    });
  });

  it("fails on a manifest in kiln's first format (bare sha512), as the issue reported", async () => {
    const manifest = await kilnManifest();
    const v1 = structuredClone(manifest) as Record<string, Record<string, unknown>>;
    for (const e of Object.values(v1)) e.checksum_sha512 = (e.checksum_sha512 as string).slice(7);
    const { code, stdout } = await roleReads(v1, glanceHashes(manifest));
    expect(code).toBe(2);
    expect(stdout).toContain('list object has no element 1');
  });

  it('fails the check when Glance holds other bytes under the name', async () => {
    const manifest = await kilnManifest();
    const glance = { ...glanceHashes(manifest), 'kube-1-30-jammy': 'f'.repeat(128) };
    const { code, stdout } = await roleReads(manifest, glance);
    expect(code).toBe(2);
    expect(stdout).toMatch(/Assertion failed|assertion/i);
  });
});
