// A scratch repository for one acceptance test: config/images.yaml with one uniquely named image,
// config/sites.yaml with the sites the test wants, and build records of small real qcow2 files
// (random data converted by qemu-img) with hand-written records. kiln runs as the bundled CLI.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { GlanceClient, GlanceImage } from '../../src/openstack/glance-types.js';
import { digestFile } from '../../src/image-build/file-digest.js';
import { isStaging, PROP } from '../../src/publish/kiln-markers.js';
import { kilnAsync, type CliResult } from '../support/cli.js';
import type { RecordOptions } from './fixtures.js';

export interface Workspace {
  dir: string;
  name: string;
  out: string;
  /** A new build of the image (new bytes, new key); returns the record. */
  build(o?: RecordOptions): Promise<{ key: string; sha512: string; dir: string }>;
  /** kiln as a child process (async, so a proxy in this process keeps serving). */
  kiln(
    args: string[],
    env?: Record<string, string>,
    onSpawn?: (child: ChildProcess) => void,
  ): Promise<CliResult>;
}

/** Extra images.yaml settings: `image` merged into the image's entry, `defaults` as the defaults block. */
export interface Catalogue {
  image?: Record<string, unknown>;
  defaults?: Record<string, unknown>;
}

export function workspace(
  prefix: string,
  sites: Record<string, Record<string, unknown>>,
  baseEnv: Record<string, string>,
  catalogue: Catalogue = {},
): Workspace {
  const root = process.env.KILN_TEST_RUN_DIR ?? '/tmp';
  const dir = mkdtempSync(join(root, `${prefix}-`));
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  mkdirSync(join(dir, 'config'));
  writeFileSync(
    join(dir, 'config/images.yaml'),
    stringify({
      ...(catalogue.defaults ? { defaults: catalogue.defaults } : {}),
      images: {
        [name]: { elements: ['debian-minimal'], properties: { os_distro: 'debian' }, ...catalogue.image },
      },
    }),
  );
  writeFileSync(join(dir, 'config/sites.yaml'), stringify({ sites }));
  const out = join(dir, 'out');
  return {
    dir,
    name,
    out,
    async build(o = {}) {
      const arch = o.arch ?? 'amd64';
      const rdir = join(out, name, arch);
      mkdirSync(rdir, { recursive: true });
      const raw = join(dir, 'data.raw');
      writeFileSync(raw, o.bytes ?? randomBytes(512 * 1024));
      const file = `${name}.qcow2`;
      execFileSync('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', raw, join(rdir, file)]);
      const d = await digestFile(join(rdir, file));
      const key = o.key ?? randomBytes(32).toString('hex');
      const record = {
        name,
        arch,
        key,
        builder: 'dib',
        builder_version: '3.13.0',
        format: 'qcow2',
        file,
        size: d.size,
        virtual_size: 512 * 1024,
        sha256: d.sha256,
        sha512: d.sha512,
        git_sha: 'c'.repeat(40),
        built_at: new Date().toISOString(),
        duration_s: 1,
        ...(o.test === null
          ? {}
          : { test: o.test ?? { status: 'passed', at: new Date().toISOString(), details: '' } }),
      };
      writeFileSync(join(rdir, 'record.json'), JSON.stringify(record, null, 2));
      return { key, sha512: d.sha512, dir: rdir };
    },
    kiln(args, env = {}, onSpawn) {
      return kilnAsync(args, { cwd: dir, env: { ...baseEnv, ...env }, onSpawn });
    },
  };
}

export const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

export interface NameState {
  /** Active images named N. */
  active: GlanceImage[];
  /** Everything kiln marked as staging for N (any status, hidden included). */
  stagings: GlanceImage[];
  /** Every image named N or marked for N. */
  all: GlanceImage[];
}

export async function nameState(glance: GlanceClient, name: string): Promise<NameState> {
  const base = { owner: glance.projectId, includeHidden: true, visibility: 'all' as const };
  const [named, marked] = await Promise.all([
    glance.listImages({ ...base, name }),
    glance.listImages({ ...base, properties: { [PROP.target]: name } }),
  ]);
  const all = [...new Map([...named, ...marked].map((i) => [i.id, i])).values()];
  return {
    active: all.filter((i) => i.name === name && i.status === 'active' && !isStaging(i)),
    stagings: all.filter(isStaging),
    all,
  };
}
