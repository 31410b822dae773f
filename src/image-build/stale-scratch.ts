// Scratch folders (`<cache>/builds/.work-*`) left by a kiln that died without removing them (SIGKILL,
// the OOM killer): a DIB build's is ~330 MB. `kiln build` removes them when it starts, but only a
// folder whose kiln is dead (scratch-owner.ts) AND that no process uses: a builder outlives a killed
// kiln (it writes its own log file) and may still be writing into the folder for minutes.
//
// "Uses" is read from /proc, for every process: its arguments, its working and root directory and
// its open files. The arguments are what make this robust: a builder's main process names the folder
// in its argument array for its whole life (DIB's `-o`, Packer's `-var kiln_output_dir=`), including
// its cleanup, while DIB works in its own TMP_DIR and opens the folder only to write the image at
// the end, so open files alone would miss it. Open files and directories catch the rest (a
// `qemu-img convert` writing there, anything started inside it). A lock file would need the builder
// to hold it, which neither DIB nor Packer does, and an fd handed down can be closed by `sudo`.
import { lstat, readdir, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { describeError } from '../errors.js';
import { humanSize } from '../human-size.js';
import type { Logger } from '../log.js';
import { workDirPid } from './build-index.js';
import { exited, heldPaths, listProcesses, mentions, procStat, type ProcInfo } from './processes.js';
import { within } from '../within.js';
import { mountPoints } from './mount-table.js';
import { ownerState, readOwner } from './scratch-owner.js';

export interface ScratchDeps {
  logger: Logger;
  /** Where /proc is (tests). */
  proc?: string;
}

/** A dead kiln's scratch folder that live processes (its orphaned builder) still use. */
export interface OrphanedScratch {
  dir: string;
  users: ProcInfo[];
}

const describeProcess = (p: ProcInfo): string => `pid ${p.pid} (${p.args.join(' ').slice(0, 200)})`;

/** Bytes a folder takes on disk (what removing it frees). */
async function diskUsage(path: string): Promise<number> {
  const st = await lstat(path).catch(() => undefined);
  if (!st) return 0;
  let bytes = st.blocks * 512;
  if (st.isDirectory()) {
    for (const name of await readdir(path).catch(() => [] as string[]))
      bytes += await diskUsage(join(path, name));
  }
  return bytes;
}

/**
 * Removes the scratch folders under `root` (the build index's folder) of kilns that are dead and
 * that nothing uses; logs each with its size. Returns the dead kilns' folders still in use.
 */
export async function sweepScratch(root: string, deps: ScratchDeps): Promise<OrphanedScratch[]> {
  const { logger } = deps;
  const proc = deps.proc ?? '/proc';
  const dead: { dir: string; pid: number }[] = [];
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const pid = workDirPid(name);
    if (pid === undefined) continue;
    const dir = join(root, name);
    const owner = await readOwner(dir);
    const state = await ownerState(owner, pid, proc);
    if (state === 'dead') dead.push({ dir, pid });
    else if (state === 'elsewhere')
      logger.info(
        `kept scratch folder ${dir}: made by kiln pid ${pid} on ${owner!.host} (${owner!.pidns}), whose processes are not visible from here; remove it by hand once no kiln there runs`,
      );
  }
  if (dead.length === 0) return [];
  // Without the process table nothing can be shown unused: keep everything.
  if (exited(await procStat(process.pid, proc))) {
    logger.warn(`cannot read the process table (${proc}): stale scratch folders under ${root} are kept`);
    return [];
  }
  const mounts = await mountPoints(proc);
  const processes = await listProcesses(proc);
  const held = new Map(
    await Promise.all(processes.map(async (p) => [p, await heldPaths(p.pid, proc)] as const)),
  );
  const orphaned: OrphanedScratch[] = [];
  for (const { dir, pid } of dead) {
    const mount = mounts.find((m) => within(m, dir));
    if (mount) {
      logger.warn(
        `kept scratch folder ${dir} of a dead kiln (pid ${pid}): ${mount} is mounted inside it; unmount it, then remove the folder`,
      );
      continue;
    }
    const users = processes.filter((p) => mentions(p.args, dir) || held.get(p)!.some((h) => within(h, dir)));
    if (users.length > 0) {
      logger.info(
        `kept scratch folder ${dir} of a dead kiln (pid ${pid}): still used by ${users.map(describeProcess).join(', ')}`,
      );
      orphaned.push({ dir, users });
      continue;
    }
    const bytes = await diskUsage(dir);
    try {
      await rm(dir, { recursive: true, force: true });
      logger.info(`removed stale scratch folder ${dir} (${humanSize(bytes)}) of a dead kiln (pid ${pid})`);
    } catch (err) {
      logger.warn(`could not remove stale scratch folder ${dir}: ${describeError(err)}`);
    }
  }
  return orphaned;
}

/** How often an orphaned builder is checked for having ended, and how often waiting is reported. */
const POLL_MS = 1000;
const REPORT_EVERY = 60;

/**
 * What a build does about orphaned builders that share its DIB image cache: it waits for them to end.
 * DIB writes some of that cache without a lock (the debootstrap tarball is written in place by
 * `tar -czf`), so a build reading it while an orphan writes could start from a torn file; the
 * orphan's own result is never used (only a live kiln moves a build into the index), but stopping
 * it is left to the operator: the warning says how. Once they are gone their folders are swept.
 * Waiting ends early when `signal` aborts (the build then stops as interrupted).
 */
export function orphanWait(
  orphans: readonly OrphanedScratch[],
  root: string,
  deps: ScratchDeps,
): (imageCache: string, signal?: AbortSignal) => Promise<void> {
  const waits = new Map<string, Promise<void>>();
  return (imageCache, signal) => {
    const users = orphans.flatMap((o) => o.users).filter((p) => mentions(p.args, imageCache));
    if (users.length === 0) return Promise.resolve();
    let wait = waits.get(imageCache);
    if (!wait) {
      wait = waitUntilGone(users, imageCache, deps, signal).then(async () => {
        if (!signal?.aborted) await sweepScratch(root, deps);
      });
      waits.set(imageCache, wait);
    }
    return wait;
  };
}

async function waitUntilGone(
  users: ProcInfo[],
  imageCache: string,
  deps: ScratchDeps,
  signal?: AbortSignal,
): Promise<void> {
  const proc = deps.proc ?? '/proc';
  const running = async () => {
    const left: ProcInfo[] = [];
    for (const p of users) {
      const st = await procStat(p.pid, proc);
      if (!exited(st) && st!.start === p.start) left.push(p);
    }
    return left;
  };
  let left = await running();
  if (left.length === 0) return;
  deps.logger.warn(
    `an orphaned builder of a killed kiln still uses the DIB image cache ${imageCache}: ${left.map(describeProcess).join(', ')}; waiting for it to end before building with that cache (it ends on its own; \`kill -TERM ${left.map((p) => p.pid).join(' ')}\` stops it and lets it clean up)`,
  );
  for (let polls = 1; left.length > 0; polls++) {
    const slept = await sleep(POLL_MS, true, { signal }).catch(() => false);
    if (!slept) return;
    left = await running();
    if (left.length > 0 && polls % REPORT_EVERY === 0)
      deps.logger.info(`still waiting for orphaned builder ${left.map((p) => `pid ${p.pid}`).join(', ')}`);
  }
  deps.logger.info(`orphaned builder gone: DIB image cache ${imageCache} is free`);
}
