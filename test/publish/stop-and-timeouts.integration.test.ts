// A hung service and a stopped run. kiln gives up on an endpoint that accepts the connection and never
// answers within clouds.yaml's api_timeout (or KILN_HTTP_TIMEOUT, which wins), and SIGTERM stops a
// publish promptly at a safe point: waiting on a silent Keystone, or with an upload in flight to the
// real Glance (behind the fault proxy, which swallows the upload and never answers), where the
// staging image is deleted and the old image keeps serving.
import { once } from 'node:events';
import net from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GlanceClient } from '../../src/openstack/glance-types.js';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { cloudsFileWith } from '../support/clouds-file.js';
import { nameState, workspace } from './workspace.js';
import { DEV_CLOUD, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD, 'qemu-img']);

let silent: net.Server;
let silentUrl: string;
const sockets: net.Socket[] = [];
let cloud: DevCloud;
let admin: GlanceClient;
let proxy: FaultProxy;
let cloudsFile: string;

beforeAll(async () => {
  silent = net.createServer((s) => sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentUrl = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}/v3`;

  cloud = await devCloud();
  admin = await cloud.glance(cloud.clouds.admin);
  proxy = await new FaultProxy(cloud.keystoneUrl, cloud.glanceUrls.RegionOne!).start();
  cloudsFile = cloudsFileWith(cloud, 'stop', {
    proxied: { auth_url: `${proxy.url}/v3` },
    silent: { auth_url: silentUrl, api_timeout: 2 },
    'silent-slow': { auth_url: silentUrl, api_timeout: 600 },
  });
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  silent?.close();
  await proxy?.stop();
});

const env = () => ({ ...cloud.env(), OS_CLIENT_CONFIG_FILE: cloudsFile });

async function timed<T>(p: Promise<T>): Promise<[T, number]> {
  const start = Date.now();
  const r = await p;
  return [r, (Date.now() - start) / 1000];
}

describe('timeouts against a silent endpoint', () => {
  it("honours clouds.yaml's api_timeout for the Keystone request", async () => {
    const ws = workspace('silent', { a: { cloud: 'silent', kind: 'kvm' } }, env());
    await ws.build();
    const [res, s] = await timed(ws.kiln(['publish', ws.name]));
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/authenticating with Keystone.*no answer for 2 s/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(s).toBeLessThan(30);
  });

  it('KILN_HTTP_TIMEOUT overrides api_timeout', async () => {
    const ws = workspace('silent', { a: { cloud: 'silent-slow', kind: 'kvm' } }, env());
    await ws.build();
    const res = await ws.kiln(['publish', ws.name], { KILN_HTTP_TIMEOUT: '1' });
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/no answer for 1 s/);
  });

  it('a KILN_HTTP_TIMEOUT that is not a number of seconds is bad input', async () => {
    const ws = workspace('silent', { a: { cloud: 'silent-slow', kind: 'kvm' } }, env());
    await ws.build();
    const res = await ws.kiln(['publish', ws.name], { KILN_HTTP_TIMEOUT: 'soon' });
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toContain("KILN_HTTP_TIMEOUT must be a positive number of seconds, not 'soon'");
  });
});

/** Sends SIGTERM to kiln once `ready` resolves, and measures how long kiln takes to exit after it. */
function terminateWhen(ready: Promise<void>) {
  let child: ChildProcess | undefined;
  let sentAt = 0;
  const onSpawn = (c: ChildProcess) => {
    child = c;
    void ready.then(() => {
      sentAt = Date.now();
      c.kill('SIGTERM');
    });
  };
  const afterSignal = async () => {
    if (child!.exitCode === null && child!.signalCode === null) await once(child!, 'exit');
    return (Date.now() - sentAt) / 1000;
  };
  return { onSpawn, afterSignal };
}

describe('SIGTERM stops a publish promptly at a safe point', () => {
  it('while waiting on a Keystone that never answers', async () => {
    const ws = workspace('silent', { a: { cloud: 'silent-slow', kind: 'kvm' } }, env());
    await ws.build();
    const before = sockets.length;
    const connected = new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (sockets.length > before) {
          clearInterval(poll);
          resolve();
        }
      }, 50);
    });
    const t = terminateWhen(connected);
    const res = await ws.kiln(['publish', ws.name], {}, t.onSpawn);
    expect(await t.afterSignal()).toBeLessThan(5);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/stopped \(SIGINT\/SIGTERM\)/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('with an upload in flight: the staging image is deleted, the old image keeps the name, a re-run publishes', async () => {
    const ws = workspace('stop', { a: { cloud: 'proxied', kind: 'kvm', keep: 3 } }, env());
    await ws.build();
    const first = await ws.kiln(['publish', ws.name]);
    expect(first.code, first.stderr).toBe(0);
    const old = (await nameState(admin, ws.name)).active[0]!;

    const build = await ws.build();
    let arrived!: () => void;
    const uploaded = new Promise<void>((r) => (arrived = r));
    proxy.arm({ kind: 'upload', nth: 1, action: 'stall', hook: () => arrived() });
    const t = terminateWhen(uploaded);
    const res = await ws.kiln(['publish', ws.name], {}, t.onSpawn);
    proxy.arm(undefined);
    expect(await t.afterSignal()).toBeLessThan(5);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/stopped \(SIGINT\/SIGTERM\)/);

    const st = await nameState(admin, ws.name);
    expect(st.active.map((i) => i.id)).toEqual([old.id]);
    expect(
      st.stagings.filter((i) => i.status !== 'deleted'),
      'the staging image was deleted',
    ).toEqual([]);

    const rerun = await ws.kiln(['publish', ws.name]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect((await nameState(admin, ws.name)).active[0]).toMatchObject({ kiln_build_key: build.key });
  });
});
