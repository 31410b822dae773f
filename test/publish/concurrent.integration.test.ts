// Two `kiln publish` runs of one image at once, against the dev cloud's real Glance. Run A's upload is
// held by the fault proxy (a slow upload) while run B starts: B finds A's staging image with a fresh
// heartbeat, says so (with its ID) and waits instead of deleting it as a leftover; when A has swapped,
// B publishes its own build over it. Both succeed; the last one's build holds the name.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GlanceClient } from '../../src/openstack/glance-types.js';
import { TAG_ARCHIVED } from '../../src/publish/kiln-markers.js';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { cloudsFileWith } from '../support/clouds-file.js';
import { nameState, workspace } from './workspace.js';
import { DEV_CLOUD, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD, 'qemu-img']);

let cloud: DevCloud;
let admin: GlanceClient;
let proxy: FaultProxy;
let cloudsFile: string;

beforeAll(async () => {
  cloud = await devCloud();
  admin = await cloud.glance(cloud.clouds.admin);
  proxy = await new FaultProxy(cloud.keystoneUrl, cloud.glanceUrls.RegionOne!).start();
  cloudsFile = cloudsFileWith(cloud, 'conc', { proxied: { auth_url: `${proxy.url}/v3` } });
});

afterAll(async () => {
  await proxy?.stop();
});

describe('concurrent publishers of one image', () => {
  it('the second waits for the first instead of deleting its staging image; both succeed, the last build wins', async () => {
    const ws = workspace(
      'conc',
      { a: { cloud: 'proxied', kind: 'kvm', keep: 3 } },
      {
        ...cloud.env(),
        OS_CLIENT_CONFIG_FILE: cloudsFile,
      },
    );
    const buildA = await ws.build();
    const outA = join(ws.dir, 'out-a');
    cpSync(ws.out, outA, { recursive: true });
    const buildB = await ws.build();

    const { held, release } = proxy.holdNth('upload');
    const runA = ws.kiln(['publish', ws.name, '--from', outA]);
    await held;
    const stagingA = (await nameState(admin, ws.name)).stagings[0]!;
    expect(stagingA.kiln_heartbeat).toMatch(/^\d{4}-\d\d-\d\dT.* .+:\d+$/);

    const runB = ws.kiln(['publish', ws.name]);
    // B has had time to inspect and would have deleted A's staging image as a leftover by now.
    await new Promise((r) => setTimeout(r, 8000));
    expect(await admin.getImage(stagingA.id)).toMatchObject({ id: stagingA.id });
    release();

    const [a, b] = await Promise.all([runA, runB]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toContain(
      `another publish is in progress (staging image ${stagingA.id} (started ${stagingA.created_at}`,
    );

    const st = await nameState(admin, ws.name);
    expect(st.active).toHaveLength(1);
    expect(st.active[0]).toMatchObject({ kiln_build_key: buildB.key });
    const archivedA = st.all.find((i) => i.kiln_build_key === buildA.key)!;
    expect(archivedA.id).toBe(stagingA.id);
    expect(archivedA.tags).toContain(TAG_ARCHIVED);
    expect(st.stagings).toEqual([]);
  });
});
