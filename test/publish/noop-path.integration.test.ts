// A publish that uploads nothing, against the dev cloud's real Glance: it still applies retention
// (a lowered `keep`, or archives left by a run that only finished an interrupted swap), and it still
// checks the file against its record, so a record that no longer describes its file is never
// reported "already published".
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, expect, it } from 'vitest';
import type { GlanceClient } from '../../src/openstack/glance-types.js';
import { TAG_ARCHIVED } from '../../src/publish/kiln-markers.js';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { nameState, readJson, workspace, type Workspace } from './workspace.js';
import { DEV_CLOUD, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD, 'qemu-img']);

let cloud: DevCloud;
let admin: GlanceClient;

beforeAll(async () => {
  cloud = await devCloud();
  admin = await cloud.glance(cloud.clouds.admin);
});

const setKeep = (ws: Workspace, keep: number) =>
  writeFileSync(
    join(ws.dir, 'config/sites.yaml'),
    stringify({ sites: { a: { cloud: cloud.clouds.admin, kind: 'kvm', keep } } }),
  );

const archives = async (name: string) =>
  (await nameState(admin, name)).all.filter((i) => i.tags.includes(TAG_ARCHIVED));

describe('the already-published path', () => {
  it('applies retention: lowering keep and running again deletes the expired archives', async () => {
    const ws = workspace(
      'noop-keep',
      { a: { cloud: cloud.clouds.admin, kind: 'kvm', keep: 5 } },
      cloud.env(),
    );
    for (let i = 0; i < 4; i++) {
      await ws.build();
      const res = await ws.kiln(['publish', ws.name]);
      expect(res.code, res.stderr).toBe(0);
    }
    const before = await archives(ws.name);
    expect(before).toHaveLength(3);
    const live = (await nameState(admin, ws.name)).active[0]!;

    setKeep(ws, 1);
    const res = await ws.kiln(['publish', ws.name]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/\tunchanged/);
    const after = await archives(ws.name);
    expect(after.map((i) => i.id)).toEqual([
      before.sort((a, b) => b.created_at.localeCompare(a.created_at))[0]!.id,
    ]);
    expect((await nameState(admin, ws.name)).active.map((i) => i.id)).toEqual([live.id]);
    const result = readJson(join(ws.out, ws.name, 'amd64', 'publish-a.json'));
    expect(result.deleted).toHaveLength(2);
  });

  it('checks the file against its record: a file changed after the build is bad input, not "already published"', async () => {
    const ws = workspace('noop-sum', { a: { cloud: cloud.clouds.admin, kind: 'kvm', keep: 2 } }, cloud.env());
    const build = await ws.build();
    const first = await ws.kiln(['publish', ws.name]);
    expect(first.code, first.stderr).toBe(0);
    const live = (await nameState(admin, ws.name)).active[0]!;

    // Same size, other bytes: the record's key and sha512 still match what Glance holds.
    const record = readJson(join(build.dir, 'record.json')) as { file: string };
    const file = join(build.dir, record.file);
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(file, bytes);

    const res = await ws.kiln(['publish', ws.name]);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toContain(
      `${join(build.dir, 'record.json')}:1:1: image file ${record.file} has sha256`,
    );
    expect(res.stdout).not.toMatch(/unchanged/);
    expect((await nameState(admin, ws.name)).active.map((i) => i.id)).toEqual([live.id]);
  });
});
