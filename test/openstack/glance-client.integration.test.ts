// The Glance v2 client against the real dev cloud (Keystone + Glance from Debian's packages).
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WorldError } from '../../src/errors.js';
import type { GlanceClient } from '../../src/openstack/glance-types.js';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { capturingLogger } from './capturing-logger.js';
import { DEV_CLOUD, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD]);

let cloud: DevCloud;
let glance: GlanceClient;
const created: string[] = [];

beforeAll(async () => {
  cloud = await devCloud();
  glance = await cloud.glance();
});

afterAll(async () => {
  for (const id of created) await glance?.deleteImage(id);
});

async function newImage(prefix: string, extra: Partial<Parameters<GlanceClient['createImage']>[0]> = {}) {
  const image = await glance.createImage({
    name: cloud.uniqueName(prefix),
    disk_format: 'raw',
    container_format: 'bare',
    visibility: 'private',
    ...extra,
  });
  created.push(image.id);
  return image;
}

function randomFile(name: string, size: number): { path: string; sha256: string; sha512: string } {
  const data = randomBytes(size);
  const path = join(process.env.KILN_TEST_RUN_DIR!, `${name}-${randomBytes(3).toString('hex')}.raw`);
  writeFileSync(path, data);
  return {
    path,
    sha256: createHash('sha256').update(data).digest('hex'),
    sha512: createHash('sha512').update(data).digest('hex'),
  };
}

describe('Glance client on the dev cloud', () => {
  it('creates an image with properties, streams its data and reports the hashes Glance computed', async () => {
    const image = await newImage('upload', { properties: { kiln_build_key: 'abc123', os_distro: 'debian' } });
    expect(image.status).toBe('queued');
    expect(image.owner).toBe(glance.projectId);
    expect(image.kiln_build_key).toBe('abc123');
    const file = randomFile('upload', 5 * 1024 * 1024 + 123);
    const progress: number[] = [];
    const result = await glance.uploadImage(image.id, file.path, {
      onProgress: (p) => progress.push(p.sent),
    });
    expect(result).toEqual({ size: 5 * 1024 * 1024 + 123, sha512: file.sha512 });
    expect(progress.at(-1)).toBe(result.size);
    const active = await glance.waitForStatus(image.id, ['active'], 60_000);
    expect(active.os_hash_algo).toBe('sha512');
    expect(active.os_hash_value).toBe(file.sha512);
    expect(active.size).toBe(result.size);
  });

  it('logs upload progress as percent and MB/s, not a line per chunk, and a final line', async () => {
    const { logger, lines } = capturingLogger();
    let t = 0;
    // A clock that moves one second per reading: a line every two readings, or each 10 %, at most.
    const client = await cloud.glance(undefined, { logger, client: { now: () => (t += 1000) } });
    // Created by this client, so its messages know the image's name.
    const image = await client.createImage({
      name: cloud.uniqueName('progress'),
      disk_format: 'raw',
      container_format: 'bare',
      visibility: 'private',
    });
    created.push(image.id);
    const file = randomFile('progress', 12 * 1024 * 1024);
    await client.uploadImage(image.id, file.path);
    const progress = lines.filter((l) => l.startsWith('uploading '));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.length).toBeLessThanOrEqual(11);
    expect(progress.at(-1)).toMatch(/: done, 13 MB in \d+\.\d s \(\d+ MB\/s\)$/);
    expect(progress[0]).toMatch(
      new RegExp(
        `uploading image ${image.name} \\(${image.id}\\) on cloud dev-admin: \\d+% \\(\\d+ of 13 MB, \\d+ MB/s\\)`,
      ),
    );
  });

  it('refuses a second upload to an active image with what Glance said', async () => {
    const image = await newImage('twice');
    const file = randomFile('twice', 4096);
    await glance.uploadImage(image.id, file.path);
    await glance.waitForStatus(image.id, ['active'], 60_000);
    const err = await glance.uploadImage(image.id, file.path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorldError);
    expect((err as Error).message).toContain(`image ${image.name} (${image.id}) on cloud dev-admin`);
    expect((err as Error).message).toContain('HTTP 409 Conflict');
  });

  it('says which file it could not read, before sending anything', async () => {
    const image = await newImage('nofile');
    const missing = join(process.env.KILN_TEST_RUN_DIR!, 'no-such-image.qcow2');
    const err = await glance.uploadImage(image.id, missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorldError);
    expect((err as Error).message).toMatch(
      /^reading the image file to upload \(.*no-such-image.qcow2\): ENOENT/,
    );
    expect((await glance.getImage(image.id))?.status).toBe('queued');
  });

  it('renames and sets properties with JSON patch, adds and removes tags, deletes', async () => {
    const image = await newImage('patch');
    const newName = cloud.uniqueName('patched');
    const patched = await glance.updateImage(image.id, [
      { op: 'replace', path: '/name', value: newName },
      { op: 'add', path: '/kiln_archived_from', value: image.name },
    ]);
    expect(patched.name).toBe(newName);
    expect(patched.kiln_archived_from).toBe(image.name);
    await glance.addTag(image.id, 'kiln-archived');
    await glance.addTag(image.id, 'kiln-archived');
    expect((await glance.getImage(image.id))!.tags).toEqual(['kiln-archived']);
    await glance.removeTag(image.id, 'kiln-archived');
    await glance.removeTag(image.id, 'kiln-archived');
    expect((await glance.getImage(image.id))!.tags).toEqual([]);
    await glance.deleteImage(image.id);
    expect(await glance.getImage(image.id)).toBeUndefined();
    await glance.deleteImage(image.id); // already gone is fine
  });

  it('lists across pages and filters by name, tag, property and hidden', async () => {
    const tag = cloud.uniqueName('page');
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push((await newImage('paged', { tags: [tag], properties: { kiln_slot: String(i % 2) } })).id);
    }
    const hidden = await newImage('paged', { tags: [tag], os_hidden: true });
    const small = await cloud.glance(undefined, { client: { pageSize: 3 } });
    const all = await small.listImages({ tags: [tag] });
    expect(all.map((i) => i.id).sort()).toEqual([...ids].sort());
    const withHidden = await small.listImages({ tags: [tag], includeHidden: true });
    expect(withHidden.map((i) => i.id).sort()).toEqual([...ids, hidden.id].sort());
    const odd = await small.listImages({ tags: [tag], properties: { kiln_slot: '1' } });
    expect(odd.map((i) => i.id).sort()).toEqual([ids[1], ids[3], ids[5]].sort());
    const byName = await glance.listImages({ name: hidden.name!, includeHidden: true });
    expect(byName.map((i) => i.id)).toEqual([hidden.id]);
  });

  it('fails clearly when an image never becomes active', async () => {
    const image = await newImage('never');
    const err = await glance.waitForStatus(image.id, ['active'], 600).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorldError);
    expect((err as Error).message).toMatch(/waiting for image to become active .*: still queued after 0.6 s/);
  });

  it('surfaces the member role limit as a 403 naming the cloud', async () => {
    const member = await cloud.glance(cloud.clouds.member);
    const name = cloud.uniqueName('member-public');
    const err = await member
      .createImage({ name, disk_format: 'raw', container_format: 'bare', visibility: 'public' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorldError);
    expect((err as Error).message).toContain(`creating image (image ${name} on cloud dev-member)`);
    expect((err as Error).message).toMatch(/HTTP 403 Forbidden: .*publicize_image/);
    expect(await glance.listImages({ name })).toEqual([]);
  });

  it('keeps the two regions separate', async () => {
    const siteB = await cloud.glance(cloud.clouds.siteB);
    expect(siteB.projectId).toBe(glance.projectId);
    const image = await siteB.createImage({
      name: cloud.uniqueName('region-two'),
      disk_format: 'raw',
      container_format: 'bare',
      visibility: 'private',
    });
    try {
      expect(await siteB.getImage(image.id)).toBeDefined();
      expect(await glance.getImage(image.id)).toBeUndefined();
    } finally {
      await siteB.deleteImage(image.id);
    }
  });
});
