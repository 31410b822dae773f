// A real DIB build of a small Debian image through kiln's build core (the shared fixture), checked
// from the outside: the record matches the file, and the image holds a kernel, grub, kiln-common's
// provenance file and the test element's marker.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { debianImage, TEST_IMAGE_NAME, TEST_MARKER_PATH, type DebianImage } from '../support/debian-image.js';
import { openImage, type ImageReader } from './image-files.js';
import { DIB, describeIfInstalled } from '../support/requires.js';
import { SBOM_FILE, sbomPackages, type CycloneDxBom } from '../../src/sbom/cyclonedx.js';

/** `name version arch` of every package dpkg's status file says is installed. */
function installedPackages(status: string): string[] {
  return status
    .split(/\n\n+/)
    .map((stanza) => Object.fromEntries([...stanza.matchAll(/^([\w-]+): (.*)$/gm)].map((m) => [m[1], m[2]])))
    .filter((f) => f.Package && / installed$/.test(f.Status ?? ''))
    .map((f) => `${f.Package} ${f.Version} ${f.Architecture}`)
    .sort();
}

const describe = describeIfInstalled([...DIB]);

describe('real DIB build (debian-minimal + vm + kiln-common)', () => {
  let image: DebianImage;
  let reader: ImageReader;
  beforeAll(async () => {
    image = await debianImage();
    reader = openImage(image.imagePath);
  });
  afterAll(() => reader?.close());

  it('writes a record whose size, hashes and virtual size match the image file', () => {
    const bytes = readFileSync(image.imagePath);
    const { record } = image;
    expect(record.name).toBe(TEST_IMAGE_NAME);
    expect(record.arch).toBe('amd64');
    expect(record.builder).toBe('dib');
    expect(record.builder_version).toBe('3.13.0');
    expect(record.format).toBe('qcow2');
    expect(record.file).toBe(`${TEST_IMAGE_NAME}.qcow2`);
    expect(record.key).toMatch(/^[0-9a-f]{64}$/);
    expect(record.size).toBe(bytes.length);
    expect(record.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(record.sha512).toBe(createHash('sha512').update(bytes).digest('hex'));
    const info = JSON.parse(
      execFileSync('qemu-img', ['info', '--output', 'json', image.imagePath], { encoding: 'utf8' }),
    );
    expect(info.format).toBe('qcow2');
    expect(record.virtual_size).toBe(info['virtual-size']);
    expect(Number.isNaN(Date.parse(record.built_at))).toBe(false);
    expect(record.duration_s).toBeGreaterThan(0);
  });

  it('is a partitioned disk with a kernel, an initrd and grub installed', () => {
    expect(reader.partitions.length).toBeGreaterThanOrEqual(1);
    const boot = reader.debugfs('ls -l /boot');
    expect(boot).toMatch(/vmlinuz-\S+-amd64/);
    expect(boot).toMatch(/initrd\.img-\S+-amd64/);
    const grub = reader.debugfs('cat /boot/grub/grub.cfg');
    expect(grub).toMatch(/linux\s+\/boot\/vmlinuz-\S+ root=LABEL=cloudimg-rootfs/);
    expect(reader.debugfs('ls /boot/grub/i386-pc')).toContain('normal.mod');
    // grub's boot code is in the MBR (its boot.img ends with the 0x55AA signature and says GRUB).
    const raw = reader.bytes(0, 512);
    expect(raw.subarray(510, 512).toString('hex')).toBe('55aa');
    expect(raw.toString('latin1')).toContain('GRUB');
  });

  it("contains the test element's marker and kiln-common's provenance file", () => {
    expect(reader.debugfs(`cat ${TEST_MARKER_PATH}`).trim()).toBe(`kiln test marker for ${TEST_IMAGE_NAME}`);
    const provenance = JSON.parse(reader.debugfs('cat /etc/kiln/provenance.json'));
    expect(provenance).toMatchObject({
      image: TEST_IMAGE_NAME,
      build_key: image.record.key,
      arch: 'amd64',
      dib_release: 'bookworm',
    });
    expect(provenance.git_sha).toBe(image.record.git_sha);
  });

  it('writes an SBOM beside the image listing exactly the packages dpkg says are installed in it', () => {
    expect(image.record.sbom).toBe(SBOM_FILE);
    const bom = JSON.parse(readFileSync(join(dirname(image.recordPath), SBOM_FILE), 'utf8')) as CycloneDxBom;
    expect(bom.bomFormat).toBe('CycloneDX');
    const listed = sbomPackages(bom)
      .map((p) => `${p.name} ${p.version} ${p.arch}`)
      .sort();
    const installed = installedPackages(reader.debugfs('cat /var/lib/dpkg/status'));
    expect(installed.length).toBeGreaterThan(100);
    expect(listed).toEqual(installed);
  });
});
