// The process table as /proc shows it: who is running (with which arguments, since when) and which
// paths a process holds (working directory, root, open files). Used to stop a builder's process
// group and what runs in its chroot (dib-stop.ts, dib-leftovers.ts) and to tell whether a dead kiln's
// scratch folder is still in use (stale-scratch.ts).
import { readdir, readFile, readlink } from 'node:fs/promises';
import { within } from '../within.js';

export interface ProcStat {
  /** One letter: R running, S sleeping, Z zombie, X dead, ... */
  state: string;
  pgrp: number;
  /** Start time in clock ticks after boot: with the pid, it names one process (pids are reused). */
  start: number;
}

export interface ProcInfo extends ProcStat {
  pid: number;
  args: string[];
}

/** /proc/<pid>/stat, or undefined when there is no such process. */
export async function procStat(pid: number, proc = '/proc'): Promise<ProcStat | undefined> {
  const text = await readFile(`${proc}/${pid}/stat`, 'utf8').catch(() => '');
  if (!text) return undefined;
  // Fields after the parenthesised command name (which may hold spaces and parentheses):
  // state(3) ppid pgrp ... starttime(22).
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: f[0], pgrp: Number(f[2]), start: Number(f[19]) };
}

/** A process that has exited (gone, or a zombie nobody reaped yet). */
export const exited = (s: ProcStat | undefined): boolean => !s || s.state === 'Z' || s.state === 'X';

export async function listProcesses(proc = '/proc'): Promise<ProcInfo[]> {
  const out: ProcInfo[] = [];
  for (const name of await readdir(proc).catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const stat = await procStat(pid, proc);
    if (!stat) continue;
    const cmdline = await readFile(`${proc}/${name}/cmdline`, 'utf8').catch(() => '');
    out.push({ pid, ...stat, args: cmdline.replace(/\0$/, '').split('\0') });
  }
  return out;
}

/**
 * The paths a process holds: working directory, root directory and every open file. Empty for a
 * process whose links we may not read (another user's, when kiln is not root).
 */
export async function heldPaths(pid: number, proc = '/proc'): Promise<string[]> {
  const link = (p: string) => readlink(p).catch(() => undefined);
  const fds = await readdir(`${proc}/${pid}/fd`).catch(() => [] as string[]);
  const paths = await Promise.all([
    link(`${proc}/${pid}/cwd`),
    link(`${proc}/${pid}/root`),
    ...fds.map((fd) => link(`${proc}/${pid}/fd/${fd}`)),
  ]);
  // A deleted file's link reads "<path> (deleted)": the path is still the one it was opened at.
  return paths.filter((p) => p !== undefined).map((p) => p.replace(/ \(deleted\)$/, ''));
}

/** Pids of the processes whose root directory is `chroot` or inside it (they run in that chroot). */
export async function processesInside(chroot: string, proc = '/proc'): Promise<number[]> {
  const pids = (await listProcesses(proc)).map((p) => p.pid);
  const roots = await Promise.all(pids.map((pid) => readlink(`${proc}/${pid}/root`).catch(() => undefined)));
  return pids.filter((_pid, i) => roots[i] !== undefined && within(roots[i]!, chroot));
}

/** An argument names `dir` or a path inside it (also as `name=value`, e.g. Packer's `-var x=dir`). */
export const mentions = (args: readonly string[], dir: string): boolean =>
  args.some((a) => within(a, dir) || within(a.slice(a.indexOf('=') + 1), dir));
