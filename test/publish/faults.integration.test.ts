// Faults between kiln and the real Glance (a proxy in this process injects them), each ending with
// the invariant: exactly one active image named N, the old one or the verified new one; and a re-run
// converges on the new one and leaves no leftovers. One workspace: each case publishes a new build
// over the previous case's result, so every case also proves the old image keeps its ID and data.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GlanceClient, GlanceImage } from '../../src/openstack/glance-types.js';
import { isVerified, TAG_ARCHIVED } from '../../src/publish/kiln-markers.js';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { FaultProxy, type Rule } from '../support/fault-proxy.js';
import { cloudsFileWith } from '../support/clouds-file.js';
import { nameState, workspace, type Workspace } from './workspace.js';
import { DEV_CLOUD, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD, 'qemu-img']);

let cloud: DevCloud;
let admin: GlanceClient;
let proxy: FaultProxy;
let ws: Workspace;
let current: GlanceImage;
/** clouds.yaml with the `proxied` cloud. */
let proxiedClouds: string;

beforeAll(async () => {
  cloud = await devCloud();
  admin = await cloud.glance(cloud.clouds.admin);
  proxy = await new FaultProxy(cloud.keystoneUrl, cloud.glanceUrls.RegionOne!).start();
  // The admin cloud, but authenticating (and so finding Glance) through the proxy.
  const file = cloudsFileWith(cloud, 'proxied', { proxied: { auth_url: `${proxy.url}/v3` } });
  proxiedClouds = file;
  ws = workspace(
    'fault',
    { a: { cloud: 'proxied', kind: 'kvm', keep: 50 } },
    { ...cloud.env(), OS_CLIENT_CONFIG_FILE: file },
  );
  await ws.build();
  const res = await ws.kiln(['publish', ws.name]);
  expect(res.code, res.stderr).toBe(0);
  current = (await nameState(admin, ws.name)).active[0]!;
});

afterAll(async () => {
  await proxy?.stop();
});

/** A new build published with `rule` armed, the invariant checked, then a clean re-run. */
async function faultThenRerun(
  rule: Rule,
  expectCode: number | null = 1,
  onSpawn?: (c: ChildProcess) => void,
) {
  const old = current;
  const build = await ws.build();
  proxy.fired = false;
  proxy.arm(rule);
  const faulty = await ws.kiln(['publish', ws.name], {}, onSpawn);
  proxy.arm(undefined);
  expect(proxy.fired, 'the fault was injected').toBe(true);
  if (expectCode !== null) expect(faulty.code, faulty.stderr).toBe(expectCode);
  expect(faulty.stderr).not.toMatch(/\n\s+at /);

  let st = await nameState(admin, ws.name);
  expect(st.active.length, 'at most one image named N').toBeLessThanOrEqual(1);
  if (faulty.code !== 137) expect(st.active, 'exactly one image named N').toHaveLength(1);
  for (const img of st.active) {
    // The old image, or the verified new one.
    if (img.id !== old.id) expect(isVerified(img) && img.kiln_build_key === build.key).toBe(true);
  }

  const rerun = await ws.kiln(['publish', ws.name]);
  expect(rerun.code, rerun.stderr).toBe(0);
  st = await nameState(admin, ws.name);
  expect(st.active).toHaveLength(1);
  expect(st.active[0]).toMatchObject({ kiln_build_key: build.key, os_hash_value: build.sha512 });
  expect(st.stagings, 'no leftovers').toEqual([]);
  const archived = await admin.getImage(old.id);
  expect(archived).toMatchObject({ os_hash_value: old.os_hash_value, status: 'active' });
  expect(archived!.tags).toContain(TAG_ARCHIVED);
  expect(archived!.name).toMatch(new RegExp(`^${ws.name}-\\d{8}(\\.\\d+)?$`));
  current = st.active[0]!;
  return faulty;
}

describe('publish faults (real Glance behind a fault-injecting proxy)', () => {
  it('connection cut at the start of the upload', async () => {
    const r = await faultThenRerun({ kind: 'upload', nth: 1, action: 'cut-start' });
    expect(r.stderr).toMatch(/upload/);
  });
  it('connection cut in the middle of the upload', () =>
    faultThenRerun({ kind: 'upload', nth: 1, action: 'cut-middle', cutAfterBytes: 200_000 }));
  it('connection cut after Glance stored the upload, before kiln got the answer', () =>
    faultThenRerun({ kind: 'upload', nth: 1, action: 'cut-end' }));
  it('Glance answers 500 to create', async () => {
    const r = await faultThenRerun({ kind: 'create', nth: 1, action: 'status500' });
    expect(r.stderr).toMatch(/creating image.*500/s);
  });
  it('Glance answers 500 to the upload', () =>
    faultThenRerun({ kind: 'upload', nth: 1, action: 'status500' }));
  it('Glance answers 500 to the rename of the old image (the swap rolls back)', async () => {
    const r = await faultThenRerun({ kind: 'patch', nth: 2, action: 'status500' });
    expect(r.stderr).toMatch(/restoring the previous image/);
  });
  it('Glance answers 500 to the rename of the staging image', () =>
    faultThenRerun({ kind: 'patch', nth: 3, action: 'status500' }, null));
  it('bytes altered on the way: Glance holds another checksum, the staging image is deleted', async () => {
    const r = await faultThenRerun({ kind: 'upload', nth: 1, action: 'corrupt' });
    expect(r.stderr).toMatch(/the bytes changed on the way/);
  });
  it('the token expires mid-run (revoked before the upload): kiln re-authenticates and finishes', async () => {
    proxy.seen.length = 0;
    const r = await faultThenRerun({ kind: 'upload', nth: 1, action: 'revoke-token' }, 0);
    const uploads = proxy.seen.filter((s) => s.kind === 'upload').map((s) => s.status);
    expect(uploads.slice(0, 2)).toEqual([401, 204]);
    expect(r.stdout).toContain('published');
  });

  // create, upload, verified mark, archive old, staging takes the name, untag staging, tag archived.
  for (let k = 1; k <= 7; k++) {
    it(`kiln killed (SIGKILL) just before mutating request ${k} of the protocol`, async () => {
      let child: ChildProcess | undefined;
      const kill = async () => {
        const exited = once(child!, 'close');
        child!.kill('SIGKILL');
        await exited;
      };
      await faultThenRerun(
        { kind: 'mutation', nth: k, action: 'hook-before', hook: kill },
        137,
        (c) => (child = c),
      );
    });
  }
});

describe('retention on the run that finishes an interrupted swap', () => {
  it('keeps `keep` archives: the re-run that only completes the swap deletes the expired one', async () => {
    const keep = 2;
    const w = workspace(
      'fault-keep',
      { a: { cloud: 'proxied', kind: 'kvm', keep } },
      { ...cloud.env(), OS_CLIENT_CONFIG_FILE: proxiedClouds },
    );
    const archives = async () =>
      (await nameState(admin, w.name)).all.filter((i) => i.tags.includes(TAG_ARCHIVED));
    for (let i = 0; i <= keep; i++) {
      await w.build();
      const res = await w.kiln(['publish', w.name]);
      expect(res.code, res.stderr).toBe(0);
    }
    expect(await archives()).toHaveLength(keep);

    // Killed after the old image was archived, before the staging image took the name (the third
    // PATCH: verified mark, archive the old image, rename the staging image).
    const build = await w.build();
    let child: ChildProcess | undefined;
    proxy.fired = false;
    proxy.arm({
      kind: 'patch',
      nth: 3,
      action: 'hook-before',
      hook: async () => {
        const exited = once(child!, 'close');
        child!.kill('SIGKILL');
        await exited;
      },
    });
    const killed = await w.kiln(['publish', w.name], {}, (c) => (child = c));
    proxy.arm(undefined);
    expect(proxy.fired, 'the run was killed mid-swap').toBe(true);
    expect(killed.code).toBe(137);
    // The old image is renamed but not yet tagged archived: the re-run finishes the swap.
    expect((await nameState(admin, w.name)).active).toEqual([]);

    const rerun = await w.kiln(['publish', w.name]);
    expect(rerun.code, rerun.stderr).toBe(0);
    const st = await nameState(admin, w.name);
    expect(st.active.map((i) => i.kiln_build_key)).toEqual([build.key]);
    expect(await archives()).toHaveLength(keep);
  });
});
