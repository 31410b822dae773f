// Who made a build scratch folder, written into it as `.kiln-owner.json`, and whether that kiln is
// still alive. A pid alone is not enough: pids are reused (the start time tells two processes of one
// pid apart), a reboot ends every process (the boot id changes), and a cache folder may be shared by
// kilns on other machines or in other containers, whose processes this one cannot see: their
// folders are never judged dead from here.
import { readFile, readlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { exited, procStat } from './processes.js';

export interface OwnerStamp {
  host: string;
  /** /proc/sys/kernel/random/boot_id. */
  boot: string;
  /** The pid namespace ("pid:[4026531836]"): pids mean something only inside it. */
  pidns: string;
  pid: number;
  /** Start time in clock ticks after boot (see ProcStat.start). */
  start: number;
}

export const OWNER_FILE = '.kiln-owner.json';

/** What can be told about a folder's owner from this process. */
export type OwnerState = 'alive' | 'dead' | 'elsewhere';

async function here(proc: string): Promise<Pick<OwnerStamp, 'host' | 'boot' | 'pidns'>> {
  return {
    host: hostname(),
    boot: (await readFile(`${proc}/sys/kernel/random/boot_id`, 'utf8').catch(() => '')).trim(),
    pidns: await readlink(`${proc}/self/ns/pid`).catch(() => ''),
  };
}

/** The stamp of process `pid` as this process sees it (undefined when it is not running). */
export async function stampOf(pid: number, proc = '/proc'): Promise<OwnerStamp | undefined> {
  const stat = await procStat(pid, proc);
  return stat && { ...(await here(proc)), pid, start: stat.start };
}

/** Marks `dir` as this process's. */
export async function writeOwner(dir: string): Promise<void> {
  const stamp = await stampOf(process.pid);
  if (stamp) await writeFile(join(dir, OWNER_FILE), JSON.stringify(stamp));
}

export async function readOwner(dir: string): Promise<OwnerStamp | undefined> {
  return readFile(join(dir, OWNER_FILE), 'utf8').then(
    (t) => JSON.parse(t) as OwnerStamp,
    () => undefined,
  );
}

/**
 * `stamp` undefined: a folder without its owner file (kiln died between making the folder and
 * writing the file, or an older kiln made it); `pid` from its name is all there is, and any process
 * of that pid counts as its owner.
 */
export async function ownerState(
  stamp: OwnerStamp | undefined,
  pid: number,
  proc = '/proc',
): Promise<OwnerState> {
  if (!stamp) return exited(await procStat(pid, proc)) ? 'dead' : 'alive';
  const self = await here(proc);
  if (stamp.host !== self.host) return 'elsewhere';
  if (stamp.boot && self.boot && stamp.boot !== self.boot) return 'dead';
  if (stamp.pidns !== self.pidns) return 'elsewhere';
  const stat = await procStat(stamp.pid, proc);
  return exited(stat) || stat!.start !== stamp.start ? 'dead' : 'alive';
}
