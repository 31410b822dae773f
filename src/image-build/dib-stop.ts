// Stopping a running disk-image-create so that it cleans up. DIB unmounts and detaches its loop
// devices in an EXIT trap of its main bash process, which logs through a helper process
// (outfilter.py) of the same process group. SIGTERM to the whole group kills that helper too, and
// the cleanup then dies of SIGPIPE half-way; SIGTERM to the main process alone lets the cleanup
// race the still-running chroot commands (busy mounts). So every process of the group except the
// log helper gets SIGTERM; the whole group is killed only if still there after the grace period.
//
// A process that starts inside the image's chroot after that snapshot (a script forking as it
// dies, apt starting dpkg) never hears the stop, keeps the image's root busy, and DIB's cleanup
// then fails to unmount it (seen on a loaded CI machine: the build's loop device stayed mounted).
// So until DIB exits, processes whose root is inside the chroot are signalled again: SIGTERM the
// first time one is seen, SIGKILL the next. None of DIB's own cleanup runs inside the chroot.
import { listProcesses, processesInside } from './processes.js';

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

/** How often the chroot is searched for processes while DIB cleans up. */
const CHROOT_POLL_MS = 500;

export interface StopHandle {
  /** Call when the builder has exited: cancels the pending SIGKILL and the chroot search. */
  done(): void;
}

/**
 * Stops the process group running with `marker` on its leader's command line (see above);
 * `chroot()` names the image's chroot folder once DIB has said where it builds.
 */
export function stopGroupGently(
  marker: string,
  graceSeconds: number,
  chroot: () => string | undefined = () => undefined,
): StopHandle {
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  const signal = (pid: number, sig: NodeJS.Signals) => {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  };
  const warned = new Set<number>();
  const reapChroot = async (): Promise<void> => {
    const dir = chroot();
    for (const pid of dir && !finished ? await processesInside(dir) : []) {
      signal(pid, warned.has(pid) ? 'SIGKILL' : 'SIGTERM');
      warned.add(pid);
    }
    if (!finished) setTimeout(() => void reapChroot(), CHROOT_POLL_MS).unref();
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
    setTimeout(() => void reapChroot(), CHROOT_POLL_MS).unref();
  })();
  return {
    done() {
      finished = true;
      if (timer) clearTimeout(timer);
    },
  };
}
