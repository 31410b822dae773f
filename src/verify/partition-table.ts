// Where the filesystems of a raw disk image are, read from its MBR or GPT in TypeScript: the file
// checks then open a filesystem at a byte offset, which needs neither device-mapper nor root.
import { open, type FileHandle } from 'node:fs/promises';

const SECTOR = 512;
const MBR_SIGNATURE = 0xaa55;
const MBR_PROTECTIVE = 0xee;
const MBR_EXTENDED = new Set([0x05, 0x0f, 0x85]);
const GPT_SIGNATURE = 'EFI PART';
const EXT_MAGIC = 0xef53;

export interface DiskPartition {
  /** 1-based, as the kernel numbers them; 0 for a filesystem on the whole disk. */
  number: number;
  /** Byte offset and length within the raw image. */
  offset: number;
  size: number;
}

export type PartitionTableKind = 'mbr' | 'gpt' | 'none';

export interface PartitionTable {
  kind: PartitionTableKind;
  partitions: DiskPartition[];
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

function parseGpt(entries: Buffer, entrySize: number, diskSize: number): DiskPartition[] {
  const count = entries.length / entrySize;
  const parts: DiskPartition[] = [];
  for (let i = 0; i < count; i++) {
    const e = entries.subarray(i * entrySize, (i + 1) * entrySize);
    // An all-zero type GUID marks an unused slot.
    if (e.subarray(0, 16).every((b) => b === 0)) continue;
    const first = Number(e.readBigUInt64LE(32));
    const last = Number(e.readBigUInt64LE(40));
    const offset = first * SECTOR;
    const size = (last - first + 1) * SECTOR;
    if (last < first || offset + size > diskSize) continue;
    parts.push({ number: i + 1, offset, size });
  }
  return parts;
}

function parseMbr(sector0: Buffer, diskSize: number): DiskPartition[] {
  const parts: DiskPartition[] = [];
  for (let i = 0; i < 4; i++) {
    const e = sector0.subarray(446 + i * 16, 446 + (i + 1) * 16);
    const type = e[4];
    const start = e.readUInt32LE(8);
    const sectors = e.readUInt32LE(12);
    // Logical partitions inside an extended one are not followed: cloud images do not use them.
    if (type === 0 || sectors === 0 || MBR_EXTENDED.has(type)) continue;
    const offset = start * SECTOR;
    const size = sectors * SECTOR;
    if (offset + size > diskSize) continue;
    parts.push({ number: i + 1, offset, size });
  }
  return parts;
}

/** Reads the partition table of a raw image; a bare filesystem is reported as one partition 0. */
export async function readPartitionTable(rawPath: string): Promise<PartitionTable> {
  const fh = await open(rawPath, 'r');
  try {
    const { size: diskSize } = await fh.stat();
    const sector0 = await readAt(fh, 0, SECTOR);
    const hasMbr = sector0.length === SECTOR && sector0.readUInt16LE(510) === MBR_SIGNATURE;
    if (hasMbr && [0, 1, 2, 3].some((i) => sector0[446 + i * 16 + 4] === MBR_PROTECTIVE)) {
      const header = await readAt(fh, SECTOR, SECTOR);
      if (header.subarray(0, 8).toString('latin1') === GPT_SIGNATURE) {
        const entriesLba = Number(header.readBigUInt64LE(72));
        const count = header.readUInt32LE(80);
        const entrySize = header.readUInt32LE(84);
        // The GPT spec allows at most a few thousand entries; a bigger count is a corrupt header.
        if (entrySize >= 128 && count > 0 && count <= 4096) {
          const entries = await readAt(fh, entriesLba * SECTOR, count * entrySize);
          return { kind: 'gpt', partitions: parseGpt(entries, entrySize, diskSize) };
        }
      }
    }
    if (hasMbr) {
      const partitions = parseMbr(sector0, diskSize);
      if (partitions.length > 0) return { kind: 'mbr', partitions };
    }
    return { kind: 'none', partitions: [{ number: 0, offset: 0, size: diskSize }] };
  } finally {
    await fh.close();
  }
}

/** True when an ext2/3/4 superblock sits at `offset` (magic at byte 56 of the block at 1024). */
export async function hasExtFilesystem(rawPath: string, offset: number): Promise<boolean> {
  const fh = await open(rawPath, 'r');
  try {
    const sb = await readAt(fh, offset + 1024, 64);
    return sb.length === 64 && sb.readUInt16LE(56) === EXT_MAGIC;
  } finally {
    await fh.close();
  }
}
