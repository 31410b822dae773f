// Puts the tools a job needs on the runner when they are missing: Packer at the version the config
// pins (or the `packer-version` input) from its release zip through @actions/tool-cache, DIB with
// qemu-utils from the distribution's packages, and for `kiln test` the qemu system emulator of each
// architecture with its UEFI firmware where the guest needs one. Self-hosted runners usually have
// them already; then this costs one check each.
import { constants } from 'node:fs';
import type { Arch } from '../config/types.js';
import {
  BOOT_TEST_TOOLS,
  IMAGE_BUILDER_PACKAGES,
  packageOf,
  UEFI_FIRMWARE_PACKAGES,
} from '../debian-packages.js';
import { WorldError } from '../errors.js';
import type { Runner } from '../exec.js';
import type { Logger } from '../log.js';
import { firstAccessible, MACHINES, onPath, type MachineSpec } from '../verify/qemu-machine.js';

/** Packer's release names for Node's architectures. */
const PACKER_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

async function versionOf(runner: Runner, cmd: string, args: string[]): Promise<string | undefined> {
  try {
    const res = await runner(cmd, args);
    return res.code === 0 ? /(\d+\.\d+\.\d+)/.exec(res.stdout + res.stderr)?.[1] : undefined;
  } catch {
    return undefined; // not installed
  }
}

export interface PackerSetup {
  version: string;
  /** URL template with {version} and {arch}. */
  url: string;
  runner: Runner;
  logger: Logger;
  arch?: string;
}

/** Makes `packer` at `version` the one on PATH; returns the folder it is in ('' when already there). */
export async function setupPacker(o: PackerSetup): Promise<string> {
  const installed = await versionOf(o.runner, 'packer', ['version']);
  if (installed === o.version) {
    o.logger.info(`packer ${installed} is on PATH`);
    return '';
  }
  const tc = await import('@actions/tool-cache');
  const core = await import('@actions/core');
  const arch = PACKER_ARCH[o.arch ?? process.arch] ?? o.arch ?? process.arch;
  let dir = tc.find('packer', o.version, arch);
  if (!dir) {
    const url = o.url.replaceAll('{version}', o.version).replaceAll('{arch}', arch);
    o.logger.info(
      `downloading packer ${o.version} from ${url}${installed ? ` (PATH has ${installed})` : ''}`,
    );
    let zip: string;
    try {
      zip = await tc.downloadTool(url);
    } catch (err) {
      throw new WorldError({
        doing: `downloading packer ${o.version}`,
        target: url,
        answer: (err as Error).message,
      });
    }
    dir = await tc.cacheDir(await tc.extractZip(zip), 'packer', o.version, arch);
  }
  core.addPath(dir);
  const now = await versionOf(o.runner, 'packer', ['version']);
  if (now !== o.version) {
    throw new WorldError({
      doing: `installing packer ${o.version}`,
      answer: `packer on PATH reports ${now ?? 'nothing'}`,
    });
  }
  return dir;
}

export interface DibSetup {
  /** The DIB version the config pins; a different installed version is a warning (keys would lie). */
  version?: string;
  runner: Runner;
  logger: Logger;
  isRoot: boolean;
}

/** Installs DIB and qemu-utils from apt when `disk-image-create` or `qemu-img` is missing. */
export async function setupDib(o: DibSetup): Promise<void> {
  let dib = await versionOf(o.runner, 'disk-image-create', ['--version']);
  const qemuImg = await versionOf(o.runner, 'qemu-img', ['--version']);
  if (!dib || !qemuImg) {
    const missing = [!dib && 'disk-image-create', !qemuImg && 'qemu-img'].filter(Boolean).join(' and ');
    await aptInstall(IMAGE_BUILDER_PACKAGES, `setting up the image builders (${missing} missing)`, o);
    dib = await versionOf(o.runner, 'disk-image-create', ['--version']);
  }
  if (o.version && dib && dib !== o.version) {
    o.logger.warn(
      `the config pins DIB ${o.version} but this runner has ${dib}: images may differ from their build key`,
    );
  }
}

export interface QemuSetup {
  /** The architectures of the images under test. */
  arches: readonly Arch[];
  runner: Runner;
  logger: Logger;
  isRoot: boolean;
  /** For PATH. */
  env: NodeJS.ProcessEnv;
  /** The boot test's machines (binary, firmware files); tests pass their own. */
  machines?: Record<Arch, MachineSpec>;
}

/** Installs what the boot test of these architectures needs and the runner lacks. */
export async function setupQemu(o: QemuSetup): Promise<void> {
  const machines = o.machines ?? MACHINES;
  const missing: string[] = [];
  const packages = new Set<string>();
  for (const program of BOOT_TEST_TOOLS) {
    if (!(await onPath(program, o.env))) {
      missing.push(program);
      packages.add(packageOf(program)!);
    }
  }
  for (const arch of o.arches) {
    const machine = machines[arch];
    if (!(await onPath(machine.binary, o.env))) {
      missing.push(machine.binary);
      packages.add(packageOf(machine.binary) ?? machine.binary);
    }
    const firmware = UEFI_FIRMWARE_PACKAGES[arch];
    if (
      firmware &&
      machine.firmwareCandidates.length > 0 &&
      !(await firstAccessible(machine.firmwareCandidates, constants.R_OK))
    ) {
      missing.push(`UEFI firmware for ${arch} guests`);
      packages.add(firmware);
    }
  }
  if (missing.length === 0) {
    o.logger.info(
      `the boot test's tools are installed (${o.arches.map((a) => machines[a].binary).join(', ')})`,
    );
    return;
  }
  await aptInstall([...packages], `setting up the boot test (${missing.join(', ')} missing)`, o);
  const still = [];
  for (const arch of o.arches)
    if (!(await onPath(machines[arch].binary, o.env))) still.push(machines[arch].binary);
  if (still.length > 0) {
    throw new WorldError({
      doing: `installing ${[...packages].join(' ')}`,
      answer: `${still.join(', ')} still not on PATH`,
    });
  }
}

/**
 * apt-get update + install, as root or through password-less sudo; a runner with neither gets a
 * message naming the packages to put in its image instead.
 */
async function aptInstall(
  packages: readonly string[],
  doing: string,
  o: { runner: Runner; logger: Logger; isRoot: boolean },
): Promise<void> {
  const sudo = !o.isRoot && (await o.runner('sudo', ['-n', 'true']).catch(() => ({ code: 1 }))).code === 0;
  if (!o.isRoot && !sudo) {
    throw new WorldError({
      doing,
      answer:
        'this runner is not root and has no password-less sudo, so kiln cannot install them; ' +
        `install them in the runner image: apt-get install --no-install-recommends ${packages.join(' ')}`,
    });
  }
  // sudo resets the environment, so the non-interactive frontend goes through `env`.
  const apt = (args: string[]) =>
    sudo
      ? o.runner('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args])
      : o.runner('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  o.logger.info(`installing ${packages.join(' ')} (${doing})`);
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...packages]]) {
    const res = await apt(args);
    if (res.code !== 0) {
      throw new WorldError({
        doing: `apt-get ${args[0]}`,
        answer: res.stderr.trim().split('\n').slice(-5).join('\n'),
      });
    }
  }
}
