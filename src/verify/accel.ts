// Choosing qemu's accelerator. KVM is much faster, but a /dev/kvm that opens is no proof that it can
// run a guest: nested virtualisation inside some VMs (these build machines among them) hangs or dies
// on the first instructions. So "auto" first boots a 512-byte boot sector under KVM that prints a
// line on the serial port, and uses KVM only when that line arrives within seconds; the boot itself
// still falls back to TCG when a KVM boot shows the signs of a broken KVM (boot-smoke.ts).
import { access, constants, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Arch } from '../config/types.js';
import { InputError } from '../errors.js';
import type { Runner } from '../exec.js';
import type { Accel } from './qemu-machine.js';

export type AccelChoice = Accel | 'auto';
const ACCEL_CHOICES: readonly AccelChoice[] = ['auto', 'kvm', 'tcg'];

/** KILN_QEMU_ACCEL: auto (default), kvm or tcg; read by both front doors through testImages. */
export function accelChoiceFromEnv(env: NodeJS.ProcessEnv): AccelChoice {
  const value = env.KILN_QEMU_ACCEL || 'auto';
  if (!(ACCEL_CHOICES as readonly string[]).includes(value)) {
    throw new InputError(`KILN_QEMU_ACCEL must be ${ACCEL_CHOICES.join(', ')}, not '${value}'`);
  }
  return value as AccelChoice;
}

const PROBE_TEXT = 'KILN-KVM-PROBE-OK';
/** A working KVM prints the probe line in well under a second; a broken one never does. */
const PROBE_TIMEOUT_S = 10;

/** Node's names for the host CPU, per guest architecture: KVM only runs guests of the host's kind. */
const HOST_ARCH: Record<Arch, string> = { amd64: 'x64', arm64: 'arm64' };

/**
 * x86 real-mode code loaded by the BIOS at 0x7c00: write PROBE_TEXT to COM1 (port 0x3f8), then halt.
 *   xor ax,ax; mov ds,ax; cld; mov dx,0x3f8; mov si,msg
 *   next: lodsb; test al,al; jz done; out dx,al; jmp next
 *   done: cli; hlt; jmp done
 */
export function probeBootSector(): Buffer {
  const code = [
    0x31, 0xc0, 0x8e, 0xd8, 0xfc, 0xba, 0xf8, 0x03, 0xbe, 0, 0, 0xac, 0x84, 0xc0, 0x74, 0x03, 0xee,
  ];
  code.push(0xeb, 0xf8, 0xfa, 0xf4, 0xeb, 0xfd);
  const msgAddr = 0x7c00 + code.length;
  code[9] = msgAddr & 0xff;
  code[10] = msgAddr >> 8;
  const sector = Buffer.alloc(512);
  Buffer.from(code).copy(sector);
  Buffer.from(`${PROBE_TEXT}\r\n\0`, 'latin1').copy(sector, code.length);
  sector.writeUInt16LE(0xaa55, 510);
  return sector;
}

async function kvmUsable(device = '/dev/kvm'): Promise<boolean> {
  return access(device, constants.R_OK | constants.W_OK).then(
    () => true,
    () => false,
  );
}

/** Boots the probe sector under KVM; true when it printed its line in time. */
export async function kvmRunsGuests(runner: Runner, workDir: string, signal?: AbortSignal): Promise<boolean> {
  const disk = join(workDir, 'kvm-probe.img');
  await writeFile(disk, probeBootSector());
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), PROBE_TIMEOUT_S * 1000);
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let seen = false;
  try {
    // The machine type is fixed ("pc") so that the probe tests KVM, not the machine model.
    const args = ['-machine', 'pc', '-accel', 'kvm', '-m', '16', '-nodefaults', '-display', 'none'];
    args.push('-no-reboot', '-serial', 'stdio', '-drive', `file=${disk},format=raw,if=ide`);
    await runner('qemu-system-x86_64', args, {
      signal: stop.signal,
      killGraceSeconds: 2,
      maxBuffer: 16 * 1024,
      onLine: (line) => {
        if (line.includes(PROBE_TEXT)) {
          seen = true;
          stop.abort();
        }
      },
    });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  return seen;
}

/** The accelerators to try, in order, for a guest of `arch`. */
export async function accelPlan(
  choice: AccelChoice,
  arch: Arch,
  probe: () => Promise<boolean>,
  hostArch: string = process.arch,
): Promise<Accel[]> {
  if (choice !== 'auto') return [choice];
  if (hostArch !== HOST_ARCH[arch] || !(await kvmUsable())) return ['tcg'];
  // The probe sector is x86 code; on an arm64 host the boot's own fallback has to do.
  if (arch === 'amd64' && !(await probe())) return ['tcg'];
  return ['kvm', 'tcg'];
}
