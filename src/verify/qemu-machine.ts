// The qemu command line of the boot smoke test, per architecture. The guest gets the image through a
// throw-away overlay (the tested file is never written), the NoCloud seed as a second disk, a NIC
// on an isolated user-mode network (DHCP works, nothing leaves the host), and its first serial
// port written to a file that kiln follows.
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { Arch } from '../config/types.js';

export type Accel = 'kvm' | 'tcg';

export interface MachineSpec {
  binary: string;
  /** The guest's name for the serial port kiln reads. */
  guestTty: string;
  /** Machine-specific arguments (machine type, CPU, firmware). */
  machineArgs(accel: Accel, firmware?: string): string[];
  /** UEFI firmware files tried in order; empty when the machine boots with its built-in BIOS. */
  firmwareCandidates: string[];
}

export const MACHINES: Record<Arch, MachineSpec> = {
  amd64: {
    binary: 'qemu-system-x86_64',
    guestTty: '/dev/ttyS0',
    // SeaBIOS boots MBR images and GPT images with a BIOS boot partition, which is what DIB makes.
    machineArgs: (accel) => ['-machine', 'q35', ...(accel === 'kvm' ? ['-cpu', 'host'] : [])],
    firmwareCandidates: [],
  },
  arm64: {
    binary: 'qemu-system-aarch64',
    guestTty: '/dev/ttyAMA0',
    machineArgs: (accel, firmware) => [
      '-machine',
      'virt',
      '-cpu',
      accel === 'kvm' ? 'host' : 'max',
      ...(firmware ? ['-bios', firmware] : []),
    ],
    firmwareCandidates: ['/usr/share/qemu-efi-aarch64/QEMU_EFI.fd', '/usr/share/AAVMF/AAVMF_CODE.fd'],
  },
};

export interface QemuArgsInput {
  machine: MachineSpec;
  accel: Accel;
  firmware?: string;
  overlay: string;
  seed?: string;
  consoleLog: string;
  memoryMiB: number;
}

/** A value inside a qemu option list, where a comma separates options and `,,` is a literal comma. */
const optionValue = (path: string) => path.replace(/,/g, ',,');

export function qemuArgs(input: QemuArgsInput): string[] {
  return [
    ...input.machine.machineArgs(input.accel, input.firmware),
    '-accel',
    input.accel,
    '-m',
    String(input.memoryMiB),
    '-smp',
    '2',
    '-nodefaults',
    '-display',
    'none',
    '-no-reboot',
    '-chardev',
    `file,id=console,path=${optionValue(input.consoleLog)}`,
    '-serial',
    'chardev:console',
    '-drive',
    `file=${optionValue(input.overlay)},format=qcow2,if=virtio`,
    ...(input.seed ? ['-drive', `file=${optionValue(input.seed)},format=raw,if=virtio,readonly=on`] : []),
    '-nic',
    'user,model=virtio-net-pci,restrict=on',
  ];
}

/** The first of `candidates` accessible with `mode` (fs.constants R_OK, X_OK), or undefined. */
export async function firstAccessible(
  candidates: readonly string[],
  mode: number,
): Promise<string | undefined> {
  for (const c of candidates) {
    if (
      await access(c, mode).then(
        () => true,
        () => false,
      )
    )
      return c;
  }
  return undefined;
}

/** Whether `program` is an executable on PATH (to skip, not fail, when an emulator is absent). */
export async function onPath(program: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  return (
    (await firstAccessible(
      dirs.map((d) => join(d, program)),
      constants.X_OK,
    )) !== undefined
  );
}
