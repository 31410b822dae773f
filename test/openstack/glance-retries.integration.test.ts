// What the Glance client repeats and what it never repeats. Requests go to the real dev cloud through
// a transport that injects one fault at a chosen request (a 5xx before or after Glance acted, or a
// connection reset), so the test can check what Glance really holds afterwards.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { WorldError } from '../../src/errors.js';
import { resolveCloud } from '../../src/openstack/connect.js';
import { HttpGlanceClient } from '../../src/openstack/glance.js';
import type { GlanceClient } from '../../src/openstack/glance-types.js';
import {
  httpTransport,
  TransportError,
  type HttpRequest,
  type HttpTransport,
} from '../../src/openstack/http.js';
import { KeystoneSession } from '../../src/openstack/keystone.js';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { capturingLogger } from './capturing-logger.js';
import { DEV_CLOUD, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD]);

type Fault = 'reset-before' | 'status-before' | 'status-after';
interface Planned {
  method: string;
  path: RegExp;
  fault: Fault;
  status?: number;
}

let cloud: DevCloud;
let glance: GlanceClient;
beforeAll(async () => {
  cloud = await devCloud();
  glance = await cloud.glance();
});

function flakyClient() {
  const real = httpTransport();
  const plan: Planned[] = [];
  const calls: string[] = [];
  const sleeps: number[] = [];
  const transport: HttpTransport = async (req: HttpRequest) => {
    const url = new URL(req.url);
    calls.push(`${req.method} ${url.pathname}`);
    const i = plan.findIndex((p) => p.method === req.method && p.path.test(url.pathname));
    const step = i >= 0 ? plan.splice(i, 1)[0] : undefined;
    const answer = (status: number) => ({
      status,
      headers: {},
      body: Buffer.from(JSON.stringify({ message: 'injected by the test', code: String(status) })),
    });
    if (step?.fault === 'reset-before') throw new TransportError('socket hang up', 'ECONNRESET');
    if (step?.fault === 'status-before') return answer(step.status ?? 503);
    const res = await real(req);
    return step?.fault === 'status-after' ? answer(step.status ?? 500) : res;
  };
  const { logger, lines } = capturingLogger();
  const cfg = resolveCloud({
    cloud: cloud.clouds.admin,
    env: { OS_CLIENT_CONFIG_FILE: cloud.cloudsYaml },
    cwd: cloud.dir,
  });
  const session = new KeystoneSession({ cloud: cfg, transport, logger, label: 'cloud flaky' });
  const client = new HttpGlanceClient({
    session,
    logger,
    sleep: async (ms) => void sleeps.push(ms),
  });
  const imageCalls = (method: string) => calls.filter((c) => c.startsWith(`${method} /v2/images`));
  return { client, plan, calls, imageCalls, sleeps, lines };
}

const newImage = (client: GlanceClient, prefix: string) =>
  client.createImage({
    name: cloud.uniqueName(prefix),
    disk_format: 'raw',
    container_format: 'bare',
    visibility: 'private',
  });

describe('Glance client retries', () => {
  it('repeats a list after 5xx answers, with growing pauses and a warning each time', async () => {
    const f = flakyClient();
    const image = await newImage(f.client, 'retry-list');
    f.plan.push({ method: 'GET', path: /^\/v2\/images$/, fault: 'status-before' });
    f.plan.push({ method: 'GET', path: /^\/v2\/images$/, fault: 'reset-before' });
    const found = await f.client.listImages({ name: image.name! });
    expect(found.map((i) => i.id)).toEqual([image.id]);
    expect(f.sleeps).toEqual([500, 1000]);
    expect(f.lines.filter((l) => l.startsWith('warning: listing images')).length).toBe(2);
    await f.client.deleteImage(image.id);
  });

  it('gives up after its attempts with what Glance answered', async () => {
    const f = flakyClient();
    await f.client.listImages({ name: 'warm-up' });
    for (let i = 0; i < 4; i++)
      f.plan.push({ method: 'GET', path: /^\/v2\/images$/, fault: 'status-before', status: 503 });
    const err = await f.client.listImages({ name: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorldError);
    expect((err as Error).message).toBe(
      'listing images (name=x on cloud flaky): HTTP 503 Service Unavailable: injected by the test',
    );
    expect(f.sleeps).toEqual([500, 1000, 2000]);
  });

  it('never repeats a create, even when the answer was lost after Glance made the image', async () => {
    const f = flakyClient();
    await f.client.listImages({ name: 'warm-up' });
    const name = cloud.uniqueName('retry-create');
    f.plan.push({ method: 'POST', path: /^\/v2\/images$/, fault: 'status-after', status: 500 });
    const err = await f.client
      .createImage({ name, disk_format: 'raw', container_format: 'bare', visibility: 'private' })
      .catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      `creating image (image ${name} on cloud flaky): HTTP 500 Internal Server Error: injected by the test`,
    );
    expect(f.imageCalls('POST')).toHaveLength(1);
    const made = await glance.listImages({ name });
    expect(made).toHaveLength(1);
    await glance.deleteImage(made[0].id);
  });

  it('never repeats an upload', async () => {
    const f = flakyClient();
    const image = await newImage(f.client, 'retry-upload');
    const file = join(process.env.KILN_TEST_RUN_DIR!, `${image.id}.raw`);
    writeFileSync(file, randomBytes(64 * 1024));
    f.plan.push({ method: 'PUT', path: /\/file$/, fault: 'status-before', status: 502 });
    const err = await f.client.uploadImage(image.id, file).catch((e: unknown) => e);
    expect((err as Error).message).toContain(
      `uploading image data (image ${image.name} (${image.id}) on cloud flaky): HTTP 502`,
    );
    expect(f.imageCalls('PUT')).toHaveLength(1);
    expect((await glance.getImage(image.id))?.status).toBe('queued');
    await glance.deleteImage(image.id);
  });

  it('repeats a delete after a connection reset', async () => {
    const f = flakyClient();
    const image = await newImage(f.client, 'retry-delete');
    f.plan.push({ method: 'DELETE', path: /^\/v2\/images\//, fault: 'reset-before' });
    await f.client.deleteImage(image.id);
    expect(f.imageCalls('DELETE')).toHaveLength(2);
    expect(await glance.getImage(image.id)).toBeUndefined();
  });

  it('repeats a patch of replaces only, since add and remove are not idempotent in Glance', async () => {
    const f = flakyClient();
    const image = await newImage(f.client, 'retry-patch');
    const renamed = cloud.uniqueName('retry-patched');
    f.plan.push({ method: 'PATCH', path: /^\/v2\/images\//, fault: 'status-after', status: 502 });
    const after = await f.client.updateImage(image.id, [{ op: 'replace', path: '/name', value: renamed }]);
    expect(after.name).toBe(renamed);
    expect(f.imageCalls('PATCH')).toHaveLength(2);

    f.plan.push({ method: 'PATCH', path: /^\/v2\/images\//, fault: 'status-before', status: 502 });
    const err = await f.client
      .updateImage(image.id, [{ op: 'add', path: '/kiln_note', value: 'x' }])
      .catch((e: unknown) => e);
    expect((err as Error).message).toContain('updating image (add /kiln_note="x")');
    expect(f.imageCalls('PATCH')).toHaveLength(3);
    await glance.deleteImage(image.id);
  });

  it('stops an upload when aborted, leaving the image without data', async () => {
    const image = await newImage(glance, 'abort-upload');
    const file = join(process.env.KILN_TEST_RUN_DIR!, `${image.id}.raw`);
    writeFileSync(file, randomBytes(32 * 1024 * 1024));
    const abort = new AbortController();
    const err = await glance
      .uploadImage(image.id, file, {
        signal: abort.signal,
        onProgress: (p) => {
          if (p.sent > 4 * 1024 * 1024) abort.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorldError);
    expect((err as Error).message).toMatch(/uploading image data .*: aborted/);
    const after = await glance.waitForStatus(image.id, ['queued'], 30_000);
    expect(after.size ?? null).toBeNull();
    await glance.deleteImage(image.id);
  });
});
