// `kiln dev-cloud up|down` as users run it, on a cloud of its own (not the shared fixture): two
// concurrent `up` make one cloud, `down` leaves no process behind, `up` again brings back the same
// cloud with its images, `down --purge` removes everything.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readState } from '../../src/devcloud/dev-cloud.js';
import type { DevCloudState } from '../../src/devcloud/dev-cloud-state.js';
import { silentLogger } from '../../src/log.js';
import { connectGlance } from '../../src/openstack/connect.js';
import { CLI, kiln } from '../support/cli.js';
import { DEV_CLOUD, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD]);

const dir = join(process.env.KILN_TEST_RUN_DIR!, 'lifecycle-cloud');

function kilnAsync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 128, stdout, stderr }));
  });
}

function pids(state: DevCloudState): number[] {
  return [
    'keystone',
    ...state.glances.map((g) => `glance-api-${g.region}`),
    ...state.barbicans.map((b) => `barbican-api-${b.region}`),
  ].map((n) => Number(readFileSync(join(state.dir, `${n}.pid`), 'utf8')));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(() => {
  kiln(['dev-cloud', 'down', '--dir', dir, '--purge']);
});

describe('kiln dev-cloud lifecycle', () => {
  it('starts once for two concurrent ups, stops cleanly, restarts with its images, purges', async () => {
    const [a, b] = await Promise.all([
      kilnAsync(['dev-cloud', 'up', '--dir', dir]),
      kilnAsync(['dev-cloud', 'up', '--dir', dir]),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect([a.stderr, b.stderr].filter((e) => e.includes('already running'))).toHaveLength(1);
    expect(a.stderr + b.stderr).toMatch(/Barbican RegionOne http:\S+, RegionTwo http:/);
    const state = (await readState(dir))!;
    const running = pids(state);
    expect(running.every(alive)).toBe(true);

    const env = { OS_CLIENT_CONFIG_FILE: state.cloudsYaml };
    const glance = await connectGlance({ cloud: 'dev-admin', env, cwd: dir, logger: silentLogger });
    const image = await glance.createImage({
      name: 'survives-restart',
      disk_format: 'raw',
      container_format: 'bare',
      visibility: 'private',
    });

    const down = kiln(['dev-cloud', 'down', '--dir', dir]);
    expect(down.code, down.stderr).toBe(0);
    expect(running.filter(alive)).toEqual([]);
    expect((await fetch(`${state.keystoneUrl}/v3`).catch(() => undefined))?.status).toBeUndefined();

    const again = kiln(['dev-cloud', 'up', '--dir', dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('already running');
    const after = await connectGlance({ cloud: 'dev-admin', env, cwd: dir, logger: silentLogger });
    expect((await after.getImage(image.id))?.name).toBe('survives-restart');
    const restarted = pids(state);

    expect(kiln(['dev-cloud', 'down', '--dir', dir, '--purge']).code).toBe(0);
    expect(restarted.filter(alive)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  }, 600_000); // two clouds' worth of starts (Keystone, two Glances, two Barbicans) on a shared machine
});
