// Config and build records for the publish tests: small generated image files with hand-written
// records (the real DIB image is exercised by the build/verify tests and the demo).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildRecord, TestResult } from '../../src/record/record.js';
import type { Arch, KilnConfig, ResolvedImage, Site } from '../../src/config/types.js';

const pos = { file: 'config/images.yaml', line: 1, col: 1 };

export function imageConfig(name: string, extra: Partial<ResolvedImage> = {}): ResolvedImage {
  return {
    name,
    builder: 'dib',
    elements: [],
    env: {},
    architectures: ['amd64'],
    disk_format: 'qcow2',
    visibility: 'private',
    properties: { os_distro: 'debian' },
    manifest_extra: {},
    builder_version: '3.13.0',
    runners: { amd64: [], arm64: [] },
    artifacts: {},
    var_files: [],
    inputs: [],
    test: { required_files: [], forbidden_files: [], boot: { enabled: false, timeout: 0, commands: [] } },
    pos,
    elementPos: {},
    ...extra,
  };
}

export function siteConfig(name: string, cloud: string, extra: Partial<Site> = {}): Site {
  return {
    name,
    cloud,
    kind: 'kvm',
    disk_format: 'qcow2',
    visibility: 'private',
    keep: 2,
    properties: { hw_disk_bus: 'virtio' },
    require_tests: true,
    pos: { file: 'config/sites.yaml', line: 1, col: 1 },
    ...extra,
  };
}

export function kilnConfig(images: ResolvedImage[], sites: Site[]): KilnConfig {
  return {
    root: '/nonexistent',
    files: {
      images: 'config/images.yaml',
      sites: 'config/sites.yaml',
      thirdParty: 'config/third-party.yaml',
    },
    images: new Map(images.map((i) => [i.name, i])),
    sites: new Map(sites.map((s) => [s.name, s])),
    thirdParty: new Map(),
  };
}

export interface RecordOptions {
  arch?: Arch;
  bytes?: Buffer;
  key?: string;
  test?: TestResult | null;
  format?: string;
}

/** Writes `<out>/<name>/<arch>/{<name>.qcow2,record.json}` and returns the record. */
export function writeRecord(out: string, name: string, o: RecordOptions = {}): BuildRecord & { dir: string } {
  const arch = o.arch ?? 'amd64';
  const dir = join(out, name, arch);
  mkdirSync(dir, { recursive: true });
  const bytes = o.bytes ?? randomBytes(64 * 1024);
  const format = o.format ?? 'qcow2';
  const file = `${name}.${format}`;
  writeFileSync(join(dir, file), bytes);
  const record: BuildRecord = {
    name,
    arch,
    key: o.key ?? createHash('sha256').update(bytes).digest('hex'),
    builder: 'dib',
    builder_version: '3.13.0',
    format,
    file,
    size: bytes.length,
    virtual_size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sha512: createHash('sha512').update(bytes).digest('hex'),
    git_sha: 'a'.repeat(40),
    built_at: '2026-01-01T00:00:00Z',
    duration_s: 1,
    ...(o.test === null
      ? {}
      : { test: o.test ?? { status: 'passed', at: '2026-01-01T00:00:00Z', details: '' } }),
  };
  writeFileSync(join(dir, 'record.json'), JSON.stringify(record, null, 2));
  return { ...record, dir };
}
