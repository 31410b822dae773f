// Where config, elements and templates are read from. The work tree normally; for `plan --since REF`
// the same files as they were at a git commit (read through git, never touching the work tree).
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

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
 */
export function workTree(root: string): SourceTree {
  return {
    root,
    label: 'work tree',
    async readFile(path) {
      try {
        const full = join(root, path);
        const st = lstatSync(full);
        if (st.isSymbolicLink()) return Buffer.from(readlinkSync(full));
        return readFileSync(full);
      } catch (err) {
        if (
          (err as NodeJS.ErrnoException).code === 'ENOENT' ||
          (err as NodeJS.ErrnoException).code === 'ENOTDIR'
        ) {
          return undefined;
        }
        throw err;
      }
    },
    async listFiles(dir) {
      const out: TreeEntry[] = [];
      const walk = (abs: string): void => {
        let entries;
        try {
          entries = readdirSync(abs, { withFileTypes: true });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
          throw err;
        }
        for (const e of entries) {
          const full = join(abs, e.name);
          if (e.isDirectory()) walk(full);
          else if (e.isSymbolicLink()) out.push({ path: toPosix(relative(root, full)), mode: 0o120000 });
          else if (e.isFile()) {
            const st = lstatSync(full);
            out.push({ path: toPosix(relative(root, full)), mode: st.mode & 0o111 ? 0o100755 : 0o100644 });
          }
        }
      };
      walk(join(root, dir));
      return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
  };
}
