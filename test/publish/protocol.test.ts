// The protocol's logic against an in-memory Glance: archive naming, retention, repairs, and the
// central claim that a crash at ANY point of a publish converges on the next run. The same scenarios
// run against the real Glance of the dev cloud in publish-glance.test.ts and faults.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputErrorsOf, WorldError } from '../../src/errors.js';
import { run } from '../../src/exec.js';
import { silentLogger } from '../../src/log.js';
import type { GlanceClient } from '../../src/openstack/glance-types.js';
import { archiveName } from '../../src/publish/archive-name.js';
import { TAG_ARCHIVED, TAG_STAGING } from '../../src/publish/kiln-markers.js';
import { publish, type PublishRequest } from '../../src/publish/publish.js';
import { expiredArchives } from '../../src/publish/retention.js';
import { FakeGlance } from './fake-glance.js';
import { imageConfig, kilnConfig, siteConfig, writeRecord } from './fixtures.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'kiln-publish-'));

function setup(sites = [siteConfig('kvm', 'a')], glances?: Record<string, GlanceClient>) {
  const out = tmp();
  const config = kilnConfig([imageConfig('deb')], sites);
  const clients = glances ?? { kvm: new FakeGlance() };
  let day = 0;
  const go = (extra: Partial<PublishRequest> = {}) =>
    publish(
      { images: ['deb'], sites: [], from: out, dryRun: false, swap: 'all', ...extra },
      {
        config,
        connect: async (s) => clients[s.name]!,
        runner: run,
        logger: silentLogger,
        cacheDir: join(out, '.cache'),
        now: () => new Date(Date.UTC(2026, 1, 1 + day++)),
        print: () => {},
      },
    );
  return { out, go, glance: clients.kvm as FakeGlance };
}

const active = (g: FakeGlance, n: string) => g.named(n).filter((i) => i.status === 'active');
const stagings = (g: FakeGlance) => [...g.images.values()].filter((i) => i.tags.includes(TAG_STAGING));

describe('archive names', () => {
  it('uses the old image creation date in UTC and numbers clashes', () => {
    expect(archiveName('deb', '2026-03-04T23:59:59Z', [])).toBe('deb-20260304');
    expect(archiveName('deb', '2026-03-04T23:30:00-02:00', [])).toBe('deb-20260305');
    expect(archiveName('deb', '2026-03-04T10:00:00Z', ['deb-20260304', 'deb-20260304.1'])).toBe(
      'deb-20260304.2',
    );
  });
});

describe('retention', () => {
  it('keeps the newest `keep` archives by creation date and returns the rest', () => {
    const g = new FakeGlance();
    const imgs = ['2026-01-03', '2026-01-01', '2026-01-04', '2026-01-02'].map((d) =>
      g.add({ name: d, created_at: `${d}T00:00:00Z` }),
    );
    expect(expiredArchives(imgs, 2).map((i) => i.name)).toEqual(['2026-01-02', '2026-01-01']);
    expect(expiredArchives(imgs, 0)).toHaveLength(4);
  });
});

describe('publish protocol (in-memory Glance)', () => {
  it('publishes, archives the old image under its date on the next build, and is a no-op for the same build', async () => {
    const { out, go, glance } = setup();
    writeRecord(out, 'deb');
    const [first] = await go();
    expect(first!.status).toBe('published');
    const img = active(glance, 'deb');
    expect(img).toHaveLength(1);
    expect(img[0]).toMatchObject({
      os_hidden: false,
      os_distro: 'debian',
      hw_disk_bus: 'virtio',
      architecture: 'x86_64',
    });
    expect(img[0]!.tags).not.toContain(TAG_STAGING);

    const before = glance.mutations;
    expect((await go())[0]!.status).toBe('unchanged');
    expect(glance.mutations).toBe(before);

    writeRecord(out, 'deb');
    const [second] = await go();
    expect(second!.archived).toEqual({
      id: first!.image_id,
      name: archiveName('deb', img[0]!.created_at, []),
    });
    expect(glance.images.get(first!.image_id)!.tags).toContain(TAG_ARCHIVED);
    expect(active(glance, 'deb').map((i) => i.id)).toEqual([second!.image_id]);
  });

  it('deletes archives beyond keep, by id', async () => {
    const { out, go, glance } = setup([siteConfig('kvm', 'a', { keep: 1 })]);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      writeRecord(out, 'deb');
      ids.push((await go())[0]!.image_id);
    }
    expect(glance.images.has(ids[0]!)).toBe(false);
    expect(glance.images.has(ids[1]!)).toBe(false);
    expect(glance.images.get(ids[2]!)!.tags).toContain(TAG_ARCHIVED);
    expect(active(glance, 'deb').map((i) => i.id)).toEqual([ids[3]]);
  });

  for (const [mode, after, dead] of [
    ['a failure before', false, false],
    ['a failure after', true, false],
    ['kiln killed before', false, true],
  ] as const) {
    it(`converges after ${mode} every mutating request`, async () => {
      let n = 1;
      for (; ; n++) {
        const { out, go, glance } = setup();
        writeRecord(out, 'deb');
        const old = (await go())[0]!.image_id;
        const oldData = glance.images.get(old)!.os_hash_value;
        const rec = writeRecord(out, 'deb');
        glance.mutations = 0;
        glance.crashAt = { n, after, dead };
        let failed = false;
        await go().catch(() => (failed = true));
        glance.recover();
        if (!failed) break; // n is past the last mutation: every step has been interrupted once
        expect(active(glance, 'deb').length, `after failure at ${n}`).toBeLessThanOrEqual(1);
        const [res] = await go();
        const now = active(glance, 'deb');
        expect(now, `re-run after failure at ${n}`).toHaveLength(1);
        expect(now[0]!.kiln_build_key).toBe(rec.key);
        expect(res!.image_id).toBe(now[0]!.id);
        expect(stagings(glance), `leftovers after failure at ${n}`).toEqual([]);
        const archived = glance.images.get(old)!;
        expect(archived.os_hash_value).toBe(oldData);
        expect(archived.tags).toContain(TAG_ARCHIVED);
        expect(archived.name).toMatch(/^deb-\d{8}$/);
      }
      // create, upload, verify mark, archive, take the name, untag, tag: each was interrupted once.
      expect(n).toBeGreaterThan(7);
    });
  }

  it('refuses two active images of the name that kiln did not publish, listing their ids', async () => {
    const { out, go, glance } = setup();
    writeRecord(out, 'deb');
    const a = glance.add({ name: 'deb' });
    const b = glance.add({ name: 'deb' });
    const err = await go().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorldError);
    expect((err as Error).message).toContain(a.id);
    expect((err as Error).message).toContain(b.id);
    expect(glance.images.size).toBe(2);
  });

  it("archives an older duplicate when the newest image of the name is kiln's verified publish", async () => {
    const { out, go, glance } = setup();
    writeRecord(out, 'deb');
    const [res] = await go();
    const stray = glance.add({ name: 'deb', created_at: '2025-06-01T00:00:00Z' });
    writeRecord(out, 'deb');
    const [again] = await go();
    expect(active(glance, 'deb').map((i) => i.id)).toEqual([again!.image_id]);
    for (const id of [stray.id, res!.image_id]) expect(glance.images.get(id)!.tags).toContain(TAG_ARCHIVED);
    expect(glance.images.get(stray.id)!.name).toBe('deb-20250601');
  });

  it('deletes a staging image left by an earlier run of another build, and reuses one of this build', async () => {
    const { out, go, glance } = setup();
    writeRecord(out, 'deb');
    glance.crashAt = { n: 4, after: false, dead: true }; // killed after create, upload, verified mark
    await expect(go()).rejects.toThrow();
    glance.recover();
    const [reusable] = stagings(glance);
    const other = glance.add({
      name: 'deb.kiln-staging-x',
      tags: [TAG_STAGING],
      kiln_target: 'deb',
      os_hidden: true,
    });
    const uploadsBefore = glance.mutations;
    const [res] = await go();
    expect(res!.image_id).toBe(reusable!.id);
    expect(glance.images.has(other.id)).toBe(false);
    // delete leftover, claim the reused staging (heartbeat), take the name, untag: no create, no upload
    expect(glance.mutations - uploadsBefore).toBe(4);
  });

  it('stages on every site before swapping: a failure on one site swaps nowhere and leaves no staging', async () => {
    const a = new FakeGlance();
    const b = new FakeGlance();
    const { out, go } = setup([siteConfig('kvm', 'a'), siteConfig('metal', 'b')], { kvm: a, metal: b });
    writeRecord(out, 'deb');
    await go();
    const olds = [active(a, 'deb')[0]!.id, active(b, 'deb')[0]!.id];
    writeRecord(out, 'deb');
    b.mutations = 0;
    b.crashAt = { n: 2, after: false }; // the upload on site b
    await expect(go()).rejects.toThrow();
    expect([active(a, 'deb')[0]!.id, active(b, 'deb')[0]!.id]).toEqual(olds);
    expect([...stagings(a), ...stagings(b)]).toEqual([]);
    b.crashAt = undefined;
    const res = await go();
    expect(res.map((r) => r.status)).toEqual(['published', 'published']);
  });

  it('with --swap per-site, a site that staged swaps even when another site failed', async () => {
    const a = new FakeGlance();
    const b = new FakeGlance();
    const { out, go } = setup([siteConfig('kvm', 'a'), siteConfig('metal', 'b')], { kvm: a, metal: b });
    writeRecord(out, 'deb');
    b.crashAt = { n: 2, after: false };
    await expect(go({ swap: 'per-site' })).rejects.toThrow(/injected failure/);
    expect(active(a, 'deb')).toHaveLength(1);
    expect(active(b, 'deb')).toHaveLength(0);
    expect(stagings(b)).toEqual([]);
  });

  it('rejects bad input before changing anything: untested record, file not matching its hash', async () => {
    const { out, go, glance } = setup();
    writeRecord(out, 'deb', { test: { status: 'failed', at: '2026-01-01T00:00:00Z', details: 'boot' } });
    await expect(go()).rejects.toThrow(
      /requires a passing kiln test; the record's latest test status is 'failed'/,
    );
    expect(glance.mutations).toBe(0);

    const rec = writeRecord(out, 'deb');
    const bytes = Buffer.alloc(rec.size, 7);
    writeFileSync(join(rec.dir, rec.file), bytes);
    const err = await go().catch((e: unknown) => e);
    expect(inputErrorsOf(err)).toBeDefined();
    expect((err as Error).message).toMatch(/does not match the sha512 in its build record/);
    expect(glance.images.size).toBe(0);
  });
});
