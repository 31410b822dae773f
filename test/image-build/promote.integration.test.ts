// `kiln build --promote-from SITE` against the real dev cloud: a build main published to a staging
// site (site a, RegionOne) is streamed back from its Glance instead of built, with the record the
// build would have written, and publishes to production (site b, RegionTwo) as usual. No builder may
// run: `disk-image-create` and `packer` on PATH are stand-ins that leave a mark and fail.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  openSync,
  readdirSync,
  writeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { digestFile } from '../../src/image-build/file-digest.js';
import type { BuildRecord } from '../../src/record/record.js';
import { pickCandidate } from '../../src/image-build/promote.js';
import type { GlanceClient, GlanceImage } from '../../src/openstack/glance-types.js';
import { kiln, kilnAsync, type CliResult } from '../support/cli.js';
import { debianImage, writeTestRepo, type DebianImage } from '../support/debian-image.js';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { cloudsFileWith } from '../support/clouds-file.js';
import { DEV_CLOUD, DIB, describeIfInstalled } from '../support/requires.js';
import { signatureOf } from '../../src/signing/signature-properties.js';
import { fingerprintOf, SIGNING_KEY_ENV } from '../../src/signing/signing-key.js';

const SIGNING_FIXTURES = join(import.meta.dirname, '../signing/fixtures');

const describe = describeIfInstalled([...DEV_CLOUD, ...DIB]);

let cloud: DevCloud;
let fixture: DebianImage;
let siteA: GlanceClient;
let siteB: GlanceClient;

beforeAll(async () => {
  [cloud, fixture] = await Promise.all([devCloud(), debianImage()]);
  siteA = await cloud.glance(cloud.clouds.admin);
  siteB = await cloud.glance(cloud.clouds.siteB);
});

interface Repo {
  dir: string;
  /** The environment `run` gives kiln. */
  env: Record<string, string>;
  /** Set when a builder stand-in ran. */
  builderMark: string;
  run(args: string[], extraEnv?: Record<string, string>): CliResult;
  key(name: string): string;
  /** Writes `<out>/<name>/amd64/` with `file` as the image and a record of it (test passed). */
  record(out: string, name: string, file: string): Promise<BuildRecord>;
}

async function repo(images: Record<string, unknown>, moreSites: Record<string, unknown> = {}): Promise<Repo> {
  const dir = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'promote-'));
  await writeTestRepo(dir);
  writeFileSync(
    join(dir, 'config/images.yaml'),
    stringify({ defaults: { architectures: ['amd64'] }, images }),
  );
  writeFileSync(
    join(dir, 'config/sites.yaml'),
    stringify({
      sites: {
        a: { cloud: cloud.clouds.admin, kind: 'kvm', require_tests: false },
        b: { cloud: cloud.clouds.siteB, kind: 'kvm', require_tests: false },
        down: { cloud: 'down', kind: 'kvm' },
        ...moreSites,
      },
    }),
  );
  const shims = join(dir, 'shims');
  const builderMark = join(dir, 'builder-ran');
  mkdirSync(shims);
  for (const tool of ['disk-image-create', 'packer']) {
    writeFileSync(join(shims, tool), `#!/bin/sh\necho "$0 $*" >> '${builderMark}'\nexit 1\n`);
    chmodSync(join(shims, tool), 0o755);
  }
  // A fresh cache: no build index to reuse, so only promotion can avoid a build.
  const env = {
    ...cloud.env(),
    PATH: `${shims}:${process.env.PATH}`,
    KILN_CACHE_DIR: join(dir, 'cache'),
  };
  const run = (args: string[], extraEnv: Record<string, string> = {}) =>
    kiln(args, { cwd: dir, env: { ...env, ...extraEnv } });
  const key = (name: string) => {
    const res = run(['plan', name, '-a', 'amd64', '--format', 'json']);
    expect(res.code, res.stderr).toBe(0);
    const plan = JSON.parse(res.stdout) as { images: { name: string; key: string }[] };
    return plan.images.find((i) => i.name === name)!.key;
  };
  return {
    dir,
    env,
    run,
    builderMark,
    key,
    async record(out, name, file) {
      const rdir = join(dir, out, name, 'amd64');
      mkdirSync(rdir, { recursive: true });
      copyFileSync(file, join(rdir, `${name}.qcow2`));
      const d = await digestFile(join(rdir, `${name}.qcow2`));
      const record: BuildRecord = {
        name,
        arch: 'amd64',
        key: key(name),
        builder: 'dib',
        builder_version: '3.13.0',
        format: 'qcow2',
        file: `${name}.qcow2`,
        size: d.size,
        virtual_size: 512 * 1024,
        sha256: d.sha256,
        sha512: d.sha512,
        git_sha: 'c'.repeat(40),
        built_at: '2026-01-02T03:04:05.000Z',
        duration_s: 100,
        test: { status: 'passed', at: '2026-01-02T03:10:00.000Z', details: '' },
      };
      writeFileSync(join(rdir, 'record.json'), JSON.stringify(record, null, 2));
      return record;
    },
  };
}

/** A small real qcow2 file of random content. */
function smallQcow2(dir: string): string {
  const raw = join(dir, `${randomBytes(4).toString('hex')}.raw`);
  writeFileSync(raw, randomBytes(256 * 1024));
  execFileSync('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', raw, `${raw}.qcow2`]);
  return `${raw}.qcow2`;
}

/** The path of the file named `name` somewhere below `dir`. */
function findFile(dir: string, name: string): string {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isFile() && e.name === name) return p;
    if (e.isDirectory()) {
      try {
        return findFile(p, name);
      } catch {
        // not below this folder
      }
    }
  }
  throw new Error(`${name} is not below ${dir}`);
}

const readRecord = (dir: string, out: string, name: string): BuildRecord =>
  JSON.parse(readFileSync(join(dir, out, name, 'amd64', 'record.json'), 'utf8')) as BuildRecord;

const activeNamed = async (glance: GlanceClient, name: string): Promise<GlanceImage[]> =>
  (await glance.listImages({ name })).filter((i) => i.status === 'active');

describe('kiln build --promote-from (real Glance)', () => {
  it('promotes the staging build instead of building it, and publishes it to production', async () => {
    const name = cloud.uniqueName('promo');
    const r = await repo({
      [name]: {
        builder: 'dib',
        elements: ['debian-minimal', 'vm', 'kiln-common'],
        env: { DIB_RELEASE: 'bookworm' },
      },
    });
    // What main did: build, publish to staging.
    const original = await r.record('main-out', name, fixture.imagePath);
    let res = r.run(['publish', name, '--site', 'a', '--from', 'main-out']);
    expect(res.code, res.stderr).toBe(0);
    const staged = (await activeNamed(siteA, name))[0]!;
    expect(staged.os_hash_value).toBe(original.sha512);

    // The tag: promote from staging.
    res = r.run(['build', name, '-a', 'amd64', '--promote-from', 'a', '--output', 'tag-out']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`promoted\\s+${name}/amd64`));
    expect(existsSync(r.builderMark), 'a builder ran').toBe(false);
    const promoted = readRecord(r.dir, 'tag-out', name);
    expect(promoted).toMatchObject({
      name,
      arch: 'amd64',
      key: original.key,
      sha256: original.sha256,
      sha512: original.sha512,
      size: original.size,
      format: 'qcow2',
      git_sha: original.git_sha,
      built_at: original.built_at,
      promoted_from: { site: 'a', image_id: staged.id, image_name: name },
    });
    expect(promoted.virtual_size).toBe(fixture.record.virtual_size);
    expect(promoted.test).toBeUndefined(); // the test stage runs on it as on any build
    const file = await digestFile(join(r.dir, 'tag-out', name, 'amd64', promoted.file));
    expect(file).toEqual({ size: original.size, sha256: original.sha256, sha512: original.sha512 });

    // Production: publish runs as usual on the promoted build.
    res = r.run(['publish', name, '--site', 'b', '--from', 'tag-out']);
    expect(res.code, res.stderr).toBe(0);
    const prod = await activeNamed(siteB, name);
    expect(prod).toHaveLength(1);
    expect(prod[0]).toMatchObject({ os_hash_value: original.sha512, kiln_build_key: original.key });
  });

  it('a signed build promoted from staging is published signed to production, and both verify', async () => {
    const name = cloud.uniqueName('promo-signed');
    const r = await repo({
      [name]: {
        builder: 'dib',
        elements: ['debian-minimal'],
        signing: { certificate_file: 'signing/cert.pem' },
      },
    });
    mkdirSync(join(r.dir, 'signing'));
    copyFileSync(join(SIGNING_FIXTURES, 'rsa-cert.pem'), join(r.dir, 'signing/cert.pem'));
    const fingerprint = fingerprintOf(readFileSync(join(SIGNING_FIXTURES, 'rsa-cert.pem')));
    const key = { [SIGNING_KEY_ENV]: readFileSync(join(SIGNING_FIXTURES, 'rsa-key.pem'), 'utf8') };
    const original = await r.record('main-out', name, smallQcow2(r.dir));
    let res = r.run(['publish', name, '--site', 'a', '--from', 'main-out'], key);
    expect(res.code, res.stderr).toBe(0);

    res = r.run(['build', name, '-a', 'amd64', '--promote-from', 'a', '--output', 'tag-out']);
    expect(res.code, res.stderr).toBe(0);
    expect(existsSync(r.builderMark), 'a builder ran').toBe(false);
    res = r.run(['publish', name, '--site', 'b', '--from', 'tag-out'], key);
    expect(res.code, res.stderr).toBe(0);

    const [staged] = await activeNamed(siteA, name);
    const [prod] = await activeNamed(siteB, name);
    expect(prod).toMatchObject({ os_hash_value: original.sha512 });
    expect(signatureOf(staged!)).toMatchObject({ fingerprint });
    expect(signatureOf(prod!)).toMatchObject({ fingerprint });
    // What Glance serves on both sites verifies against the certificate in that site's Barbican.
    res = r.run(['verify-signature', name, '--site', 'a', '--site', 'b']);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toContain(`a\t${name}\t${staged!.id}\tverified\tcertificate ${fingerprint}`);
    expect(res.stdout).toContain(`b\t${name}\t${prod!.id}\tverified\tcertificate ${fingerprint}`);
  });

  it('builds instead when the staging image does not match what kiln recorded, and says so', async () => {
    const name = cloud.uniqueName('promo-bad');
    const r = await repo({ [name]: { builder: 'dib', elements: ['debian-minimal'] } });
    const file = smallQcow2(r.dir);
    const bytes = readFileSync(file);
    const sha512 = createHash('sha512').update(bytes).digest('hex');
    // Glance's own hash is right; the sha256 kiln recorded for the build is not (a tampered or
    // mislabelled image): promoting it would put a wrong checksum in the release manifest.
    const image = await siteA.createImage({
      name,
      disk_format: 'qcow2',
      container_format: 'bare',
      visibility: 'private',
      properties: {
        kiln_target: name,
        kiln_build_key: r.key(name),
        kiln_source_sha512: sha512,
        kiln_source_sha256: 'f'.repeat(64),
      },
    });
    await siteA.uploadImage(image.id, file);
    await siteA.waitForStatus(image.id, ['active'], 60_000);

    const res = r.run(['build', name, '-a', 'amd64', '--promote-from', 'a', '--output', 'out']);
    expect(res.stderr).toMatch(
      /not promoted, building it instead: .*sha256 of the download is [0-9a-f]{64}, Glance says f{64}/,
    );
    expect(readFileSync(r.builderMark, 'utf8')).toContain('disk-image-create');
    expect(res.code).toBe(1); // the stand-in builder fails
    expect(res.stdout).toMatch(new RegExp(`FAILED\\s+${name}/amd64`));
    expect(existsSync(join(r.dir, 'out', name, 'amd64', 'record.json'))).toBe(false);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('does not promote an image whose bytes rotted in the staging Glance store', async () => {
    const name = cloud.uniqueName('promo-rot');
    const r = await repo({ [name]: { builder: 'dib', elements: ['debian-minimal'] } });
    await r.record('main-out', name, smallQcow2(r.dir));
    expect(r.run(['publish', name, '--site', 'a', '--from', 'main-out']).code).toBe(0);
    const staged = (await activeNamed(siteA, name))[0]!;
    // Glance's filesystem store keeps the data as <datadir>/<image id>: flip bytes, keep the size.
    const stored = findFile(cloud.dir, staged.id);
    const fd = openSync(stored, 'r+');
    writeSync(fd, Buffer.from('rotten'), 0, 6, 4096);
    closeSync(fd);

    const res = r.run(['build', name, '--promote-from', 'a', '--output', 'out']);
    expect(res.stderr).toMatch(
      new RegExp(
        `${name}/amd64: not promoted, building it instead: .*(sha(256|512) of the download is [0-9a-f]+, Glance says [0-9a-f]+; the file was not kept|broke off)`,
      ),
    );
    expect(readFileSync(r.builderMark, 'utf8')).toContain('disk-image-create');
    expect(readdirSync(join(r.dir, 'cache', 'builds')).filter((f) => /^[0-9a-f]{64}$/.test(f))).toEqual([]);
    expect(res.code).toBe(1);
  });

  it('builds instead, with a warning naming the site, when a staging site cannot be reached', async () => {
    const name = cloud.uniqueName('promo-down');
    const r = await repo({ [name]: { builder: 'dib', elements: ['debian-minimal'] } });
    // The dev cloud's clouds.yaml plus a cloud whose Keystone nobody listens for.
    const clouds = parse(readFileSync(cloud.cloudsYaml, 'utf8')) as { clouds: Record<string, unknown> };
    clouds.clouds.down = {
      auth: { auth_url: 'http://127.0.0.1:9/v3', username: 'u', password: 'p', project_name: 'p' },
    };
    const cloudsYaml = join(r.dir, 'clouds.yaml');
    writeFileSync(cloudsYaml, stringify(clouds));
    const res = r.run(['build', name, '--promote-from', 'down', '--output', 'out'], {
      OS_CLIENT_CONFIG_FILE: cloudsYaml,
    });
    expect(res.stderr).toMatch(
      /cannot look for builds to promote on site down \(cloud down\), so images will be built instead/,
    );
    expect(readFileSync(r.builderMark, 'utf8')).toContain('disk-image-create');
    expect(res.code).toBe(1); // the stand-in builder fails
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('neither builds nor promotes a parent that only a promoted child needs', async () => {
    const parent = cloud.uniqueName('promo-parent');
    const child = `${parent}-child`;
    const r = await repo({
      [parent]: { builder: 'dib', elements: ['debian-minimal'] },
      [child]: { parent, elements: ['kiln-common'] },
    });
    const original = await r.record('main-out', child, smallQcow2(r.dir));
    expect(r.run(['publish', child, '--site', 'a', '--from', 'main-out']).code).toBe(0);

    const res = r.run(['build', child, '-a', 'amd64', '--promote-from', 'a', '--output', 'out']);
    expect(res.code, res.stderr).toBe(0);
    expect(existsSync(r.builderMark), 'a builder ran').toBe(false);
    expect(res.stderr).toContain(`${parent}/amd64: not needed`);
    expect(readRecord(r.dir, 'out', child)).toMatchObject({ key: original.key, sha512: original.sha512 });
    expect(existsSync(join(r.dir, 'out', parent))).toBe(false);
  });

  it('refuses an unknown site as bad input before building anything', async () => {
    const name = cloud.uniqueName('promo-input');
    const r = await repo({ [name]: { builder: 'dib', elements: ['debian-minimal'] } });
    const res = r.run(['build', name, '--promote-from', 'a,nosuch', '--output', 'out']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("--promote-from: no site 'nosuch' in sites.yaml");
    expect(res.stderr).toContain('sites: a, b, down');
    expect(existsSync(r.builderMark)).toBe(false);
    expect(existsSync(join(r.dir, 'out'))).toBe(false);
  });
});

describe('kiln build --promote-from over a connection that breaks (real Glance behind a proxy)', () => {
  let proxy: FaultProxy;
  let cloudsFile: string;

  beforeAll(async () => {
    proxy = await new FaultProxy(cloud.keystoneUrl, cloud.glanceUrls.RegionOne!).start();
    // Site a's cloud, reached through the proxy.
    cloudsFile = cloudsFileWith(cloud, 'promote', { proxied: { auth_url: `${proxy.url}/v3` } });
  });

  afterAll(async () => {
    await proxy?.stop();
  });

  it('downloads again when the download breaks off, and promotes', async () => {
    const name = cloud.uniqueName('promo-cut');
    const r = await repo(
      { [name]: { builder: 'dib', elements: ['debian-minimal'] } },
      { p: { cloud: 'proxied', kind: 'kvm', require_tests: false } },
    );
    const original = await r.record('main-out', name, smallQcow2(r.dir));
    expect(r.run(['publish', name, '--site', 'a', '--from', 'main-out']).code).toBe(0);

    proxy.fired = false;
    proxy.seen.length = 0;
    proxy.arm({ kind: 'download', nth: 1, action: 'cut-answer', cutAfterBytes: 64 * 1024 });
    // Not r.run: the proxy answers from this process, which must not block while kiln runs.
    const res = await kilnAsync(['build', name, '--promote-from', 'p', '--output', 'out'], {
      cwd: r.dir,
      env: { ...r.env, OS_CLIENT_CONFIG_FILE: cloudsFile },
    });
    proxy.arm(undefined);
    expect(proxy.fired, 'the fault was injected').toBe(true);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(
      /the download broke off after \d+ of \d+ bytes.*; trying again in 1 s \(2 of 3\)/,
    );
    expect(existsSync(r.builderMark), 'a builder ran').toBe(false);
    expect(proxy.seen.filter((s) => s.kind === 'download')).toHaveLength(2);
    expect(readRecord(r.dir, 'out', name)).toMatchObject({
      sha256: original.sha256,
      sha512: original.sha512,
      promoted_from: { site: 'p' },
    });
  });
});

describe('choosing the image to promote', () => {
  const key = 'k'.repeat(64);
  const sha512 = 'a'.repeat(128);
  const image = (over: Partial<GlanceImage>): GlanceImage => ({
    id: randomBytes(4).toString('hex'),
    name: 'debian-12',
    status: 'active',
    visibility: 'public',
    owner: 'p',
    size: 10,
    disk_format: 'qcow2',
    os_hash_algo: 'sha512',
    os_hash_value: sha512,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    tags: [],
    kiln_build_key: key,
    kiln_source_sha512: sha512,
    kiln_source_sha256: 'b'.repeat(64),
    ...over,
  });

  it('prefers the image holding the name, then the newest archived one', () => {
    const current = image({});
    const archived = image({ name: 'debian-12-20260101', created_at: '2026-02-01T00:00:00Z' });
    expect(pickCandidate([archived, current], key, 'qcow2', 'debian-12')).toEqual({ image: current });
    const older = image({ name: 'debian-12-20251201', created_at: '2025-12-01T00:00:00Z' });
    expect(pickCandidate([older, archived], key, 'qcow2', 'debian-12')).toEqual({ image: archived });
  });

  it('skips converted copies, staging images and other keys, saying why', () => {
    const raw = image({ disk_format: 'raw', os_hash_value: 'c'.repeat(128) });
    expect(pickCandidate([raw], key, 'qcow2', 'debian-12')).toEqual({
      reason: expect.stringContaining('converted from the build (raw)'),
    });
    expect(pickCandidate([image({ tags: ['kiln:staging'] })], key, 'qcow2', 'debian-12')).toEqual({
      reason: 'no image with this build key',
    });
    expect(pickCandidate([image({ kiln_build_key: 'x' })], key, 'qcow2', 'debian-12')).toEqual({
      reason: 'no image with this build key',
    });
  });
});
