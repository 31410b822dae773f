import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groupLeadersWith, stopGroupGently } from '../../src/image-build/dib-stop.js';

const marker = `kiln-stop-test-${process.pid}-${Date.now()}`;
const alive = (pid: number) => {
  try {
    // A zombie still answers kill(0); it has stopped running all the same.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('stopping DIB gently', () => {
  it('signals the leader and its workers but spares the log helper', async () => {
    // Like DIB: a bash leader with an EXIT trap, a worker, and a log helper named outfilter.py.
    const script = [
      'trap "echo leader-cleanup" EXIT',
      '(exec -a /x/outfilter.py sleep 30) & echo helper=$!',
      'sleep 30 & echo worker=$!',
      'wait',
    ].join('\n');
    const leader = spawn('bash', ['-c', script, marker], { detached: true });
    let out = '';
    leader.stdout.on('data', (d) => (out += d));
    const exited = new Promise<string>((r) => leader.on('exit', (code, sig) => r(sig ?? String(code))));
    while (!/worker=\d+/.test(out)) await new Promise((r) => setTimeout(r, 50));
    const helper = Number(/helper=(\d+)/.exec(out)![1]);
    const worker = Number(/worker=(\d+)/.exec(out)![1]);
    expect(await groupLeadersWith(marker)).toEqual([leader.pid]);
    expect(await groupLeadersWith('no-such-marker-anywhere')).toEqual([]);

    const handle = stopGroupGently(marker, 30);
    expect(await exited).toBe('SIGTERM');
    handle.done();
    await new Promise((r) => setTimeout(r, 200));
    expect(out).toContain('leader-cleanup');
    expect(alive(worker)).toBe(false);
    expect(alive(helper)).toBe(true);
    process.kill(-leader.pid!, 'SIGKILL');
  });
});
