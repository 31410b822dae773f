import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError, InputErrors } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { mergeManifest, validateManifest } from '../../src/release/manifest.js';
import { MANIFEST_ENTRY_FIELDS } from '../../src/config/schema.js';
import { manifestEntrySchema, manifestJsonSchema } from '../../src/release/manifest-schema.js';
import { releaseNotes } from '../../src/release/release-notes.js';
import { findResults } from '../../src/release/results.js';
import { expected, keyOf, scratch, writeResult } from './fixtures.js';

const SCHEMA_FILE = resolve('schema/manifest.schema.json');

function catalogue() {
  const root = scratch('results');
  // Two matrix jobs (one per arch), as `actions/download-artifact` lays them out.
  const deb = writeResult(root, 'job-debian-12-amd64', 'debian-12', 'amd64', { sites: ['kvm', 'metal'] });
  writeResult(root, 'job-ubuntu-amd64', 'ubuntu-24.04', 'amd64', { sites: ['kvm'] });
  writeResult(root, 'job-ubuntu-arm64/nested/deeper', 'ubuntu-24.04', 'arm64', { sites: ['kvm'] });
  const plan = [
    ...expected('debian-12', ['amd64'], { os_distro: 'debian', os_version: '12' }),
    ...expected('ubuntu-24.04', ['amd64', 'arm64'], { os_distro: 'ubuntu' }),
  ];
  return { root, deb, plan };
}

describe('release manifest', () => {
  it('merges records and publish results from nested job folders, keyed by build name', async () => {
    const { root, deb, plan } = catalogue();
    const { manifest, missing } = mergeManifest(plan, await findResults(root), { logger: silentLogger });
    expect(missing).toEqual([]);
    expect(Object.keys(manifest).sort()).toEqual(['debian-12', 'ubuntu-24.04', 'ubuntu-24.04-arm64']);
    const e = manifest['debian-12']!;
    expect(e).toMatchObject({
      manifest_version: 2,
      name: 'debian-12',
      checksum: `sha256:${deb.sha256}`,
      // azimuth-images' form, which azimuth-ops splits on ':' to compare with Glance's os_hash_value.
      checksum_sha512: `sha512:${deb.sha512}`,
      arch: 'amd64',
      disk_format: 'qcow2',
      size: deb.size,
      build_key: deb.key,
      git_sha: deb.git_sha,
      image: 'debian-12',
      test: 'passed',
      properties: { os_distro: 'debian', os_version: '12', architecture: 'x86_64' },
    });
    expect(e.sites).toEqual({
      kvm: expect.objectContaining({
        cloud: 'kvm-cloud',
        image_id: 'id-debian-12-amd64-kvm',
        image_name: 'debian-12',
      }),
      metal: expect.objectContaining({ image_id: 'id-debian-12-amd64-metal', disk_format: 'raw' }),
    });
    expect(manifest['ubuntu-24.04-arm64']!.properties.architecture).toBe('aarch64');
  });

  it('puts the download URL of each build in the entry', async () => {
    const { root, plan } = catalogue();
    const { manifest } = mergeManifest(plan, await findResults(root), {
      logger: silentLogger,
      urlFor: (r, name) => `https://images.example.org/v1/${name}.${r.record.format}`,
    });
    expect(manifest['ubuntu-24.04-arm64']!.url).toBe(
      'https://images.example.org/v1/ubuntu-24.04-arm64.qcow2',
    );
  });

  it('puts kubernetes_version and the manifest_extra values of images.yaml at the top level of the entry', async () => {
    const root = scratch('results');
    writeResult(root, 'job', 'kube-1-30', 'amd64');
    writeResult(root, 'job', 'debian-12', 'amd64');
    const plan = [
      ...expected('kube-1-30', ['amd64'], { kubernetes_version: 'v1.30.2', os_distro: 'ubuntu' }),
      ...expected('debian-12', ['amd64'], { os_distro: 'debian' }),
    ];
    plan[0]!.manifestExtra = { kubernetes_series: 'v1.30', 'cosign-bundle-url': 'https://x.example/b' };
    const { manifest } = mergeManifest(plan, await findResults(root), { logger: silentLogger });
    expect(manifest['kube-1-30']).toMatchObject({
      kubernetes_version: 'v1.30.2',
      kubernetes_series: 'v1.30',
      'cosign-bundle-url': 'https://x.example/b',
      properties: { kubernetes_version: 'v1.30.2' },
    });
    expect(manifest['debian-12']).not.toHaveProperty('kubernetes_version');
    expect(manifest['debian-12']).not.toHaveProperty('kubernetes_series');
  });

  it('reads manifests kiln wrote before the format was versioned (bare sha512 hex)', async () => {
    const { root, plan, deb } = catalogue();
    const { manifest } = mergeManifest(plan, await findResults(root), { logger: silentLogger });
    const old = structuredClone(manifest) as Record<string, Record<string, unknown>>;
    for (const e of Object.values(old)) {
      delete e.manifest_version;
      e.checksum_sha512 = (e.checksum_sha512 as string).slice('sha512:'.length);
    }
    expect(validateManifest(old, 'v1.json')['debian-12']!.checksum_sha512).toBe(deb.sha512);
    old['debian-12']!.checksum_sha512 = `sha256:${deb.sha512}`;
    expect(() => validateManifest(old, 'v1.json')).toThrow(/v1\.json: debian-12\.checksum_sha512/);
  });

  it('refuses incomplete results and names every missing build', async () => {
    const { root, plan } = catalogue();
    const more = [...plan, ...expected('rocky-9', ['amd64']), ...expected('debian-11', ['amd64'])];
    let err: unknown;
    try {
      mergeManifest(more, await findResults(root), { logger: silentLogger });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const text = (err as InputError).format();
    expect(text).toContain('2 of 5 builds missing');
    expect(text).toContain('rocky-9: no result for rocky-9 (amd64)');
    expect(text).toContain('debian-11: no result');
    expect(text).toContain('--allow-incomplete');
  });

  it('treats a result of another build key as missing (stale job output)', async () => {
    const root = scratch('results');
    writeResult(root, 'job', 'debian-12', 'amd64', { salt: 'older inputs' });
    const plan = expected('debian-12', ['amd64']);
    expect(() => mergeManifest(plan, [], { logger: silentLogger })).toThrow(/no result/);
    const results = await findResults(root);
    expect(() => mergeManifest(plan, results, { logger: silentLogger })).toThrow(
      new RegExp(
        `build key ${keyOf('debian-12', 'amd64', 'older inputs').slice(0, 12)}, the plan expects ${plan[0]!.key.slice(0, 12)}`,
      ),
    );
  });

  it('with --allow-incomplete, writes what is there and reports what is not', async () => {
    const { root, plan } = catalogue();
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (m: string) => void warnings.push(m) };
    const { manifest, missing } = mergeManifest(
      [...plan, ...expected('rocky-9', ['amd64'])],
      await findResults(root),
      {
        logger,
        allowIncomplete: true,
      },
    );
    expect(Object.keys(manifest)).toHaveLength(3);
    expect(missing.map((m) => m.name)).toEqual(['rocky-9']);
    expect(warnings.join('\n')).toContain('rocky-9');
  });

  it('refuses two different results for one build, merges identical duplicates', async () => {
    const root = scratch('results');
    writeResult(root, 'job-a', 'debian-12', 'amd64', { sites: ['kvm'] });
    writeResult(root, 'job-b', 'debian-12', 'amd64', { sites: ['metal'] });
    const plan = expected('debian-12', ['amd64']);
    const { manifest } = mergeManifest(plan, await findResults(root), { logger: silentLogger });
    expect(Object.keys(manifest['debian-12']!.sites).sort()).toEqual(['kvm', 'metal']);

    writeResult(root, 'job-c', 'debian-12', 'amd64', { content: 'other bytes' });
    const results = await findResults(root);
    expect(() => mergeManifest(plan, results, { logger: silentLogger })).toThrow(
      /two different results for debian-12 \(amd64\)/,
    );
  });

  it('reports broken records with their path', async () => {
    const root = scratch('results');
    writeResult(root, 'job', 'debian-12', 'amd64');
    writeFileSync(resolve(root, 'job/output/debian-12/amd64/record.json'), '{"name": "debian-12"}');
    await expect(findResults(root)).rejects.toThrow(/record\.json:1:1: build record lacks arch, key/);
    await expect(findResults(resolve(root, 'nope'))).rejects.toThrow(/does not exist/);
  });

  it('names the signing certificate of a signed build (per site, for the build, in the release notes) and carries the signature of the build file', async () => {
    const root = scratch('signed');
    const fp = 'f'.repeat(64);
    writeResult(root, 'job', 'debian-12', 'amd64', { sites: ['kvm', 'metal'], signedBy: fp });
    writeResult(root, 'job', 'ubuntu-24.04', 'amd64', { sites: ['kvm'] });
    const plan = [...expected('debian-12', ['amd64']), ...expected('ubuntu-24.04', ['amd64'])];
    const { manifest } = mergeManifest(plan, await findResults(root), { logger: silentLogger });
    expect(manifest['debian-12']).toMatchObject({
      signing_certificate_sha256: fp,
      sites: { kvm: { signing_certificate_sha256: fp }, metal: { signing_certificate_sha256: fp } },
    });
    // The build's own signature for sync: the qcow2 site's, not the one of metal's converted raw file.
    expect(manifest['debian-12']!.signature).toMatchObject({
      img_signature: 'signature-of-kvm',
      certificate_sha256: fp,
    });
    expect(manifest['ubuntu-24.04']!.signing_certificate_sha256).toBeUndefined();
    expect(manifest['ubuntu-24.04']!.signature).toBeUndefined();
    const notes = releaseNotes('v1', manifest);
    expect(notes).toContain(`- \`debian-12\`: \`${fp}\``);
    expect(notes).not.toContain('`ubuntu-24.04`: `');
  });

  it('validates its output against the committed JSON Schema', async () => {
    const { root, plan } = catalogue();
    const { manifest } = mergeManifest(plan, await findResults(root), { logger: silentLogger });
    const fromFile = z.fromJSONSchema(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    expect(fromFile.safeParse(JSON.parse(JSON.stringify(manifest))).success).toBe(true);
    const broken = structuredClone(manifest);
    broken['debian-12']!.checksum = 'md5:abc';
    expect(fromFile.safeParse(broken).success).toBe(false);
    try {
      validateManifest(broken, 'manifest.json');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputErrors);
      expect((err as Error).message).toContain('manifest.json: debian-12.checksum');
    }
  });

  it('keeps the fields manifest_extra may not use in step with the entry schema', () => {
    expect([...MANIFEST_ENTRY_FIELDS].sort()).toEqual(Object.keys(manifestEntrySchema.shape).sort());
  });

  it('has its JSON Schema committed and current', () => {
    const current = manifestJsonSchema();
    // KILN_WRITE_SCHEMA=1 rewrites the committed file from the zod schema.
    if (process.env.KILN_WRITE_SCHEMA === '1')
      writeFileSync(SCHEMA_FILE, JSON.stringify(current, null, 2) + '\n');
    expect(
      JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')),
      'run KILN_WRITE_SCHEMA=1 npx vitest run test/release/manifest.test.ts',
    ).toEqual(current);
  });
});
