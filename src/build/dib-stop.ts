// Stopping a running disk-image-create so that it cleans up. DIB unmounts and detaches its loop
// devices in an EXIT trap of its main bash process, which logs through a helper process
// (outfilter.py) of the same process group. SIGTERM to the whole group kills that helper too, and
// the cleanup then dies of SIGPIPE half-way, leaving mounts behind. So only the group leader (the
// bash process) gets SIGTERM; the group is killed only if it is still there after the grace period.
import { readdir, readFile } from 'node:fs/promises';

/** Pids of process-group leaders whose command line contains `marker` (read from /proc). */
export async function groupLeadersWith(marker: string, proc = '/proc'): Promise<number[]> {
  const out: number[] = [];
  for (const name of await readdir(proc).catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = await readFile(`${proc}/${name}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.split('\0').includes(marker)) continue;
    const stat = await readFile(`${proc}/${name}/stat`, 'utf8').catch(() => '');
    // Fields after the parenthesised command name: state ppid pgrp ...
    const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    if (pgrp === Number(name)) out.push(pgrp);
  }
  return out;
}

export interface StopHandle {
  /** Call when the builder has exited: cancels the pending SIGKILL. */
  done(): void;
}

/** SIGTERM to the leader of the group running with `marker` on its command line, SIGKILL later. */
export function stopGroupGently(marker: string, graceSeconds: number): StopHandle {
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  const signal = (pid: number, sig: NodeJS.Signals) => {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  };
  void groupLeadersWith(marker).then((leaders) => {
    if (finished) return;
    for (const pid of leaders) signal(pid, 'SIGTERM');
    timer = setTimeout(() => leaders.forEach((pid) => signal(-pid, 'SIGKILL')), graceSeconds * 1000);
    timer.unref();
  });
  return {
    done() {
      finished = true;
      if (timer) clearTimeout(timer);
    },
  };
}
