// Keystone's bootstrap with the real keystone-manage: a random admin password can start with '-'
// (base64url), which must not be read as an option.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { DevCloudState } from '../../src/devcloud/dev-cloud.js';
import { initKeystone } from '../../src/devcloud/initialise.js';
import { run } from '../../src/exec.js';
import { describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled(['keystone-manage']);

describe('initKeystone', () => {
  it('bootstraps with a password that starts with a dash', async () => {
    const dir = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'keystone-init-'));
    const state: DevCloudState = {
      dir,
      keystoneUrl: 'http://127.0.0.1:1',
      keystonePort: 1,
      glances: [],
      cloudsYaml: join(dir, 'clouds.yaml'),
      clouds: { admin: 'a', member: 'm', siteB: 'b' },
      passwords: { admin: '-Dash_first-0', member: 'member-pw' },
    };
    const calls: string[][] = [];
    const recording: typeof run = (cmd, args, options) => {
      calls.push([cmd, ...args]);
      return run(cmd, args, options);
    };
    await initKeystone(state, recording);
    const bootstrap = calls.find((c) => c.includes('bootstrap'))!;
    expect(bootstrap).toContain('--bootstrap-password=-Dash_first-0');
  }, 120_000);
});
