// Where config, elements and templates are read from. The work tree normally; for `plan --since REF`
// the same files as they were at a git commit (read through git, never touching the work tree).
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
} from 'node:fs';
import { join, normalize, sep } from 'node:path';

export interface TreeEntry {
  /** Path relative to the tree root, with forward slashes. */
  path: string;
  /** git-style mode: 0o100644, 0o100755 or 0o120000 (symlink). */
  mode: number;
}

export interface SourceTree {
  /** Absolute path of the repository root (for messages and for tools that need real files). */
  root: string;
  /** "work tree" or "git:<ref>", for messages. */
  label: string;
  /** File contents (a symlink's target for links), or undefined when there is no such file. */
  readFile(path: string): Promise<Buffer | undefined>;
  /** Every file below `dir` (recursive), sorted by path; empty when `dir` does not exist. */
  listFiles(dir: string): Promise<TreeEntry[]>;
}

const toPosix = (p: string) => p.split(sep).join('/');

/**
 * The files on disk below `root`. Reads are synchronous on purpose: a catalogue has thousands of small
 * element files, and the promise and thread-pool round trips cost more than the reads themselves.
 * For the same reason paths are joined as strings (tree paths always use `/`), not through node:path,
 * and a listed file's mode comes from the stat its read makes anyway (asked of the disk only when
 * the mode is wanted before or without a read).
 */
export function workTree(root: string): SourceTree {
  const modes = new Map<string, number>();
  const gitMode = (st: { mode: number }) => (st.mode & 0o111 ? 0o100755 : 0o100644);
  const listed = (path: string, full: string): TreeEntry => ({
    path,
    get mode() {
      let mode = modes.get(path);
      if (mode === undefined) modes.set(path, (mode = gitMode(lstatSync(full))));
      return mode;
    },
  });
  return {
    root,
    label: 'work tree',
    async readFile(path) {
      const full = join(root, path);
      let fd: number;
      try {
        // O_NOFOLLOW: a symlink fails with ELOOP instead of being followed; it reads as its target.
        fd = openSync(full, constants.O_RDONLY | constants.O_NOFOLLOW);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') return Buffer.from(readlinkSync(full));
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        throw err;
      }
      try {
        const st = fstatSync(fd);
        if (!st.isFile()) return readFileSync(fd);
        modes.set(path, gitMode(st));
        const bytes = Buffer.allocUnsafe(st.size);
        let filled = 0;
        for (let n = 1; n > 0 && filled < st.size; filled += n) {
          n = readSync(fd, bytes, filled, st.size - filled, filled);
        }
        return bytes.subarray(0, filled);
      } finally {
        closeSync(fd);
      }
    },
    async listFiles(dir) {
      const out: TreeEntry[] = [];
      const walk = (abs: string, rel: string): void => {
        let entries;
        try {
          entries = readdirSync(abs, { withFileTypes: true });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
          throw err;
        }
        for (const e of entries) {
          const full = `${abs}/${e.name}`;
          const path = rel === '' ? e.name : `${rel}/${e.name}`;
          if (e.isDirectory()) walk(full, path);
          else if (e.isSymbolicLink()) out.push({ path, mode: 0o120000 });
          else if (e.isFile()) out.push(listed(path, full));
        }
      };
      const start = toPosix(normalize(dir)).replace(/\/+$/, '');
      if (start === '.') walk(root, '');
      else walk(join(root, start), start);
      return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
  };
}
