import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupLeadersWith, stopGroupGently } from '../../src/image-build/dib-stop.js';
import { isRoot, minimalChroot } from '../support/minimal-chroot.js';
import { itIfInstalled } from '../support/requires.js';

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

  itIfInstalled([{ missing: () => (isRoot ? [] : ['root (to mount a chroot)']) }, 'chroot'])(
    'stops a process that enters the chroot after the stop began, while the cleanup still runs',
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'kiln-chroot-'));
      const release = minimalChroot(root);
      let late: ReturnType<typeof spawn> | undefined;
      try {
        // The leader's cleanup takes a while, as DIB's unmounting does.
        const script = ['trap "sleep 4; echo leader-cleanup" EXIT', 'sleep 30 & wait'].join('\n');
        const leader = spawn('bash', ['-c', script, marker], { detached: true });
        let out = '';
        leader.stdout.on('data', (d) => (out += d));
        const leaderDone = new Promise<void>((r) => leader.on('exit', () => r()));
        await new Promise((r) => setTimeout(r, 300));
        const handle = stopGroupGently(marker, 30, () => root);
        await new Promise((r) => setTimeout(r, 300));
        // Not in the group, started after the stop, deaf to SIGTERM: only the chroot search finds it.
        const child = spawn('chroot', [root, '/usr/bin/bash', '-c', 'trap "" TERM; exec /usr/bin/sleep 60']);
        late = child;
        const lateDone = new Promise<string | null>((r) => child.on('exit', (_c, sig) => r(sig)));
        const first = await Promise.race([lateDone.then(() => 'late'), leaderDone.then(() => 'leader')]);
        expect(first).toBe('late');
        expect(await lateDone).toBe('SIGKILL');
        await leaderDone;
        handle.done();
        expect(out).toContain('leader-cleanup');
      } finally {
        late?.kill('SIGKILL');
        release();
        rmSync(root, { recursive: true, force: true });
      }
    },
    30_000,
  );
});
