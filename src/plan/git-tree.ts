// A SourceTree that reads the files of a git commit without touching the work tree, for
// `kiln plan --since REF`. One `git ls-tree` lists every path; one long-lived `git cat-file --batch`
// serves every file read, so planning a large catalogue costs two processes, not one per file.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { InputError, WorldError } from '../errors.js';
import { runChecked, type Runner } from '../exec.js';
import type { SourceTree, TreeEntry } from '../config/source-tree.js';

export interface GitTree extends SourceTree {
  /** The full commit SHA the ref resolved to. */
  commit: string;
  /** Ends the cat-file process; reads after this fail. */
  close(): Promise<void>;
  /** Lists the commit and starts the reader now, ahead of the reads a caller knows will come. */
  prefetch(): void;
}

interface GitEntry extends TreeEntry {
  object: string;
  /** The repository that has the object: the superproject's reader or a submodule's. */
  reader: CatFileReader;
}

/**
 * The files below `root` (a folder inside a git work tree) as they are at `ref`.
 * An unknown ref or a folder outside git is bad input (exit 2).
 */
export async function gitTree(root: string, ref: string, runner: Runner): Promise<GitTree> {
  const git = (args: string[], doing: string) =>
    runChecked(runner, 'git', args, { cwd: root, doing, maxBuffer: 256 * 1024 * 1024 });

  // One process for both (each spawn forks all of kiln): the folder's place in the repository, then
  // the commit; exit 1 is a ref that names no commit, anything else no repository.
  const resolved = await runner(
    'git',
    ['rev-parse', '--show-prefix', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`],
    { cwd: root },
  );
  const [prefixLine = '', commitLine = ''] = resolved.stdout.split('\n');
  if (resolved.code !== 0 && resolved.code !== 1) {
    throw new InputError(
      `--since ${ref}: ${root} is not inside a git repository`,
      undefined,
      'run kiln plan from a git checkout, or drop --since',
    );
  }
  const prefix = prefixLine.trim();
  if (resolved.code !== 0 || !commitLine) {
    throw new InputError(
      `--since ${ref}: no such commit in the repository at ${root}`,
      undefined,
      'check the ref; a shallow CI checkout must fetch it first: actions/checkout with fetch-depth: 0',
    );
  }
  const commit = commitLine.trim();

  // Paths are made relative to the folder kiln runs in (`prefix` inside the repository), so they
  // match the work tree's; a folder that did not exist at REF is simply an empty tree. Listed on
  // first use: `plan --since` often finds nothing changed and reads nothing.
  const reader = new CatFileReader(root);
  const readers = [reader];
  const list = async () => {
    const args = ['ls-tree', '-r', '-z', '--full-tree', commit, ...(prefix ? ['--', prefix] : [])];
    const listing = await git(args, `listing files at ${ref}`);
    const entries: GitEntry[] = [];
    for (const record of listing.stdout.split('\0')) {
      if (!record) continue;
      const tab = record.indexOf('\t');
      const [mode, type, object] = record.slice(0, tab).split(' ');
      const path = record.slice(tab + 1 + prefix.length);
      if (type === 'commit') {
        // A submodule counts by its files at the commit the superproject records.
        entries.push(...(await submoduleEntries(root, path, object, ref, runner, readers)));
      } else if (type === 'blob') {
        entries.push({ path, mode: parseInt(mode, 8), object, reader });
      }
    }
    entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { entries, byPath: new Map(entries.map((e) => [e.path, e])) };
  };
  let listed: ReturnType<typeof list> | undefined;
  const listing = () => (listed ??= list());
  const readFile = async (path: string) => {
    const entry = (await listing()).byPath.get(path);
    return entry ? entry.reader.read(entry.object, path) : undefined;
  };

  return {
    root,
    label: `git:${ref}`,
    commit,
    readFile,
    async readFiles(paths) {
      const { byPath } = await listing();
      const wanted = paths.map((path) => byPath.get(path));
      if (wanted.some((e) => e && e.reader !== reader)) return Promise.all(paths.map(readFile));
      const read = reader.readMany(
        wanted.flatMap((entry, i) => (entry ? [{ object: entry.object, path: paths[i] }] : [])),
      );
      const got = await read;
      let j = 0;
      return wanted.map((entry) => (entry ? got[j++] : undefined));
    },
    async listFiles(dir) {
      const { entries } = await listing();
      const start = dir.replace(/\/+$/, '') + '/';
      const out: TreeEntry[] = [];
      // Entries are sorted, so the folder's files form one run starting at the first path >= start.
      for (let i = lowerBound(entries, start); i < entries.length && entries[i].path.startsWith(start); i++) {
        out.push({ path: entries[i].path, mode: entries[i].mode });
      }
      return out;
    },
    close: async () => void (await Promise.all(readers.map((r) => r.close()))),
    prefetch() {
      listing().catch(() => {}); // a failure is reported by the read that needs the listing
      reader.start();
    },
  };
}

/**
 * The files of the submodule at `path` as of `commit`, read from the submodule's own git dir (the
 * objects a checkout fetched; kiln fetches nothing). A submodule that is not checked out has none.
 */
async function submoduleEntries(
  root: string,
  path: string,
  commit: string,
  ref: string,
  runner: Runner,
  readers: CatFileReader[],
): Promise<GitEntry[]> {
  const cwd = join(root, path);
  const inside = await runner('git', ['rev-parse', '--show-prefix'], { cwd });
  if (inside.code !== 0 || inside.stdout.trim() !== '') return [];
  const listing = await runner('git', ['ls-tree', '-r', '-z', '--full-tree', commit], {
    cwd,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (listing.code !== 0) {
    throw new WorldError({
      doing: `reading submodule ${path} at ${ref}`,
      answer: `its git dir does not have commit ${commit}; fetch it (git submodule update) and plan again`,
    });
  }
  const reader = new CatFileReader(cwd);
  readers.push(reader);
  const entries: GitEntry[] = [];
  for (const record of listing.stdout.split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, type, object] = record.slice(0, tab).split(' ');
    if (type === 'blob')
      entries.push({ path: `${path}/${record.slice(tab + 1)}`, mode: parseInt(mode, 8), object, reader });
  }
  return entries;
}

function lowerBound(entries: GitEntry[], path: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid].path < path) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Pending {
  path: string;
  resolve: (b: Buffer) => void;
  reject: (e: Error) => void;
}

/** Requests are answered in order, so a FIFO of waiters and one parse buffer is all it takes. */
class CatFileReader {
  private child?: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private failure?: Error;

  constructor(private readonly cwd: string) {}

  read(object: string, path: string): Promise<Buffer> {
    return this.readMany([{ object, path }]).then((got) => got[0]);
  }

  /** Several objects with one write: a catalogue's element files are a thousand requests. */
  readMany(wanted: { object: string; path: string }[]): Promise<Buffer[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (wanted.length === 0) return Promise.resolve([]);
    const child = this.start();
    const reads = wanted.map(
      ({ path }) => new Promise<Buffer>((resolve, reject) => this.pending.push({ path, resolve, reject })),
    );
    child.stdin.write(wanted.map((w) => `${w.object}\n`).join(''));
    return Promise.all(reads);
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.stdin.end();
    });
  }

  start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.drain();
    });
    const fail = (answer: string) => {
      this.failure = new WorldError({ doing: 'reading files with git cat-file', target: this.cwd, answer });
      for (const p of this.pending.splice(0)) p.reject(this.failure);
    };
    child.on('error', (e) => fail(e.message));
    child.on('close', (code) => {
      if (this.pending.length > 0) fail(`git exited with ${code}${stderr ? `: ${stderr.trim()}` : ''}`);
    });
    this.child = child;
    return child;
  }

  /** Parses every complete `<object> blob <size>\n<bytes>\n` answer in the buffer. */
  private drain(): void {
    while (this.pending.length > 0) {
      const eol = this.buffer.indexOf(0x0a);
      if (eol < 0) return;
      const header = this.buffer.subarray(0, eol).toString('utf8').split(' ');
      if (header[1] === 'missing') {
        this.buffer = this.buffer.subarray(eol + 1);
        const p = this.pending.shift()!;
        p.reject(
          new WorldError({ doing: 'reading a file with git cat-file', target: p.path, answer: 'missing' }),
        );
        continue;
      }
      const size = Number(header[2]);
      if (this.buffer.length < eol + 1 + size + 1) return;
      const body = Buffer.from(this.buffer.subarray(eol + 1, eol + 1 + size));
      this.buffer = this.buffer.subarray(eol + 1 + size + 1);
      this.pending.shift()!.resolve(body);
    }
  }
}
