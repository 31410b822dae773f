// The file each site uploads: the built file itself when the site wants the record's format, else a
// qemu-img conversion into the cache. A run converts each image to each format once, however many
// sites want it; a conversion finished by an earlier run (same source hash) is reused. The source is
// checked against its record before converting, since the upload then sees only the converted bytes.
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { runChecked, type Runner } from '../exec.js';
import type { Logger } from '../log.js';
import { digestFile } from '../image-build/file-digest.js';
import type { ImageStream, UploadResult } from '../openstack/glance-types.js';
import type { FoundRecord } from './records.js';

/** Glance disk formats qemu-img can write, with qemu-img's name for them. */
const QEMU_FORMAT: Record<string, string> = {
  raw: 'raw',
  qcow2: 'qcow2',
  vmdk: 'vmdk',
  vdi: 'vdi',
  vhd: 'vpc',
  vhdx: 'vhdx',
};

export interface UploadFile {
  /** The file; for a stream, where its bytes come from (for messages). */
  path: string;
  format: string;
  /** Bytes arriving once (a download going straight into Glance) instead of the file at `path`. */
  stream?: ImageStream;
  /**
   * Throws when the bytes sent are not the ones promised: the built file itself must reproduce its
   * record's sha512, a download its manifest's hashes. Run before the staging image is marked verified.
   */
  check?: (sent: UploadResult) => void;
}

export class Converter {
  private readonly done = new Map<string, Promise<UploadFile>>();

  constructor(
    private readonly runner: Runner,
    private readonly cacheDir: string,
    private readonly logger: Logger,
  ) {}

  /** Throws bad input for a format qemu-img cannot produce (checked before anything changes). */
  static check(format: string, where: string): void {
    if (!QEMU_FORMAT[format]) {
      throw new InputError(
        `${where}: kiln cannot convert images to disk_format '${format}'`,
        undefined,
        `use one of ${Object.keys(QEMU_FORMAT).join(', ')}`,
      );
    }
  }

  fileFor(found: FoundRecord, format: string): Promise<UploadFile> {
    const { record } = found;
    if (format === record.format) {
      return Promise.resolve({
        path: found.file,
        format,
        check: (sent) => {
          if (sent.sha512 === record.sha512) return;
          throw new InputError(
            `image file ${found.file} does not match the sha512 in its build record; nothing was published`,
            { file: found.path, line: 1, col: 1 },
            'the file changed after the build; rebuild it',
          );
        },
      });
    }
    const id = `${record.sha512.slice(0, 32)}.${format}`;
    let p = this.done.get(id);
    if (!p) {
      p = this.convert(found, format, join(this.cacheDir, 'converted', id));
      this.done.set(id, p);
    }
    return p;
  }

  private async convert(found: FoundRecord, format: string, out: string): Promise<UploadFile> {
    const { record } = found;
    if (await stat(out).catch(() => undefined)) return { path: out, format };
    const digest = await digestFile(found.file);
    if (digest.sha256 !== record.sha256 || digest.sha512 !== record.sha512) {
      throw new InputError(`image file ${found.file} does not match the sha256/sha512 in its build record`, {
        file: found.path,
        line: 1,
        col: 1,
      });
    }
    await mkdir(join(this.cacheDir, 'converted'), { recursive: true });
    const tmp = `${out}.partial-${process.pid}`;
    this.logger.info(`converting ${record.name} (${record.arch}) from ${record.format} to ${format}`);
    try {
      await runChecked(
        this.runner,
        'qemu-img',
        [
          'convert',
          '-f',
          QEMU_FORMAT[record.format] ?? record.format,
          '-O',
          QEMU_FORMAT[format]!,
          found.file,
          tmp,
        ],
        { doing: `converting to ${format}`, target: `${record.name} (${record.arch})` },
      );
      // Renamed only when complete, so a crash never leaves a half-written file under the final name.
      await rename(tmp, out);
    } finally {
      await rm(tmp, { force: true });
    }
    return { path: out, format };
  }
}
