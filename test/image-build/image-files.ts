// Reading files inside a built qcow2 without mounting anything: convert to a sparse raw file, find
// the partition's offset with partx, and let debugfs read the ext4 filesystem at that offset.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ImageReader {
  /** Partitions: number, first sector, sectors. */
  partitions: { nr: number; start: number; sectors: number }[];
  /** Runs a debugfs request (`cat /etc/x`, `ls -l /boot`) on partition `nr` (default the first). */
  debugfs(request: string, nr?: number): string;
  /** `length` bytes of the whole disk at `offset`. */
  bytes(offset: number, length: number): Buffer;
  close(): void;
}

export function openImage(qcow2: string): ImageReader {
  const dir = mkdtempSync(join(tmpdir(), 'kiln-image-'));
  const raw = join(dir, 'disk.raw');
  execFileSync('qemu-img', ['convert', '-O', 'raw', qcow2, raw]);
  const partitions = execFileSync('partx', ['--raw', '--noheadings', '--output', 'NR,START,SECTORS', raw], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [nr, start, sectors] = l.trim().split(/\s+/).map(Number);
      return { nr, start, sectors };
    });
  return {
    partitions,
    debugfs(request, nr = partitions[0]?.nr) {
      const p = partitions.find((x) => x.nr === nr);
      if (!p) throw new Error(`no partition ${nr} in ${qcow2}`);
      return execFileSync('debugfs', ['-R', request, `${raw}?offset=${p.start * 512}`], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    },
    bytes(offset, length) {
      const fd = openSync(raw, 'r');
      try {
        const buf = Buffer.alloc(length);
        readSync(fd, buf, 0, length, offset);
        return buf;
      } finally {
        closeSync(fd);
      }
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
