// Container-level checks with qemu-img: the file is the format the record says, has a sane virtual
// size equal to the record's, stands alone (no backing file), and `qemu-img check` finds no
// corruption. Each problem is a sentence for the test details; an empty list means the file is fine.
import type { Runner } from '../exec.js';

/** Record formats (DIB/Glance names) as qemu-img spells them. */
const QEMU_FORMAT: Record<string, string> = { vhd: 'vpc', iso: 'raw' };
export const qemuFormat = (recordFormat: string): string => QEMU_FORMAT[recordFormat] ?? recordFormat;

/** Smaller than this cannot hold a bootable system; larger is a unit mistake (bytes vs MiB). */
const MIN_VIRTUAL_SIZE = 16 * 1024 * 1024;
const MAX_VIRTUAL_SIZE = 16 * 1024 ** 4;

// qemu-img check exit codes (qemu-img(1)).
const CHECK_CORRUPT = 2;
const CHECK_LEAKS = 3;
const CHECK_UNSUPPORTED = 63;

interface QemuImgInfo {
  format: string;
  'virtual-size': number;
  'backing-filename'?: string;
  'dirty-flag'?: boolean;
  'format-specific'?: { data?: { corrupt?: boolean } };
}

interface QemuImgCheck {
  corruptions?: number;
  leaks?: number;
  'check-errors'?: number;
}

export interface ContainerFacts {
  format: string;
  virtualSize: number;
}

export interface ContainerCheck {
  problems: string[];
  /** What qemu-img reported, when it could read the file at all. */
  facts?: ContainerFacts;
}

function firstLines(text: string, n = 5): string {
  return text.trim().split('\n').slice(0, n).join('\n');
}

export async function checkContainer(
  runner: Runner,
  imagePath: string,
  expected: { format: string; virtual_size: number },
  signal?: AbortSignal,
): Promise<ContainerCheck> {
  const info = await runner('qemu-img', ['info', '--output', 'json', imagePath], { signal });
  if (info.code !== 0) {
    return { problems: [`qemu-img info cannot read the image: ${firstLines(info.stderr || info.stdout)}`] };
  }
  let parsed: QemuImgInfo;
  try {
    parsed = JSON.parse(info.stdout) as QemuImgInfo;
  } catch {
    return { problems: [`qemu-img info printed no JSON: ${firstLines(info.stdout)}`] };
  }
  const problems: string[] = [];
  const facts = { format: parsed.format, virtualSize: parsed['virtual-size'] };
  const wantFormat = qemuFormat(expected.format);
  if (parsed.format !== wantFormat) {
    problems.push(`the file is ${parsed.format}, but the record says ${expected.format}`);
  }
  const vsize = facts.virtualSize;
  if (!(vsize >= MIN_VIRTUAL_SIZE && vsize <= MAX_VIRTUAL_SIZE)) {
    problems.push(
      `virtual size ${vsize} bytes is not sane (expected ${MIN_VIRTUAL_SIZE}..${MAX_VIRTUAL_SIZE})`,
    );
  }
  if (expected.virtual_size > 0 && vsize !== expected.virtual_size) {
    problems.push(`virtual size ${vsize} differs from the record's ${expected.virtual_size}`);
  }
  if (parsed['backing-filename']) {
    problems.push(
      `the image depends on a backing file (${parsed['backing-filename']}); publish a standalone image`,
    );
  }
  if (parsed['format-specific']?.data?.corrupt) problems.push('qemu-img marks the image as corrupt');
  if (parsed['dirty-flag']) problems.push('the image is marked dirty (not closed cleanly)');

  const check = await runner('qemu-img', ['check', '--output', 'json', '-f', parsed.format, imagePath], {
    signal,
  });
  if (
    check.code === CHECK_CORRUPT ||
    (check.code !== 0 && check.code !== CHECK_LEAKS && check.code !== CHECK_UNSUPPORTED)
  ) {
    let summary = '';
    try {
      const c = JSON.parse(check.stdout) as QemuImgCheck;
      summary = `${c.corruptions ?? 0} corruptions, ${c['check-errors'] ?? 0} check errors; `;
    } catch {
      // no JSON: the stderr lines below say why
    }
    problems.push(`qemu-img check failed (exit ${check.code}): ${summary}${firstLines(check.stderr)}`);
  }
  return { problems, facts };
}
