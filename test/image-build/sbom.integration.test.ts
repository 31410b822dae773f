// The SBOM step of a build against real disk images: ext4 filesystems made with mke2fs from a folder
// laid out as a Debian image is (os-release as a symlink into /usr/lib, dpkg's status file, DIB's
// dpkg manifest as its dpkg element writes it), converted to qcow2 with qemu-img, read with debugfs.
// The SBOM is checked against the official CycloneDX 1.5 JSON Schema.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { expect, it } from 'vitest';
import { addSbom } from '../../src/image-build/image-sbom.js';
import type { BuildRecord } from '../../src/record/record.js';
import { run } from '../../src/exec.js';
import { silentLogger } from '../../src/log.js';
import { SBOM_FILE, type CycloneDxBom } from '../../src/sbom/cyclonedx.js';
import { capturingLogger } from '../openstack/capturing-logger.js';
import { scratch } from '../release/fixtures.js';
import { describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled(['mke2fs', 'qemu-img', 'debugfs']);

const SCHEMAS = join(import.meta.dirname, 'fixtures/cyclonedx');
const schema = (f: string) => JSON.parse(readFileSync(join(SCHEMAS, f), 'utf8')) as object;

function cycloneDxValidator() {
  const ajv = new Ajv({ unknownFormats: 'ignore', schemaId: 'auto', allErrors: true });
  ajv.addSchema(schema('spdx.schema.json'), 'spdx.schema.json');
  ajv.addSchema(schema('jsf-0.82.schema.json'), 'jsf-0.82.schema.json');
  return ajv.compile(schema('bom-1.5.schema.json'));
}

const DPKG_STATUS = `Package: openssl
Status: install ok installed
Priority: optional
Architecture: amd64
Version: 3.0.11-1~deb12u2
Description: Secure Sockets Layer toolkit

Package: libc6
Status: install ok installed
Architecture: amd64
Multi-Arch: same
Version: 2.36-9+deb12u4

Package: removed-thing
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1

Package: tzdata
Status: hold ok installed
Architecture: all
Version: 2024a-0+deb12u1
`;

/** What DIB's dpkg element (finalise.d/99-write-dpkg-manifest) leaves: dpkg-query JSON, sed-wrapped. */
const DIB_MANIFEST = `{"packages": [{"package": "libc6:amd64","arch": "amd64","version": "2.36-9+deb12u4","status": "ii "},
    {"package": "openssl","arch": "amd64","version": "3.0.11-1~deb12u2","status": "ii "},
    {"package": "removed-thing","arch": "amd64","version": "1.0-1","status": "rc "},
    {"package": "systemd","arch": "amd64","version": "1:252.22-1~deb12u1","status": "ii "}
]}
`;

/** A qcow2 holding one ext4 filesystem made from `files` (path -> contents; a leading '@' makes a symlink). */
function diskImage(dir: string, files: Record<string, string>): string {
  const root = join(dir, 'root');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    if (content.startsWith('@')) symlinkSync(content.slice(1), join(root, path));
    else writeFileSync(join(root, path), content);
  }
  const raw = join(dir, 'disk.raw');
  execFileSync('truncate', ['-s', '32M', raw]);
  execFileSync('mke2fs', ['-q', '-t', 'ext4', '-d', root, raw]);
  const qcow2 = join(dir, 'disk.qcow2');
  execFileSync('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', raw, qcow2]);
  return qcow2;
}

const record = (file: string): BuildRecord => ({
  name: 'debian-12',
  arch: 'amd64',
  key: 'c'.repeat(64),
  builder: 'dib',
  builder_version: '3.13.0',
  format: 'qcow2',
  file,
  size: 1,
  virtual_size: 32 * 1024 * 1024,
  sha256: 'a'.repeat(64),
  sha512: 'b'.repeat(128),
  git_sha: 'd'.repeat(40),
  built_at: '2026-12-07T06:00:00.000Z',
  duration_s: 1,
});

const OS_RELEASE = {
  'usr/lib/os-release': 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
  'etc/os-release': '@../usr/lib/os-release',
};

describe('SBOM of a built image', () => {
  it("reads DIB's dpkg manifest and writes a CycloneDX 1.5 SBOM with purls and the image's hashes", async () => {
    const dir = scratch('sbom-dib');
    const image = diskImage(dir, {
      ...OS_RELEASE,
      'var/lib/dpkg/status': DPKG_STATUS,
      'etc/dib-manifests/dib-manifest-dpkg-debian-12': DIB_MANIFEST,
    });
    const out = await addSbom(record('disk.qcow2'), image, dir, { runner: run, logger: silentLogger });
    expect(out.sbom).toBe(SBOM_FILE);
    const bom = JSON.parse(readFileSync(join(dir, SBOM_FILE), 'utf8')) as CycloneDxBom;
    const validate = cycloneDxValidator();
    expect(validate(bom), JSON.stringify(validate.errors)).toBe(true);
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1 });
    expect(bom.metadata.component).toMatchObject({
      type: 'operating-system',
      name: 'debian-12',
      hashes: [
        { alg: 'SHA-256', content: 'a'.repeat(64) },
        { alg: 'SHA-512', content: 'b'.repeat(128) },
      ],
    });
    expect(bom.metadata.component.properties).toContainEqual({
      name: 'kiln:build_key',
      value: 'c'.repeat(64),
    });
    expect(bom.metadata.component.properties).toContainEqual({
      name: 'kiln:package_source',
      value: '/etc/dib-manifests/dib-manifest-dpkg-debian-12',
    });
    // From DIB's manifest (systemd is only there), without the removed package, arch suffix stripped.
    expect(bom.components.map((c) => c.purl)).toEqual([
      'pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12',
      'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
      'pkg:deb/debian/systemd@1%3A252.22-1~deb12u1?arch=amd64&distro=debian-12',
    ]);
    expect(bom.components[1]).toMatchObject({
      type: 'library',
      name: 'openssl',
      version: '3.0.11-1~deb12u2',
      properties: [{ name: 'kiln:package:arch', value: 'amd64' }],
    });

    // The same image gives the same bytes (a stable serial number): builds can be compared.
    const first = readFileSync(join(dir, SBOM_FILE), 'utf8');
    await addSbom(record('disk.qcow2'), image, dir, { runner: run, logger: silentLogger });
    expect(readFileSync(join(dir, SBOM_FILE), 'utf8')).toBe(first);
  });

  it("falls back to dpkg's status file when DIB left no manifest", async () => {
    const dir = scratch('sbom-dpkg');
    const image = diskImage(dir, { ...OS_RELEASE, 'var/lib/dpkg/status': DPKG_STATUS });
    const out = await addSbom(record('disk.qcow2'), image, dir, { runner: run, logger: silentLogger });
    expect(out.sbom).toBe(SBOM_FILE);
    const bom = JSON.parse(readFileSync(join(dir, SBOM_FILE), 'utf8')) as CycloneDxBom;
    expect(bom.components.map((c) => `${c.name} ${c.version}`)).toEqual([
      'libc6 2.36-9+deb12u4',
      'openssl 3.0.11-1~deb12u2',
      'tzdata 2024a-0+deb12u1',
    ]);
  });

  it('an image whose packages cannot be read keeps its record without an SBOM, with a warning', async () => {
    const dir = scratch('sbom-none');
    const image = diskImage(dir, { ...OS_RELEASE, 'var/lib/rpm/rpmdb.sqlite': 'not read' });
    const { logger, lines } = capturingLogger();
    const rec = record('disk.qcow2');
    const out = await addSbom(rec, image, dir, { runner: run, logger });
    expect(out).toEqual(rec);
    expect(lines.join('\n')).toMatch(/debian-12\/amd64: no SBOM: no package database kiln reads/);

    const notADisk = join(dir, 'tar.qcow2');
    writeFileSync(notADisk, 'not an image');
    const alsoOut = await addSbom({ ...rec, format: 'qcow2' }, notADisk, dir, { runner: run, logger });
    expect(alsoOut.sbom).toBeUndefined();
    expect(lines.at(-1)).toMatch(/no SBOM: converting the image to raw .*not in qcow2 format/s);
  });
});
