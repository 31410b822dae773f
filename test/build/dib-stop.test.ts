import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { groupLeadersWith, stopGroupGently } from '../../src/build/dib-stop.js';

const marker = `kiln-stop-test-${process.pid}-${Date.now()}`;

describe('stopping DIB gently', () => {
  it('finds the group leader by its command line and sends it alone SIGTERM', async () => {
    // The leader traps TERM and reports it; its child in the same group must not be signalled.
    const leader = spawn(
      'bash',
      ['-c', 'trap "echo leader-got-term; exit 7" TERM; sleep 30 & wait', marker],
      {
        detached: true,
      },
    );
    const other = spawn('bash', ['-c', 'sleep 30', `${marker}-not-a-leader`]);
    let out = '';
    leader.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => leader.on('exit', (code) => r(code)));
    await new Promise((r) => setTimeout(r, 300));
    expect(await groupLeadersWith(marker)).toEqual([leader.pid]);
    expect(await groupLeadersWith(`${marker}-not-a-leader`)).toEqual([]);

    const handle = stopGroupGently(marker, 30);
    expect(await exited).toBe(7);
    handle.done();
    expect(out).toContain('leader-got-term');
    expect(await groupLeadersWith(marker)).toEqual([]);
    // The leader's background sleep was not signalled with it: its group is still there.
    expect(() => process.kill(-leader.pid!, 0)).not.toThrow();
    process.kill(-leader.pid!, 'SIGKILL');
    other.kill('SIGKILL');
  });
});
