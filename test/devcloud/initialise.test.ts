// Keystone's bootstrap: a random admin password can start with '-' (base64url), which keystone-manage
// must not read as an option. The argv is what matters here; every dev cloud the integration suite
// starts runs the real keystone-manage with a random password.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DevCloudState } from '../../src/devcloud/dev-cloud-state.js';
import { initKeystone } from '../../src/devcloud/initialise.js';
import type { Runner } from '../../src/exec.js';

describe('initKeystone', () => {
  it('bootstraps with a password that starts with a dash', async () => {
    const dir = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'keystone-init-'));
    const state: DevCloudState = {
      dir,
      keystoneUrl: 'http://127.0.0.1:1',
      keystonePort: 1,
      glances: [],
      barbicans: [],
      cloudsYaml: join(dir, 'clouds.yaml'),
      clouds: { admin: 'a', member: 'm', siteB: 'b' },
      passwords: { admin: '-Dash_first-0', member: 'member-pw' },
    };
    const calls: string[][] = [];
    const recording: Runner = async (cmd, args) => {
      calls.push([cmd, ...args]);
      return { code: 0, signal: null, stdout: cmd === 'id' ? 'root\n' : '', stderr: '' };
    };
    await initKeystone(state, recording);
    const bootstrap = calls.find((c) => c.includes('bootstrap'))!;
    expect(bootstrap).toContain('--bootstrap-password=-Dash_first-0');
    expect(bootstrap).not.toContain('-Dash_first-0');
  });
});
