// The shared dev cloud fixture: real Keystone and Glance, reused across processes, usable through
// the clouds it writes.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { beforeAll, expect, it } from 'vitest';
import { kiln } from '../support/cli.js';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { DEV_CLOUD, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD]);

let cloud: DevCloud;
beforeAll(async () => {
  cloud = await devCloud();
});

describe('shared dev cloud', () => {
  it('serves Keystone v3 and two Glance regions', async () => {
    const ks = await fetch(`${cloud.keystoneUrl}/v3`);
    expect(ks.status).toBe(200);
    expect(Object.keys(cloud.glanceUrls).sort()).toEqual(['RegionOne', 'RegionTwo']);
    for (const url of Object.values(cloud.glanceUrls)) {
      expect((await fetch(`${url}/healthcheck`)).status).toBe(200);
      // Without a token Glance refuses: it really checks with Keystone.
      expect((await fetch(`${url}/v2/images`)).status).toBe(401);
    }
  });

  it('writes a clouds.yaml with the admin, member and second-site clouds', () => {
    const doc = parse(readFileSync(cloud.cloudsYaml, 'utf8')) as {
      clouds: Record<string, { region_name: string }>;
    };
    expect(Object.keys(doc.clouds).sort()).toEqual(
      [cloud.clouds.admin, cloud.clouds.member, cloud.clouds.siteB].sort(),
    );
    expect(doc.clouds[cloud.clouds.siteB].region_name).toBe('RegionTwo');
  });

  it('is reused by another process running kiln dev-cloud up on the same folder', () => {
    const res = kiln(['dev-cloud', 'up', '--dir', cloud.dir]);
    expect(res.stderr).toContain('already running');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`export OS_CLIENT_CONFIG_FILE=${cloud.cloudsYaml}`);
    expect(res.stdout).toContain(`export OS_CLOUD=${cloud.clouds.admin}`);
  });

  it('prints export lines for a chosen cloud and refuses an unknown one', () => {
    const ok = kiln(['dev-cloud', 'env', '--dir', cloud.dir, '--cloud', cloud.clouds.member]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`export OS_CLOUD=${cloud.clouds.member}`);
    const bad = kiln(['dev-cloud', 'env', '--dir', cloud.dir, '--cloud', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown cloud 'nope'");
  });

  it('rejects a missing or unknown action with exit 2', () => {
    expect(kiln(['dev-cloud']).code).toBe(2);
    const res = kiln(['dev-cloud', 'sideways']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('usage: kiln dev-cloud');
  });

  it('does not print its passwords', () => {
    const res = kiln(['dev-cloud', 'up', '--dir', cloud.dir]);
    expect(res.stdout + res.stderr).not.toContain(cloud.passwords.admin);
  });
});
