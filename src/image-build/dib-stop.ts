// Stopping a running disk-image-create so that it cleans up. DIB unmounts and detaches its loop
// devices in an EXIT trap of its main bash process, which logs through a helper process
// (outfilter.py) of the same process group. SIGTERM to the whole group kills that helper too, and
// the cleanup then dies of SIGPIPE half-way; SIGTERM to the main process alone lets the cleanup
// race the still-running chroot commands (busy mounts). So every process of the group except the
// log helper gets SIGTERM; the whole group is killed only if still there after the grace period.
import { listProcesses } from './processes.js';

/** Pids of process-group leaders with `marker` as one of their arguments (read from /proc). */
export async function groupLeadersWith(marker: string, proc = '/proc'): Promise<number[]> {
  return (await listProcesses(proc))
    .filter((p) => p.pgrp === p.pid && p.args.includes(marker))
    .map((p) => p.pid);
}

/** Members of the groups led by `leaders` that must be stopped: all but DIB's log helper. */
async function membersToStop(leaders: number[], proc = '/proc'): Promise<number[]> {
  return (await listProcesses(proc))
    .filter((p) => leaders.includes(p.pgrp) && !p.args.some((a) => a.endsWith('outfilter.py')))
    .map((p) => p.pid);
}

export interface StopHandle {
  /** Call when the builder has exited: cancels the pending SIGKILL. */
  done(): void;
}

/** Stops the process group running with `marker` on its leader's command line (see above). */
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
  void (async () => {
    const leaders = await groupLeadersWith(marker);
    const members = await membersToStop(leaders);
    if (finished) return;
    // Workers first, so the chroot commands are on their way out when the cleanup starts.
    for (const pid of members.filter((p) => !leaders.includes(p))) signal(pid, 'SIGTERM');
    for (const pid of leaders) signal(pid, 'SIGTERM');
    timer = setTimeout(() => leaders.forEach((pid) => signal(-pid, 'SIGKILL')), graceSeconds * 1000);
    timer.unref();
  })();
  return {
    done() {
      finished = true;
      if (timer) clearTimeout(timer);
    },
  };
}
