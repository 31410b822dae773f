// A SHA-256 over files of a SourceTree: every file's path (relative to the digested folder), git
// mode and bytes, in sorted order, so the same contents give the same digest on any machine, at any
// absolute path, from the work tree or from a git commit.
import { createHash } from 'node:crypto';
import type { SourceTree } from '../config/source-tree.js';

/** Digest of everything below `dir` (except paths starting with `skip`); undefined when there is nothing. */
export async function folderDigest(
  tree: SourceTree,
  dir: string,
  skip?: string,
): Promise<string | undefined> {
  const files = (await tree.listFiles(dir)).filter((f) => skip === undefined || !f.path.startsWith(skip));
  if (files.length === 0) return undefined;
  const hash = createHash('sha256');
  const contents = await Promise.all(files.map((f) => tree.readFile(f.path)));
  files.forEach((f, i) => addFile(hash, f.path.slice(dir.length + 1), f.mode, contents[i]!));
  return hash.digest('hex');
}

/** Digest of one file (its bytes only: a file's path is the caller's business); undefined when absent. */
export async function fileDigest(tree: SourceTree, path: string): Promise<string | undefined> {
  const bytes = await tree.readFile(path);
  return bytes && createHash('sha256').update(bytes).digest('hex');
}

function addFile(hash: ReturnType<typeof createHash>, path: string, mode: number, bytes: Buffer): void {
  // Length-prefixed fields: no choice of names or contents can make two different trees collide.
  hash.update(`${Buffer.byteLength(path)}:${path}\0${mode.toString(8)}\0${bytes.length}:`);
  hash.update(bytes);
}
