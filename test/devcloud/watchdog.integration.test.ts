// The watchdog stops a dev cloud's services when the process that owns the cloud dies without `down`.
// Stand-in services here are `sleep` processes in their own process groups, recorded like the real ones.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive, startDaemon, writePid } from '../../src/devcloud/daemon.js';
import { watchOwner } from '../../src/devcloud/watchdog.js';

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

describe('dev cloud watchdog', () => {
  it('stops the services when the owner dies, and not before', async () => {
    const dir = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'watchdog-'));
    const services = ['keystone', 'glance-api-RegionOne'].map((name) => {
      const pid = startDaemon({
        name,
        cmd: 'sleep',
        args: ['600'],
        env: process.env,
        cwd: dir,
        logFile: join(dir, `${name}.log`),
      });
      return { name, pid };
    });
    for (const s of services) await writePid(join(dir, `${s.name}.pid`), s.pid);
    const owner = spawn('sleep', ['600'], { stdio: 'ignore' });
    await watchOwner(dir, owner.pid!);

    await new Promise((r) => setTimeout(r, 2500));
    expect(services.every((s) => isAlive(s.pid))).toBe(true);

    owner.kill('SIGKILL');
    expect(await until(() => services.every((s) => !isAlive(s.pid)), 30_000)).toBe(true);
  });
});
