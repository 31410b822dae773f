// Fixture results as workflow artifacts arrive: one folder per matrix job, records at any depth,
// publish results beside them.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildRecord } from '../../src/record/record.js';
import type { Arch } from '../../src/config/types.js';
import type { ExpectedBuild } from '../../src/release/manifest.js';

export const keyOf = (name: string, arch: string, salt = '') =>
  createHash('sha256').update(`${name}/${arch}/${salt}`).digest('hex');

export function scratch(prefix: string): string {
  const base = process.env.KILN_TEST_RUN_DIR ?? '/tmp';
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${prefix}-`));
}

export function writeResult(
  root: string,
  job: string,
  name: string,
  arch: Arch,
  options: { salt?: string; key?: string; content?: string; sites?: string[]; signedBy?: string } = {},
): BuildRecord {
  const dir = join(root, job, 'output', name, arch);
  mkdirSync(dir, { recursive: true });
  const content = Buffer.from(options.content ?? `image ${name} ${arch}`);
  const file = `${name}.qcow2`;
  writeFileSync(join(dir, file), content);
  const record: BuildRecord = {
    name,
    arch,
    key: options.key ?? keyOf(name, arch, options.salt),
    builder: 'dib',
    builder_version: '3.13.0',
    format: 'qcow2',
    file,
    size: content.length,
    virtual_size: 1024 * 1024,
    sha256: createHash('sha256').update(content).digest('hex'),
    sha512: createHash('sha512').update(content).digest('hex'),
    git_sha: 'a'.repeat(40),
    built_at: '2026-11-20T10:00:00Z',
    duration_s: 60,
    test: { status: 'passed', at: '2026-11-20T10:05:00Z', details: 'booted' },
  };
  writeFileSync(join(dir, 'record.json'), JSON.stringify(record, null, 2));
  for (const site of options.sites ?? []) {
    writeFileSync(
      join(dir, `publish-${site}.json`),
      JSON.stringify({
        site,
        cloud: `${site}-cloud`,
        image_id: `id-${name}-${arch}-${site}`,
        image_name: arch === 'amd64' ? name : `${name}-${arch}`,
        disk_format: site === 'metal' ? 'raw' : 'qcow2',
        visibility: 'public',
        published_at: '2026-11-20T11:00:00Z',
        ...(options.signedBy
          ? {
              signing_certificate_sha256: options.signedBy,
              signature: {
                img_signature: `signature-of-${site}`,
                img_signature_hash_method: 'SHA-256',
                img_signature_key_type: 'RSA-PSS',
                certificate_sha256: options.signedBy,
                certificate: '-----BEGIN CERTIFICATE-----\n...',
              },
            }
          : {}),
      }),
    );
  }
  return record;
}

export function expected(
  name: string,
  arches: Arch[],
  properties: Record<string, string> = {},
): ExpectedBuild[] {
  // Named as publish names them: the first architecture keeps the image name.
  return arches.map((arch, i) => ({
    image: name,
    arch,
    key: keyOf(name, arch),
    name: i === 0 ? name : `${name}-${arch}`,
    properties,
  }));
}
