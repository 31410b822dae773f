// Reads directories of an ext2/3/4 filesystem inside a raw disk image with debugfs, without mounting
// it: e2fsprogs opens `image?offset=N` at a byte offset, so neither root, loop devices nor
// device-mapper are needed (same on a GitHub runner as here). Many directories are listed in one
// debugfs run, because starting debugfs on a large image is the slow part.
import { WorldError } from '../errors.js';
import { runChecked, type Runner } from '../exec.js';

export type EntryType = 'dir' | 'file' | 'link' | 'other';

export interface DirEntry {
  name: string;
  type: EntryType;
}

// `ls -p` prints one entry per line: /inode/mode(octal)/uid/gid/name/size/
const ENTRY_LINE = /^\/\d+\/(\d+)\/\d+\/\d+\/(.*)\/\d*\/$/;
const PROMPT = 'debugfs: ';

function entryType(mode: number): EntryType {
  switch (mode & 0o170000) {
    case 0o040000:
      return 'dir';
    case 0o100000:
      return 'file';
    case 0o120000:
      return 'link';
    default:
      return 'other';
  }
}

/** debugfs's command parser takes double quotes, with `""` for a literal quote. */
function quote(path: string): string {
  return `"${path.replace(/"/g, '""')}"`;
}

export class ExtFilesystem {
  /**
   * @param rawPath a raw disk image whose path has no `?` (debugfs reads options after it)
   * @param offset byte offset of the filesystem within the image
   */
  constructor(
    private readonly runner: Runner,
    private readonly rawPath: string,
    private readonly offset: number,
  ) {
    if (rawPath.includes('?')) throw new Error(`debugfs cannot open a path containing '?': ${rawPath}`);
  }

  private get device(): string {
    return `${this.rawPath}?offset=${this.offset}`;
  }

  /**
   * The contents of a regular file (an absolute path inside the filesystem) as UTF-8 text, or
   * undefined when there is no such file.
   */
  async readText(path: string): Promise<string | undefined> {
    // The trailing slash makes debugfs follow a final symlink (/etc/os-release -> ../usr/lib/os-release).
    const res = await runChecked(this.runner, 'debugfs', ['-R', `cat ${quote(`${path}/`)}`, this.device], {
      maxBuffer: 256 * 1024 * 1024,
      doing: `reading ${path} with debugfs`,
      target: this.device,
    });
    if (/while (trying to open|opening filesystem)/.test(res.stderr)) {
      throw new WorldError({
        doing: 'opening the image filesystem with debugfs',
        target: this.device,
        answer: res.stderr.trim().split('\n').slice(-3).join('\n'),
      });
    }
    // debugfs prints its banner to stderr, and "File not found by ext2_lookup" for a missing path.
    if (/not found by ext2_lookup/.test(res.stderr)) return undefined;
    return res.stdout;
  }

  /**
   * Lists directories (absolute paths inside the filesystem); symlinks to directories are followed.
   * A path that does not exist or is not a directory maps to undefined.
   */
  async listDirs(dirs: readonly string[]): Promise<Map<string, DirEntry[] | undefined>> {
    const result = new Map<string, DirEntry[] | undefined>();
    const unique = [...new Set(dirs)];
    if (unique.length === 0) return result;
    // The trailing slash makes debugfs follow a final symlink ("/lib" -> "usr/lib").
    const commands = unique.map((d) => `ls -p ${quote(d.endsWith('/') ? d : `${d}/`)}`);
    const res = await runChecked(this.runner, 'debugfs', ['-f', '-', this.device], {
      input: commands.join('\n') + '\n',
      maxBuffer: 64 * 1024 * 1024,
      doing: 'reading the image filesystem with debugfs',
      target: this.device,
    });
    if (/while (trying to open|opening filesystem)|Filesystem not open/.test(res.stderr)) {
      throw new WorldError({
        doing: 'opening the image filesystem with debugfs',
        target: this.device,
        answer: res.stderr.trim().split('\n').slice(-3).join('\n'),
      });
    }
    // debugfs echoes each command as "debugfs: <command>"; the output of that command follows.
    const sections: string[][] = [];
    for (const line of res.stdout.split('\n')) {
      if (line.startsWith(PROMPT)) sections.push([]);
      else sections.at(-1)?.push(line);
    }
    if (sections.length !== unique.length) {
      throw new WorldError({
        doing: 'reading the image filesystem with debugfs',
        target: this.device,
        answer: `expected ${unique.length} listings, got ${sections.length}`,
      });
    }
    unique.forEach((dir, i) => {
      const entries: DirEntry[] = [];
      for (const line of sections[i]) {
        const m = ENTRY_LINE.exec(line);
        if (!m || m[2] === '.' || m[2] === '..') continue;
        entries.push({ name: m[2], type: entryType(parseInt(m[1], 8)) });
      }
      // Every directory lists "." and ".."; no lines at all means missing or not a directory.
      const found = sections[i].some((l) => ENTRY_LINE.test(l));
      result.set(dir, found ? entries : undefined);
    });
    return result;
  }
}
