// CC-Images' catalogue end to end on the dev cloud, through the bundled CLI: it validates, `kiln lock`
// pins its branch (a local git repository), plan names the arm64 build `-ARM64`, and publish sends
// that build to the bare-metal site only (the KVM site takes amd64), saying so in the dry run.
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { GlanceClient } from '../../src/openstack/glance-types.js';
import { kilnAsync } from '../support/cli.js';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { CC_SITES, CC_THIRD_PARTY, chameleonRepo, gitRepo } from '../support/chameleon-catalogue.js';
import { writeRecord } from './fixtures.js';
import { nameState, readJson } from './workspace.js';
import { DEV_CLOUD, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD]);

let cloud: DevCloud;
let metal: GlanceClient;
let kvm: GlanceClient;

beforeAll(async () => {
  cloud = await devCloud();
  metal = await cloud.glance(cloud.clouds.admin);
  kvm = await cloud.glance(cloud.clouds.siteB);
});

describe("CC-Images' catalogue on the dev cloud", () => {
  it('validates, locks, plans, and publishes the arm64 build only to the bare-metal site as -ARM64', async () => {
    const heat = gitRepo(join(chameleonRepo({}), 'heat-agents'), 'stable/xena');
    const commit = heat.commit('heat-agents for xena');
    const dir = chameleonRepo({
      'config/sites.yaml': CC_SITES({ tacc: cloud.clouds.admin, kvm: cloud.clouds.siteB }),
      'config/third-party.yaml': CC_THIRD_PARTY(heat.dir),
    });
    const env = cloud.env();
    const kiln = (...args: string[]) => kilnAsync(args, { cwd: dir, env });

    let res = await kiln('validate');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("branch 'stable/xena' of 'heat-agents' is not in third-party.lock.yaml");
    res = await kiln('lock');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe(`heat-agents: stable/xena at ${commit} (locked)\n`);
    res = await kiln('validate');
    expect(res.code, res.stderr).toBe(0);

    res = await kiln('plan', 'CC-Ubuntu22.04');
    expect(res.code, res.stderr).toBe(0);
    const plan = JSON.parse(res.stdout) as { images: { name: string; arch: string; key: string }[] };
    const builds = plan.images.filter((b) => b.name === 'CC-Ubuntu22.04');
    expect(builds.map((b) => b.arch)).toEqual(['amd64', 'arm64']);

    const out = join(dir, 'out');
    const records = Object.fromEntries(
      builds.map((b) => [
        b.arch,
        writeRecord(out, b.name, { arch: b.arch as 'amd64' | 'arm64', key: b.key }),
      ]),
    );

    res = await kiln('publish', 'CC-Ubuntu22.04', '--from', 'out', '--dry-run');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(
      'CC-Ubuntu22.04 (arm64) on site KVM@TACC: skipped: site KVM@TACC takes only amd64 (architectures in sites.yaml)',
    );
    expect(res.stdout).toContain("CC-Ubuntu22.04 (arm64) on site CHI@TACC -> 'CC-Ubuntu22.04-ARM64'");
    expect(res.stdout).not.toContain("on site KVM@TACC -> 'CC-Ubuntu22.04-ARM64'");

    // Naming the KVM site for the arm64 build is bad input, and changes nothing.
    res = await kiln('publish', 'CC-Ubuntu22.04', '--from', 'out', '--site', 'KVM@TACC');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(
      "--site KVM@TACC: the arm64 build of 'CC-Ubuntu22.04' is never published there",
    );

    res = await kiln('publish', 'CC-Ubuntu22.04', '--from', 'out');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('CC-Ubuntu22.04 (arm64) on site KVM@TACC: skipped');
    const armOnMetal = await nameState(metal, 'CC-Ubuntu22.04-ARM64');
    expect(armOnMetal.active).toHaveLength(1);
    expect(armOnMetal.active[0]).toMatchObject({
      kiln_build_key: records.arm64!.key,
      architecture: 'aarch64',
      visibility: 'public',
    });
    expect((await nameState(kvm, 'CC-Ubuntu22.04-ARM64')).all).toEqual([]);
    for (const glance of [metal, kvm]) {
      const amd = await nameState(glance, 'CC-Ubuntu22.04');
      expect(amd.active.map((i) => i.kiln_build_key)).toEqual([records.amd64!.key]);
    }
    expect(readJson(join(records.arm64!.dir, 'publish-CHI@TACC.json'))).toMatchObject({
      image_name: 'CC-Ubuntu22.04-ARM64',
      status: 'published',
    });
  });
});
