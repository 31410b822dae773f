// `kiln sync` against the real dev cloud (Keystone + Glance), with the manifest's image files served
// by a local HTTP server that can cut the connection or alter bytes.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { run } from '../../src/exec.js';
import { silentLogger, streamLogger } from '../../src/log.js';
import { connectGlance } from '../../src/openstack/connect.js';
import type { GlanceClient } from '../../src/openstack/glance-types.js';
import type { Manifest, ManifestEntry } from '../../src/release/manifest-schema.js';
import { sync, type SyncRequest } from '../../src/release/sync.js';
import { parseSyncManifest } from '../../src/release/sync-manifest.js';
import { cloudsFileWith } from '../support/clouds-file.js';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { servedQcow2, startImageServer, type ImageServer, type Mode } from './image-server.js';
import { scratch } from './fixtures.js';
import { kilnAsync as kiln } from '../support/cli.js';
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
  dir = scratch('sync');
});
afterAll(async () => {
  await server?.close();
});

/** A served qcow2 and its entry, as kiln's release manifest describes a DIB build. */
const image = (name: string, mode: Mode = 'ok'): ManifestEntry => ({
  ...servedQcow2(server, dir, name, { mib: 2, mode }),
  builder: 'dib',
  properties: { os_distro: 'debian', os_version: '12', architecture: 'x86_64' },
});

const request = (manifest: Manifest, over: Partial<SyncRequest> = {}): SyncRequest => ({
  manifest: parseSyncManifest(manifest, 'manifest.json'),
  source: 'manifest.json',
  visibility: 'community',
  workDir: dir,
  ...over,
});
const deps = () => ({ glance, runner: run, logger: silentLogger });
const named = async (name: string) => glance.listImages({ name, visibility: 'all', includeHidden: true });
const leftovers = async (name: string) =>
  glance.listImages({ properties: { kiln_target: name }, visibility: 'all', includeHidden: true });
/** Runs `test` with the dev cloud's Glance reached through a fault proxy, stopped afterwards. */
async function throughProxy(test: (glance: GlanceClient, proxy: FaultProxy) => Promise<void>) {
  const proxy = await new FaultProxy(cloud.keystoneUrl, cloud.glanceUrls.RegionOne!).start();
  try {
    const cloudsFile = cloudsFileWith(cloud, 'sync', { proxied: { auth_url: `${proxy.url}/v3` } });
    const viaProxy = await connectGlance({
      cloud: 'proxied',
      env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsFile },
      cwd: dir,
      logger: silentLogger,
    });
    await test(viaProxy, proxy);
  } finally {
    await proxy.stop();
  }
}
/** A logger that keeps what it writes. */
function keptLog() {
  const lines: string[] = [];
  return { lines, logger: streamLogger({ write: (t) => void lines.push(t) }) };
}

describe('kiln sync (real Glance)', () => {
  it('uploads a new image with community visibility, its properties and a verified hash; a re-run skips it', async () => {
    const name = cloud.uniqueName('sync-new');
    const entry = image(name);
    const [first] = await sync(request({ [name]: entry }), deps());
    expect(first).toMatchObject({ name, status: 'uploaded' });
    const [img, ...more] = await named(name);
    expect(more).toEqual([]);
    expect(img).toMatchObject({
      id: first!.image_id,
      status: 'active',
      visibility: 'community',
      disk_format: 'qcow2',
      os_hash_algo: 'sha512',
      os_hash_value: entry.checksum_sha512,
      size: entry.size,
      os_distro: 'debian',
      kiln_build_key: entry.build_key,
    });
    expect(img!.tags).not.toContain('kiln:staging');
    expect(img!.os_hidden).toBe(false);

    const hitsBefore = server.hits.length;
    const [again] = await sync(request({ [name]: entry }), deps());
    expect(again).toEqual({ name, status: 'present', image_id: first!.image_id });
    expect(server.hits.length).toBe(hitsBefore);
    expect(await named(name)).toHaveLength(1);
  });

  it("never uses a manifest's image name as a path: a name with ../ writes nothing outside the work folder", async () => {
    const base = cloud.uniqueName('sync-escape');
    const entry = image(base);
    const evil = `../../${base}`;
    // Where a name joined onto the work folder (workDir/kiln-sync-XXXX) would land.
    const workDir = join(dir, 'escape', 'work');
    mkdirSync(workDir, { recursive: true });
    const victim = join(dir, 'escape', `${base}.download`);
    writeFileSync(victim, 'not for kiln to touch');
    const [out] = await sync(request({ [base]: { ...entry, name: evil } }, { workDir }), deps());
    expect(out).toMatchObject({ name: evil, status: 'uploaded' });
    expect(readFileSync(victim, 'utf8')).toBe('not for kiln to touch');
    expect(await named(evil)).toHaveLength(1);
  });

  it('fails loudly when an image of that name holds other bytes, naming both hashes', async () => {
    const name = cloud.uniqueName('sync-mismatch');
    const other = image(`${name}-other`);
    const [placed] = await sync(request({ [name]: { ...other, name } }), deps());
    const entry = image(name);
    const [failed] = await sync(request({ [name]: entry }), deps());
    expect(failed!.status).toBe('failed');
    expect(failed!.detail).toContain(`an image named '${name}' holds other bytes`);
    expect(failed!.detail).toContain(other.checksum_sha512);
    expect(failed!.detail).toContain(entry.checksum_sha512);
    const images = await named(name);
    expect(images.map((i) => i.id)).toEqual([placed!.image_id]);
  });

  it('uploads nothing when the download is cut mid-way, and a later good run succeeds', async () => {
    const name = cloud.uniqueName('sync-cut');
    const entry = image(name, 'cut');
    const [cut] = await sync(request({ [name]: entry }), deps());
    expect(cut).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/the download broke off after \d+ of \d+ bytes/),
    });
    expect(await named(name)).toEqual([]);
    expect(await leftovers(name)).toEqual([]);

    server.serve(`/${name}.qcow2`, join(dir, `${name}.qcow2`), 'ok');
    const [ok] = await sync(request({ [name]: entry }), deps());
    expect(ok!.status).toBe('uploaded');
  });

  it('uploads nothing when the bytes are corrupted, whether streamed into Glance or downloaded to disk to convert', async () => {
    const name = cloud.uniqueName('sync-corrupt');
    const entry = image(name, 'corrupt');
    const [streamed] = await sync(request({ [name]: entry }), deps());
    expect(streamed!.status).toBe('failed');
    expect(streamed!.detail).toMatch(
      /sha512 of the download is [0-9a-f]{128}, the manifest says [0-9a-f]{128}; the staging image was deleted, nothing was named/,
    );
    expect(await named(name)).toEqual([]);
    expect(await leftovers(name)).toEqual([]);

    const [converted] = await sync(request({ [name]: entry }, { diskFormat: 'raw' }), deps());
    expect(converted!.status).toBe('failed');
    expect(converted!.detail).toMatch(
      /sha256 of the download is [0-9a-f]{64}, the manifest says [0-9a-f]{64}; nothing was uploaded/,
    );
    expect(await named(name)).toEqual([]);
    expect(await leftovers(name)).toEqual([]);
  });

  it('deletes a staging image left by an interrupted run, then uploads', async () => {
    const name = cloud.uniqueName('sync-leftover');
    const entry = image(name);
    const left = await glance.createImage({
      name: `${name}.kiln-staging-deadbeef-0000`,
      disk_format: 'qcow2',
      container_format: 'bare',
      visibility: 'private',
      tags: ['kiln:staging'],
      os_hidden: true,
      properties: { kiln_target: name },
    });
    const [ok] = await sync(request({ [name]: entry }), deps());
    expect(ok!.status).toBe('uploaded');
    expect(await glance.getImage(left.id)).toBeUndefined();
    expect((await leftovers(name)).map((i) => i.id)).toEqual([ok!.image_id]);
  });

  it('names a verified staging image of the same bytes left by an interrupted run, without downloading', async () => {
    const name = cloud.uniqueName('sync-resume');
    const entry = image(name);
    // What a sync killed between verifying its upload and taking the name leaves behind.
    const left = await glance.createImage({
      name: `${name}.kiln-staging-${entry.build_key.slice(0, 8)}-0000`,
      disk_format: 'qcow2',
      container_format: 'bare',
      visibility: 'private',
      tags: ['kiln:staging'],
      os_hidden: true,
      properties: {
        kiln_target: name,
        kiln_build_key: entry.build_key,
        kiln_source_sha512: entry.checksum_sha512,
      },
    });
    await glance.uploadImage(left.id, join(dir, `${name}.qcow2`));
    await glance.waitForStatus(left.id, ['active'], 60_000);
    await glance.updateImage(left.id, [{ op: 'add', path: '/kiln_verified', value: entry.checksum_sha512 }]);
    const hitsBefore = server.hits.length;
    const [ok] = await sync(request({ [name]: entry }), deps());
    expect(ok).toEqual({ name, status: 'uploaded', image_id: left.id });
    expect(server.hits.length).toBe(hitsBefore);
    const [img, ...more] = await named(name);
    expect(more).toEqual([]);
    expect(img).toMatchObject({ id: left.id, visibility: 'community', os_hidden: false });
    expect(img!.tags).not.toContain('kiln:staging');
  });

  it("waits for another sync's staging image of the same name instead of deleting it; both succeed", async () => {
    // Run A uploads through the fault proxy, which holds its upload while run B starts.
    await throughProxy(async (viaProxy, proxy) => {
      const name = cloud.uniqueName('sync-conc');
      const entry = image(name);
      const { held, release } = proxy.holdNth('upload');
      const runA = sync(request({ [name]: entry }), { ...deps(), glance: viaProxy });
      await held;
      const [stagingA, ...more] = await leftovers(name);
      expect(more).toEqual([]);
      expect(stagingA!.kiln_heartbeat).toMatch(/^\d{4}-\d\d-\d\dT.* .+:\d+$/);

      const { lines, logger } = keptLog();
      const runB = sync(request({ [name]: entry }), { ...deps(), logger });
      const deadline = Date.now() + 60_000;
      while (!lines.join('').includes('another publish is in progress')) {
        if (Date.now() > deadline) throw new Error(`run B never waited:\n${lines.join('')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(lines.join('')).toContain(`staging image ${stagingA!.id}`);
      expect(await glance.getImage(stagingA!.id)).toMatchObject({ id: stagingA!.id });
      release();

      const [[a], [b]] = await Promise.all([runA, runB]);
      expect(a).toEqual({ name, status: 'uploaded', image_id: stagingA!.id });
      expect(b).toEqual({ name, status: 'present', image_id: stagingA!.id });
      const [img, ...others] = await named(name);
      expect(others).toEqual([]);
      expect(img!.tags).not.toContain('kiln:staging');
    });
  });

  it('converts to the disk format the cloud wants, and a re-run recognises the converted image', async () => {
    const name = cloud.uniqueName('sync-raw');
    const entry = image(name);
    const [first] = await sync(request({ [name]: entry }, { diskFormat: 'raw' }), deps());
    const [img] = await named(name);
    expect(img).toMatchObject({
      id: first!.image_id,
      disk_format: 'raw',
      size: 2 * 1024 * 1024,
      kiln_source_sha512: entry.checksum_sha512,
    });
    expect(img!.os_hash_value).not.toBe(entry.checksum_sha512);
    const [again] = await sync(request({ [name]: entry }, { diskFormat: 'raw' }), deps());
    expect(again!.status).toBe('present');
  });

  it('SIGTERM mid-download stops within seconds: nothing uploaded, nothing left behind', async () => {
    const name = cloud.uniqueName('sync-stop');
    const manifestFile = join(dir, `${name}.json`);
    writeFileSync(manifestFile, JSON.stringify({ [name]: image(name, 'stall') }));
    const workDir = join(dir, `${name}-work`);
    const path = `/${name}.qcow2`;
    let sentAt = 0;
    let exitedAt = 0;
    const res = await kiln(
      ['sync', '--manifest', manifestFile, '--cloud', cloud.clouds.admin, '--work-dir', workDir],
      {
        env: cloud.env(cloud.clouds.admin),
        onSpawn: (child) => {
          // Once the download has started (and stalled half-way), as a cancelled workflow would.
          const poll = setInterval(() => {
            if (!server.hits.includes(path)) return;
            clearInterval(poll);
            setTimeout(() => {
              sentAt = Date.now();
              child.kill('SIGTERM');
            }, 300);
          }, 50);
          child.on('exit', () => {
            clearInterval(poll);
            exitedAt = Date.now();
          });
        },
      },
    );
    expect(sentAt, res.stderr).toBeGreaterThan(0);
    expect((exitedAt - sentAt) / 1000).toBeLessThan(5);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/stopped \(SIGINT\/SIGTERM\)/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(await named(name)).toEqual([]);
    expect(await leftovers(name)).toEqual([]);
    expect(readdirSync(workDir)).toEqual([]);
  });

  it('through the CLI: --only filters, --dry-run changes nothing, bad input exits 2', async () => {
    const a = cloud.uniqueName('sync-cli-a');
    const b = cloud.uniqueName('sync-cli-b');
    const manifestFile = join(dir, `${a}.json`);
    writeFileSync(manifestFile, JSON.stringify({ [a]: image(a), [b]: image(b) }));
    const env = cloud.env(cloud.clouds.admin);
    const args = ['sync', '--manifest', manifestFile, '--cloud', cloud.clouds.admin, '--work-dir', dir];

    const dry = await kiln([...args, '--dry-run'], { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout).map((o: { status: string }) => o.status)).toEqual([
      'would-upload',
      'would-upload',
    ]);
    expect(await named(a)).toEqual([]);

    const only = await kiln([...args, '--only', b], { env });
    expect(only.code, only.stderr).toBe(0);
    expect(JSON.parse(only.stdout)).toEqual([expect.objectContaining({ name: b, status: 'uploaded' })]);
    expect(await named(a)).toEqual([]);
    expect(await named(b)).toHaveLength(1);

    const gone = cloud.uniqueName('sync-cli-gone');
    writeFileSync(
      manifestFile,
      JSON.stringify({
        [a]: image(a),
        [b]: image(b),
        [gone]: { ...image(gone), url: server.url('/missing.qcow2') },
      }),
    );
    const failed = await kiln([...args, '--only', gone], { env });
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toEqual([expect.objectContaining({ name: gone, status: 'failed' })]);
    expect(failed.stderr).toContain('1 of 1 images failed to sync');
    expect(failed.stderr).toContain('HTTP 404');

    const unknown = await kiln([...args, '--only', 'nope'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--only names what');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ [a]: { name: a, checksum: 'md5:1' } }));
    const bad = await kiln(['sync', '--manifest', join(dir, 'bad.json'), '--cloud', cloud.clouds.admin], {
      env,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${a}.checksum`);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

// A download whose format needs no conversion goes straight into the staging image (no disk, the
// download overlapping the upload); what a disk download may still meet falls back to it.
describe('kiln sync: the download straight into Glance', () => {
  const eventually = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const got = await probe();
      if (got !== undefined) return got;
      if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('uploads while it downloads, writing nothing to disk; a stop deletes the half-sent staging image', async () => {
    const name = cloud.uniqueName('sync-overlap');
    const workDir = join(dir, `${name}-work`);
    // The server sends half the file, then nothing: the upload must already be going.
    const entry = image(name, 'stall');
    const stop = new AbortController();
    const { lines, logger } = keptLog();
    const run = sync(request({ [name]: entry }, { workDir }), { ...deps(), logger, signal: stop.signal });
    const staging = await eventually('a staging image receiving the bytes', async () =>
      (await leftovers(name)).find((i) => i.status === 'saving'),
    );
    expect(lines.join('')).toContain(`downloading ${entry.url} straight into Glance`);
    const [work] = readdirSync(workDir);
    expect(readdirSync(join(workDir, work!))).toEqual([]);
    stop.abort();
    await expect(run).rejects.toThrow(/stopped \(SIGINT\/SIGTERM\)/);
    expect(await glance.getImage(staging.id)).toBeUndefined();
    expect(await leftovers(name)).toEqual([]);
    expect(readdirSync(workDir)).toEqual([]);
  });

  it('falls back to a download to disk when the streamed one breaks off, and names only a verified image', async () => {
    const name = cloud.uniqueName('sync-cut-once');
    const entry = image(name, 'cut-once');
    const { lines, logger } = keptLog();
    const [out] = await sync(request({ [name]: entry }), { ...deps(), logger });
    expect(out!.status, lines.join('')).toBe('uploaded');
    expect(server.hits.filter((h) => h === `/${name}.qcow2`)).toHaveLength(2);
    expect(lines.join('')).toMatch(/downloading to disk and uploading from there instead/);
    const [img, ...more] = await named(name);
    expect(more).toEqual([]);
    expect(img).toMatchObject({ id: out!.image_id, os_hash_value: entry.checksum_sha512 });
    expect(await leftovers(name)).toHaveLength(1);
  });

  it('falls back to the disk when Keystone asks for the upload again (a stream cannot be sent twice)', async () => {
    await throughProxy(async (viaProxy, proxy) => {
      const name = cloud.uniqueName('sync-reauth');
      const entry = image(name);
      proxy.arm({ kind: 'upload', nth: 1, action: 'revoke-token' });
      const { lines, logger } = keptLog();
      const [out] = await sync(request({ [name]: entry }), { ...deps(), glance: viaProxy, logger });
      expect(out!.status, lines.join('')).toBe('uploaded');
      expect(lines.join('')).toContain('cannot be sent twice');
      expect(lines.join('')).toMatch(/downloading to disk and uploading from there instead/);
      expect(proxy.seen.filter((r) => r.kind === 'upload').map((r) => r.status)).toEqual([401, 204]);
      expect(await named(name)).toEqual([expect.objectContaining({ os_hash_value: entry.checksum_sha512 })]);
    });
  });

  it('follows redirects, and downloads to disk first when the server does not say the size', async () => {
    const moved = cloud.uniqueName('sync-moved');
    const entry = image(moved);
    server.redirect(`/old/${moved}.qcow2`, entry.url!);
    const { lines, logger } = keptLog();
    const [out] = await sync(request({ [moved]: { ...entry, url: server.url(`/old/${moved}.qcow2`) } }), {
      ...deps(),
      logger,
    });
    expect(out!.status, lines.join('')).toBe('uploaded');
    expect(lines.join('')).toContain('straight into Glance');
    expect(await named(moved)).toEqual([expect.objectContaining({ os_hash_value: entry.checksum_sha512 })]);

    const unsized = cloud.uniqueName('sync-chunked');
    const chunked = image(unsized, 'chunked');
    const kept = keptLog();
    const [second] = await sync(request({ [unsized]: chunked }), { ...deps(), logger: kept.logger });
    expect(second!.status, kept.lines.join('')).toBe('uploaded');
    expect(kept.lines.join('')).not.toContain('straight into Glance');
    expect(kept.lines.join('')).toContain(`downloading ${chunked.url}\n`);
  });

  it("refuses a download whose size is not the manifest's before uploading anything", async () => {
    const name = cloud.uniqueName('sync-size');
    const entry = image(name);
    const [out] = await sync(request({ [name]: { ...entry, size: entry.size! + 1 } }), deps());
    expect(out).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining(
        `the server sends ${entry.size} bytes, manifest.json says ${entry.size! + 1}`,
      ),
    });
    expect(await leftovers(name)).toEqual([]);
  });

  it('checks the sha256 of an entry that gives only that hash and its disk format', async () => {
    const name = cloud.uniqueName('sync-sha256');
    const { url, checksum } = image(name, 'corrupt');
    const manifest = { [name]: { name, url, checksum, disk_format: 'qcow2' } } as unknown as Manifest;
    const [bad] = await sync(request(manifest), deps());
    expect(bad!.detail).toMatch(
      /sha256 of the download is [0-9a-f]{64}, the manifest says [0-9a-f]{64}; the staging image was deleted/,
    );
    expect(await leftovers(name)).toEqual([]);
    server.serve(`/${name}.qcow2`, join(dir, `${name}.qcow2`), 'ok');
    const [ok] = await sync(request(manifest), deps());
    expect(ok!.status).toBe('uploaded');
    expect((await named(name))[0]).toMatchObject({ kiln_source_sha256: checksum.slice('sha256:'.length) });
  });
});
