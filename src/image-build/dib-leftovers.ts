// What a stopped or failed DIB build can leave behind when its own cleanup did not finish (it was
// killed after the grace period, or a busy mount made its unmount fail): processes in the image's
// chroot, mounts under its build and image folders, the image file's loop device and the partition
// mappings on it. A runner keeps them until it reboots and the next builds trip on them (loop
// devices in use, kpartx names taken), so once DIB has exited kiln releases them itself. DIB says
// where they are: its build folder in its log ("Building in ..."), the loop device and the image
// file in the block-device state it keeps there (states/block-device/state.json).
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Runner } from '../exec.js';
import { mountPoints } from './mount-table.js';
import { processesInside } from './processes.js';
import { within } from '../within.js';

/** The folder a DIB log line says the build runs in, if it is that line. */
export const dibBuildDir = (line: string): string | undefined => /Building in (\/\S+)/.exec(line)?.[1];

/** The image's chroot inside DIB's build folder. */
export const dibChroot = (buildDir: string): string => join(buildDir, 'mnt');

/** Image files DIB attached to loop devices, from its block-device state ([] before it has one). */
async function attachedImages(buildDir: string): Promise<string[]> {
  const text = await readFile(join(buildDir, 'states/block-device/state.json'), 'utf8').catch(() => '');
  try {
    const state = JSON.parse(text) as { blockdev?: Record<string, { image?: unknown }> };
    return Object.values(state.blockdev ?? {})
      .map((d) => d.image)
      .filter((i): i is string => typeof i === 'string' && i.startsWith('/'));
  } catch {
    return [];
  }
}

/** Loop devices and their backing files (`losetup --list`). */
async function loopDevices(
  runner: Runner,
  env: NodeJS.ProcessEnv,
): Promise<{ device: string; file: string }[]> {
  const res = await runner('losetup', ['--list', '--noheadings', '--raw', '--output', 'NAME,BACK-FILE'], {
    env,
  });
  return res.stdout
    .split('\n')
    .map((l) => l.trim().split(' '))
    .filter(([device, file]) => device && file)
    .map(([device, file]) => ({ device, file: file.replace(/\\x20/g, ' ') }));
}

export interface Release {
  /** What was released, one line each (for the build log). */
  released: string[];
  /** What could not be, with why. */
  failed: string[];
}

/**
 * Releases what the DIB build in `buildDir` left attached; DIB must have exited. `env` is the one
 * DIB ran with, so that the same kpartx removes its mappings. Root runs the commands itself, anyone
 * else through `sudo -n` (as DIB does).
 */
export async function releaseDibLeftovers(
  buildDir: string,
  runner: Runner,
  env: NodeJS.ProcessEnv,
  proc = '/proc',
): Promise<Release> {
  const out: Release = { released: [], failed: [] };
  const asRoot = (cmd: string, args: string[]) =>
    process.getuid?.() === 0 ? runner(cmd, args, { env }) : runner('sudo', ['-n', cmd, ...args], { env });
  const attempt = async (what: string, cmd: string, args: string[], fallback?: string[]) => {
    let res = await asRoot(cmd, args);
    if (res.code !== 0 && fallback) res = await asRoot(cmd, fallback);
    if (res.code === 0) out.released.push(what);
    else out.failed.push(`${what}: ${(res.stderr || res.stdout).trim() || `${cmd} exited with ${res.code}`}`);
  };

  // Nothing of DIB runs any more: what is still inside the chroot is an orphan holding it busy.
  for (const pid of await processesInside(dibChroot(buildDir), proc)) {
    try {
      process.kill(pid, 'SIGKILL');
      out.released.push(`killed pid ${pid}, left running inside ${dibChroot(buildDir)}`);
    } catch {
      // gone meanwhile
    }
  }
  const images = await attachedImages(buildDir);
  const imageDirs = images.map((i) => dirname(i));
  const unmountWithin = async (dirs: string[]) => {
    const mounts = (await mountPoints(proc)).filter((m) => dirs.some((d) => within(m, d))).reverse();
    for (const m of mounts) await attempt(`unmounted ${m}`, 'umount', [m], ['--lazy', m]);
  };
  // The image's file systems first: they sit on the loop devices.
  await unmountWithin([buildDir]);
  const loops = (await loopDevices(runner, env)).filter((l) => imageDirs.some((d) => within(l.file, d)));
  for (const { device } of loops.filter((l) => images.includes(l.file)))
    await attempt(`removed the partition mappings of ${device}`, 'kpartx', ['-d', device]);
  // kpartx may have detached some (kiln's stand-in maps partitions to loop devices of the same file).
  const stillAttached = new Set((await loopDevices(runner, env)).map((l) => l.device));
  for (const { device, file } of loops.filter((l) => stillAttached.has(l.device)))
    await attempt(`detached ${device} (${file})`, 'losetup', ['--detach', device]);
  await unmountWithin(imageDirs);
  if ((await mountPoints(proc)).some((m) => [buildDir, ...imageDirs].some((d) => within(m, d)))) return out;
  for (const dir of [buildDir, ...imageDirs]) await rm(dir, { recursive: true, force: true }).catch(() => {});
  return out;
}
