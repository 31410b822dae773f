// kiln publish against the real Keystone + Glance of the dev cloud, through the bundled CLI.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { GlanceClient } from '../../src/openstack/glance-types.js';
import { TAG_ARCHIVED, TAG_STAGING } from '../../src/publish/kiln-markers.js';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { nameState, readJson, workspace } from './workspace.js';
import { DEV_CLOUD, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD, 'qemu-img']);

let cloud: DevCloud;
let admin: GlanceClient;
let siteB: GlanceClient;

beforeAll(async () => {
  cloud = await devCloud();
  admin = await cloud.glance(cloud.clouds.admin);
  siteB = await cloud.glance(cloud.clouds.siteB);
});

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe('kiln publish (real Glance)', () => {
  it('publishes a new image, archives it on the next build keeping its ID and data, and skips the same build', async () => {
    const ws = workspace(
      'pub',
      { a: { cloud: cloud.clouds.admin, kind: 'kvm', keep: 3, properties: { hw_disk_bus: 'virtio' } } },
      cloud.env(),
    );
    const first = await ws.build();
    let res = await ws.kiln(['publish', ws.name, '--from', 'out']);
    expect(res.stderr).toContain('verified');
    expect(res.code).toBe(0);
    let st = await nameState(admin, ws.name);
    expect(st.active).toHaveLength(1);
    const old = st.active[0]!;
    expect(old).toMatchObject({
      kiln_build_key: first.key,
      os_hash_value: first.sha512,
      os_distro: 'debian',
      hw_disk_bus: 'virtio',
      architecture: 'x86_64',
      visibility: 'private',
      os_hidden: false,
    });
    expect(old.tags).not.toContain(TAG_STAGING);
    expect(readJson(join(first.dir, 'publish-a.json'))).toMatchObject({
      image_id: old.id,
      status: 'published',
      archived: null,
    });

    res = await ws.kiln(['publish', ws.name, '--from', 'out']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('unchanged');
    expect((await nameState(admin, ws.name)).all).toHaveLength(1);

    const second = await ws.build();
    res = await ws.kiln(['publish', ws.name, '--from', 'out']);
    expect(res.code).toBe(0);
    st = await nameState(admin, ws.name);
    expect(st.active).toHaveLength(1);
    expect(st.active[0]!.kiln_build_key).toBe(second.key);
    const archived = await admin.getImage(old.id);
    const day = old.created_at.slice(0, 10).replace(/-/g, '');
    expect(archived).toMatchObject({
      name: `${ws.name}-${day}`,
      os_hash_value: first.sha512,
      status: 'active',
    });
    expect(archived!.tags).toContain(TAG_ARCHIVED);
    expect(st.stagings).toEqual([]);
    expect(readJson(join(second.dir, 'publish-a.json'))).toMatchObject({
      image_id: st.active[0]!.id,
      archived: { id: old.id, name: `${ws.name}-${day}` },
    });
  });

  it('keeps only the newest `keep` archives and deletes older ones by ID', async () => {
    const ws = workspace('keep', { a: { cloud: cloud.clouds.admin, kind: 'kvm', keep: 1 } }, cloud.env());
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      await ws.build();
      expect((await ws.kiln(['publish', ws.name, '--from', 'out'])).code).toBe(0);
      ids.push((await nameState(admin, ws.name)).active[0]!.id);
    }
    const st = await nameState(admin, ws.name);
    expect(st.all.map((i) => i.id).sort()).toEqual([ids[1], ids[2]].sort());
    expect(await admin.getImage(ids[0]!)).toBeUndefined();
  });

  it('publishes to two sites, converting for the raw one, staging both before swapping', async () => {
    const ws = workspace(
      'two',
      {
        a: { cloud: cloud.clouds.admin, kind: 'kvm' },
        b: { cloud: cloud.clouds.siteB, kind: 'kvm', disk_format: 'raw' },
      },
      cloud.env(),
    );
    const rec = await ws.build();
    const res = await ws.kiln(['publish', ws.name, '--from', 'out']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/converting .* to raw/);
    const a = (await nameState(admin, ws.name)).active;
    const b = (await nameState(siteB, ws.name)).active;
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(a[0]).toMatchObject({ disk_format: 'qcow2', os_hash_value: rec.sha512 });
    expect(b[0]).toMatchObject({ disk_format: 'raw', kiln_source_sha512: rec.sha512 });
    expect(b[0]!.size).toBe(512 * 1024);
    // Both staged before either swapped: the last staging verification precedes the first swap.
    const lines = res.stderr.split('\n');
    const lastVerified = Math.max(...lines.map((l, i) => (l.includes('verified') ? i : -1)));
    const firstSwap = lines.findIndex((l) => l.includes(' is now '));
    expect(lastVerified).toBeLessThan(firstSwap);
  });

  it("gives the image images.yaml's visibility (own, else defaults) on every site, else each site's", async () => {
    const sites = {
      a: { cloud: cloud.clouds.admin, kind: 'kvm', visibility: 'public' },
      b: { cloud: cloud.clouds.siteB, kind: 'kvm' },
    };
    const cases = [
      { prefix: 'vis-site', catalogue: {}, a: 'public', b: 'private' },
      {
        prefix: 'vis-own',
        catalogue: { image: { visibility: 'community' } },
        a: 'community',
        b: 'community',
      },
      {
        prefix: 'vis-defaults',
        catalogue: { defaults: { visibility: 'shared' } },
        a: 'shared',
        b: 'shared',
      },
      {
        prefix: 'vis-both',
        catalogue: { defaults: { visibility: 'shared' }, image: { visibility: 'private' } },
        a: 'private',
        b: 'private',
      },
    ];
    for (const c of cases) {
      const ws = workspace(c.prefix, sites, cloud.env(), c.catalogue);
      const rec = await ws.build();
      const dry = await ws.kiln(['publish', ws.name, '--from', 'out', '--dry-run']);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toContain(`would name the new image '${ws.name}' (${c.a})`);
      expect(dry.stdout).toContain(`would name the new image '${ws.name}' (${c.b})`);

      const res = await ws.kiln(['publish', ws.name, '--from', 'out']);
      expect(res.code, res.stderr).toBe(0);
      const [onA] = (await nameState(admin, ws.name)).active;
      const [onB] = (await nameState(siteB, ws.name)).active;
      expect({ case: c.prefix, a: onA?.visibility, b: onB?.visibility }).toEqual({
        case: c.prefix,
        a: c.a,
        b: c.b,
      });
      expect(readJson(join(rec.dir, 'publish-a.json')).visibility).toBe(c.a);
      expect(readJson(join(rec.dir, 'publish-b.json')).visibility).toBe(c.b);
    }
  });

  it('reports a member cloud without the right to make images public clearly and leaves nothing behind', async () => {
    const ws = workspace(
      'member',
      { m: { cloud: cloud.clouds.member, kind: 'kvm', visibility: 'public' } },
      cloud.env(),
    );
    await ws.build();
    const res = await ws.kiln(['publish', ws.name, '--from', 'out']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('site m');
    expect(res.stderr).toMatch(/403/);
    noStackTrace(res.stderr);
    expect((await nameState(admin, ws.name)).all).toEqual([]);
  });

  it('--dry-run prints the plan per site and changes nothing', async () => {
    const ws = workspace('dry', { a: { cloud: cloud.clouds.admin, kind: 'kvm' } }, cloud.env());
    await ws.build();
    expect((await ws.kiln(['publish', ws.name, '--from', 'out'])).code).toBe(0);
    const before = await nameState(admin, ws.name);
    await ws.build();
    const res = await ws.kiln(['publish', ws.name, '--from', 'out', '--dry-run']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`on site a -> '${ws.name}'`);
    expect(res.stdout).toContain('would upload');
    expect(res.stdout).toContain(`would archive ${before.active[0]!.id}`);
    const after = await nameState(admin, ws.name);
    expect(after.all.map((i) => [i.id, i.name, i.updated_at])).toEqual(
      before.all.map((i) => [i.id, i.name, i.updated_at]),
    );
  });

  describe('bad input: exit 2, a clear message, nothing uploaded', () => {
    const cases: [
      string,
      (ws: ReturnType<typeof workspace>) => Record<string, string> | void,
      RegExp,
      string[]?,
    ][] = [
      ['an unknown --site', () => {}, /--site: no site 'nope' in sites.yaml/, ['--site', 'nope']],
      [
        'an unknown cloud',
        (ws) =>
          writeFileSync(
            join(ws.dir, 'config/sites.yaml'),
            'sites:\n  a: { cloud: no-such-cloud, kind: kvm }\n',
          ),
        /no-such-cloud/,
      ],
      [
        'clouds.yaml missing',
        (ws) => ({ OS_CLIENT_CONFIG_FILE: join(ws.dir, 'missing.yaml') }),
        /missing\.yaml|clouds\.yaml/,
      ],
      [
        'clouds.yaml malformed',
        (ws) => {
          writeFileSync(join(ws.dir, 'bad.yaml'), 'clouds:\n  dev-admin: [unclosed\n');
          return { OS_CLIENT_CONFIG_FILE: join(ws.dir, 'bad.yaml') };
        },
        /bad\.yaml:\d+:\d+/,
      ],
      ['the record missing', () => {}, /no build record for 'other'/, ['other']],
      [
        'a file not matching its recorded hash',
        (ws) => {
          const rec = readJson(join(ws.out, ws.name, 'amd64', 'record.json'));
          writeFileSync(
            join(ws.out, ws.name, 'amd64', 'record.json'),
            JSON.stringify({ ...rec, sha512: 'f'.repeat(128) }),
          );
        },
        /does not match the (sha256\/)?sha512 in its build record/,
      ],
      [
        'a record whose test did not pass',
        (ws) => {
          const rec = readJson(join(ws.out, ws.name, 'amd64', 'record.json'));
          writeFileSync(
            join(ws.out, ws.name, 'amd64', 'record.json'),
            JSON.stringify({ ...rec, test: { status: 'failed', at: '', details: '' } }),
          );
        },
        /requires a passing kiln test/,
      ],
    ];
    for (const [what, prepare, message, extra] of cases) {
      it(what, async () => {
        const ws = workspace('bad', { a: { cloud: cloud.clouds.admin, kind: 'kvm' } }, cloud.env());
        writeFileSync(
          join(ws.dir, 'config/images.yaml'),
          `images:\n  ${ws.name}: { elements: [debian-minimal] }\n  other: { elements: [debian-minimal] }\n`,
        );
        await ws.build();
        const env = prepare(ws) ?? {};
        const args = extra?.[0] === 'other' ? ['publish', 'other'] : ['publish', ws.name, ...(extra ?? [])];
        const res = await ws.kiln([...args, '--from', 'out'], env);
        expect(res.stderr).toMatch(message);
        expect(res.code).toBe(2);
        noStackTrace(res.stderr);
        expect((await nameState(admin, ws.name)).all).toEqual([]);
      });
    }
  });
});
