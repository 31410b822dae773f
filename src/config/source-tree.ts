// Where config, elements and templates are read from. The work tree normally; for `plan --since REF`
// the same files as they were at a git commit (read through git, never touching the work tree).
import * as fs from 'node:fs';
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
  /**
   * The digest of the files below `dir` (src/plan/tree-digest.ts) when the tree already has it,
   * computed on another thread while it read them; undefined when it does not.
   */
  knownDigest?(dir: string): Promise<string | undefined>;
  /** Several files at once, as readFile gives each (see readFiles below). */
  readFiles?(paths: readonly string[]): Promise<(Buffer | undefined)[]>;
}

/**
 * Several files in one round trip where the tree can (an element's files for a thousand elements
 * are otherwise a thousand chains of promises), one readFile each where it cannot.
 */
export function readFiles(tree: SourceTree, paths: readonly string[]): Promise<(Buffer | undefined)[]> {
  return tree.readFiles ? tree.readFiles(paths) : Promise.all(paths.map((p) => tree.readFile(p)));
}

const toPosix = (p: string) => p.split(sep).join('/');

type Fs = typeof import('node:fs');

/**
 * The files below the folder `abs` (whose tree path is `rel`), in directory order: regular files and
 * symlinks, not followed. Self-contained (it uses nothing but its arguments) because
 * src/plan/tree-prefetch.ts runs its source text in a worker thread.
 */
export function walkTree(fs: Fs, abs: string, rel: string): { path: string; full: string }[] {
  const out: { path: string; full: string }[] = [];
  const walk = (dirAbs: string, dirRel: string): void => {
    let entries;
    try {
      entries = fs.readdirSync(dirAbs, { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw err;
    }
    for (const e of entries) {
      const full = `${dirAbs}/${e.name}`;
      const path = dirRel === '' ? e.name : `${dirRel}/${e.name}`;
      if (e.isDirectory()) walk(full, path);
      else if (e.isSymbolicLink() || e.isFile()) out.push({ path, full });
    }
  };
  walk(abs, rel);
  return out;
}

/**
 * A tree file's bytes and git mode (a symlink is its target, not followed); undefined when absent.
 * Self-contained like walkTree, for the same reason.
 */
export function readTreeFile(fs: Fs, full: string): { bytes: Buffer; mode: number } | undefined {
  let fd: number;
  try {
    // O_NOFOLLOW: a symlink fails with ELOOP instead of being followed.
    fd = fs.openSync(full, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { bytes: Buffer.from(fs.readlinkSync(full)), mode: 0o120000 };
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
  try {
    const st = fs.fstatSync(fd);
    // Not a regular file: let readFileSync say what is wrong (EISDIR).
    if (!st.isFile()) return { bytes: fs.readFileSync(fd), mode: 0o100644 };
    const bytes = Buffer.allocUnsafe(st.size);
    let filled = 0;
    for (let n = 1; n > 0 && filled < st.size; filled += n) {
      n = fs.readSync(fd, bytes, filled, st.size - filled, filled);
    }
    return { bytes: bytes.subarray(0, filled), mode: st.mode & 0o111 ? 0o100755 : 0o100644 };
  } finally {
    fs.closeSync(fd);
  }
}

export const byPath = (a: TreeEntry, b: TreeEntry) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * The files on disk below `root`. Reads are synchronous on purpose: a catalogue has thousands of small
 * element files, and the promise and thread-pool round trips cost more than the reads themselves.
 * For the same reason paths are joined as strings (tree paths always use `/`), not through node:path,
 * and a listed file's mode comes from the stat its read makes anyway (asked of the disk only when
 * the mode is wanted before or without a read).
 */
export function workTree(root: string): SourceTree {
  const modes = new Map<string, number>();
  const listed = (path: string, full: string): TreeEntry => ({
    path,
    get mode() {
      let mode = modes.get(path);
      if (mode === undefined) {
        const st = fs.lstatSync(full);
        mode = st.isSymbolicLink() ? 0o120000 : st.mode & 0o111 ? 0o100755 : 0o100644;
        modes.set(path, mode);
      }
      return mode;
    },
  });
  const read = (path: string) => {
    const file = readTreeFile(fs, join(root, path));
    if (file) modes.set(path, file.mode);
    return file?.bytes;
  };
  return {
    root,
    label: 'work tree',
    async readFile(path) {
      return read(path);
    },
    async readFiles(paths) {
      return paths.map(read);
    },
    async listFiles(dir) {
      const start = toPosix(normalize(dir)).replace(/\/+$/, '');
      const files = start === '.' ? walkTree(fs, root, '') : walkTree(fs, join(root, start), start);
      return files.map((f) => listed(f.path, f.full)).sort(byPath);
    },
  };
}
