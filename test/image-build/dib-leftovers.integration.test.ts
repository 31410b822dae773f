// What a DIB build whose cleanup did not finish leaves attached, made with the real programs DIB
// uses (tmpfs build and image folders, losetup, kpartx, mkfs.ext4, the image's root mounted with
// /proc and a bind mount inside, a process chrooted into it), then released by kiln.
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { run } from '../../src/exec.js';
import { dibBuildDir, releaseDibLeftovers } from '../../src/image-build/dib-leftovers.js';
import { builderEnv, deviceMapperAvailable } from '../support/debian-image.js';
import { isRoot, minimalChroot } from '../support/minimal-chroot.js';
import { describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([
  { missing: () => (isRoot ? [] : ['root (to mount and attach loop devices)']) },
  'losetup',
  'sfdisk',
  'mkfs.ext4',
  'kpartx',
  'chroot',
]);

const sh = (cmd: string, args: string[], input?: string) =>
  execFileSync(cmd, args, { encoding: 'utf8', input, env: builderEnv(), stdio: 'pipe' });
const mounts = () => readFileSync('/proc/mounts', 'utf8');
const loops = () => sh('losetup', ['--list', '--noheadings', '--output', 'NAME,BACK-FILE']);

describe('releasing what a stopped DIB build left attached', () => {
  const undo: (() => void)[] = [];
  afterEach(() => {
    for (const u of undo.splice(0).reverse()) {
      try {
        u();
      } catch {
        // released by the code under test
      }
    }
  });

  it('reads the build folder from the line DIB logs', () => {
    expect(dibBuildDir('2026-12-07 15:16:48.093 | Building in /tmp/dib_build.b7hmkulF')).toBe(
      '/tmp/dib_build.b7hmkulF',
    );
    expect(dibBuildDir('2026-12-07 15:16:48.093 | dib-run-parts Running /tmp/in_target.d/x')).toBeUndefined();
  });

  it('kills what runs in the chroot, unmounts, removes the mappings, detaches the loop device', async () => {
    // As DIB lays them out: tmpfs build and image folders under /tmp, the image file partitioned.
    const buildDir = mkdtempSync('/tmp/dib_build.');
    const imageDir = mkdtempSync('/tmp/dib_image.');
    for (const dir of [buildDir, imageDir]) {
      sh('mount', ['-t', 'tmpfs', 'tmpfs', dir]);
      undo.push(() => sh('umount', ['--recursive', '--lazy', dir]));
    }
    const image = join(imageDir, 'image0.raw');
    sh('truncate', ['--size', '64M', image]);
    sh('sfdisk', ['--quiet', image], 'start=2048, type=83\n');
    const loop = sh('losetup', ['--find', '--show', image]).trim();
    undo.push(() => sh('losetup', ['--detach', loop]));
    const mapping = `/dev/mapper/${loop.replace('/dev/', '')}p1`;
    if (!deviceMapperAvailable()) {
      // kiln's kpartx stand-in: a link left by an earlier build that died names another loop device.
      mkdirSync('/dev/mapper', { recursive: true });
      symlinkSync('/dev/loop-gone', mapping);
    }
    sh('kpartx', ['-a', '-s', loop]);
    undo.push(() => sh('kpartx', ['-d', loop]));
    expect(existsSync(mapping)).toBe(true);
    sh('mkfs.ext4', ['-q', mapping]);
    const chroot = join(buildDir, 'mnt');
    mkdirSync(chroot);
    sh('mount', [mapping, chroot]);
    undo.push(minimalChroot(chroot));
    mkdirSync(join(chroot, 'proc'));
    sh('mount', ['-t', 'proc', 'none', join(chroot, 'proc')]);
    mkdirSync(join(buildDir, 'states/block-device'), { recursive: true });
    writeFileSync(
      join(buildDir, 'states/block-device/state.json'),
      JSON.stringify({ blockdev: { image0: { device: loop, image } }, mount: {} }),
    );
    // An orphan of the build, still inside the image's root: it keeps the root file system busy.
    const orphan = spawn('chroot', [chroot, '/usr/bin/sleep', '600'], { detached: true, stdio: 'ignore' });
    undo.push(() => orphan.kill('SIGKILL'));
    const orphanGone = new Promise<string | null>((r) => orphan.on('exit', (_c, sig) => r(sig)));
    await new Promise((r) => setTimeout(r, 300));
    expect(mounts()).toContain(chroot);

    const { released, failed } = await releaseDibLeftovers(buildDir, run, builderEnv());
    expect(failed).toEqual([]);
    expect(await orphanGone).toBe('SIGKILL');
    expect(released).toEqual(
      expect.arrayContaining([
        `killed pid ${orphan.pid}, left running inside ${chroot}`,
        `unmounted ${join(chroot, 'proc')}`,
        `unmounted ${join(chroot, 'usr')}`,
        `unmounted ${chroot}`,
        `unmounted ${buildDir}`,
        `removed the partition mappings of ${loop}`,
        `unmounted ${imageDir}`,
      ]),
    );
    expect(mounts()).not.toContain(buildDir);
    expect(mounts()).not.toContain(imageDir);
    expect(loops()).not.toContain(imageDir);
    expect(existsSync(mapping)).toBe(false);
    expect(existsSync(buildDir)).toBe(false);
    expect(existsSync(imageDir)).toBe(false);
  });

  it('leaves alone what another build holds', async () => {
    const buildDir = mkdtempSync('/tmp/dib_build.');
    const other = mkdtempSync('/tmp/dib_build.');
    sh('mount', ['-t', 'tmpfs', 'tmpfs', other]);
    undo.push(() => rmSync(other, { recursive: true, force: true }));
    undo.push(() => sh('umount', ['--lazy', other]));
    const { released, failed } = await releaseDibLeftovers(buildDir, run, builderEnv());
    expect({ released, failed }).toEqual({ released: [], failed: [] });
    expect(mounts()).toContain(other);
    expect(existsSync(buildDir)).toBe(false);
  });
});
