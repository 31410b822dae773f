// A SHA-256 over files of a SourceTree: every file's path (relative to the digested folder), git
// mode and bytes, in sorted order, so the same contents give the same digest on any machine, at any
// absolute path, from the work tree or from a git commit.
import * as crypto from 'node:crypto';
import type { SourceTree, TreeEntry } from '../config/source-tree.js';

/** Digest of everything below `dir` (except paths starting with `skip`); undefined when there is nothing. */
export async function folderDigest(
  tree: SourceTree,
  dir: string,
  skip?: string,
): Promise<string | undefined> {
  if (skip === undefined) {
    const known = await tree.knownDigest?.(dir);
    if (known !== undefined) return known;
  }
  const files = (await tree.listFiles(dir)).filter((f) => skip === undefined || !f.path.startsWith(skip));
  const contents = await Promise.all(files.map((f) => tree.readFile(f.path)));
  return digestFiles(
    crypto,
    dir,
    files.map((f, i) => ({ path: f.path, mode: f.mode, bytes: contents[i]! })),
  );
}

/** Digest of one file (its bytes only: a file's path is the caller's business); undefined when absent. */
export async function fileDigest(tree: SourceTree, path: string): Promise<string | undefined> {
  const bytes = await tree.readFile(path);
  return bytes && crypto.createHash('sha256').update(bytes).digest('hex');
}

/**
 * The digest of `files` (sorted by path, all below `dir`); undefined for none. Self-contained (it uses
 * nothing but its arguments) because src/plan/tree-prefetch.ts runs its source text in a worker.
 */
export function digestFiles(
  cryptoModule: typeof crypto,
  dir: string,
  files: (TreeEntry & { bytes: Buffer })[],
): string | undefined {
  if (files.length === 0) return undefined;
  const hash = cryptoModule.createHash('sha256');
  for (const f of files) {
    const path = f.path.slice(dir.length + 1);
    // Length-prefixed fields: no choice of names or contents can make two different trees collide.
    hash.update(`${Buffer.byteLength(path)}:${path}\0${f.mode.toString(8)}\0${f.bytes.length}:`);
    hash.update(f.bytes);
  }
  return hash.digest('hex');
}
