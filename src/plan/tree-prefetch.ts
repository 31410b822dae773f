// Reading a large elements/ folder in a worker thread while the main thread parses and checks the
// config. Planning hashes every element file; for a catalogue of a thousand images that is thousands
// of small reads, as long as the config work itself. On a second core they overlap.
//
// The worker runs the work tree's own walk and read functions from their source text, so what it
// lists and reads is exactly what the work tree would; it also digests each folder in `dir` with
// tree-digest's own function (the element folders' digests that build keys are made of). Any failure in the worker (or a worker that
// cannot start) just means the files are read on the main thread, by the tree underneath.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PROJECT_ELEMENTS_DIR } from '../config/elements-path.js';
import {
  byPath,
  readFiles,
  readTreeFile,
  walkTree,
  workTree,
  type SourceTree,
  type TreeEntry,
} from '../config/source-tree.js';
import { digestFiles } from './tree-digest.js';
import { within } from '../within.js';

/** Below this many entries in the folder, a worker costs more than it saves. */
export const PREFETCH_MIN_ENTRIES = 64;

const WORKER_SOURCE = `
const fs = require('node:fs');
const crypto = require('node:crypto');
const { parentPort, workerData } = require('node:worker_threads');
const walkTree = ${walkTree.toString()};
const readTreeFile = ${readTreeFile.toString()};
const byPath = ${byPath.toString()};
const digestFiles = ${digestFiles.toString()};
const { abs, rel } = workerData;
const meta = [];
const parts = [];
const folders = new Map();
for (const { path, full } of walkTree(fs, abs, rel)) {
  const file = readTreeFile(fs, full);
  if (!file) continue;
  meta.push(path, file.mode, file.bytes.length);
  parts.push(file.bytes);
  const cut = path.indexOf('/', rel.length + 1);
  if (cut < 0) continue;
  const folder = path.slice(0, cut);
  if (!folders.has(folder)) folders.set(folder, []);
  folders.get(folder).push({ path, mode: file.mode, bytes: file.bytes });
}
const digests = [];
for (const [folder, files] of folders) digests.push(folder, digestFiles(crypto, folder, files.sort(byPath)));
const all = Buffer.concat(parts);
parentPort.postMessage(
  { meta, digests, buffer: all.buffer, offset: all.byteOffset, length: all.length },
  [all.buffer],
);
`;

interface Prefetched {
  entries: TreeEntry[];
  files: Map<string, Buffer>;
  /** Digest of each folder directly in the prefetched one that holds files. */
  digests: Map<string, string>;
}

/** The work tree at `root`, its elements/ read ahead (from now on) when it is large. */
export function readAheadWorkTree(root: string): SourceTree {
  return prefetchFolder(workTree(root), PROJECT_ELEMENTS_DIR);
}

let early: { root: string; tree: SourceTree } | undefined;

/**
 * Starts the read-ahead of `root` before the rest of kiln is loaded (the CLI's entry does, for
 * commands that read the project): the worker then boots and reads while the main thread compiles
 * kiln's modules and parses the config, instead of after.
 */
export function startReadAhead(root: string): void {
  early = { root, tree: readAheadWorkTree(root) };
}

/** The read-ahead started early for `root` (once: a second load reads afresh), else a new one. */
export function takeReadAhead(root: string): SourceTree {
  if (early?.root !== root) return readAheadWorkTree(root);
  const { tree } = early;
  early = undefined;
  return tree;
}

/**
 * `tree` (a work tree) with the files below `dir` read ahead in a worker, when `dir` holds at least
 * `minEntries` entries; otherwise `tree` itself.
 */
export function prefetchFolder(tree: SourceTree, dir: string, minEntries = PREFETCH_MIN_ENTRIES): SourceTree {
  const abs = join(tree.root, dir);
  let count: number;
  try {
    count = readdirSync(abs).length;
  } catch {
    return tree;
  }
  if (count < minEntries) return tree;
  const prefetched = readInWorker(abs, dir);
  return {
    root: tree.root,
    label: tree.label,
    async readFile(path) {
      const got = within(path, dir) ? (await prefetched)?.files.get(path) : undefined;
      return got ?? tree.readFile(path);
    },
    async readFiles(paths) {
      const got = await prefetched;
      const out = paths.map((p) => (within(p, dir) ? got?.files.get(p) : undefined));
      const rest = paths.filter((_, i) => out[i] === undefined);
      if (rest.length > 0) {
        const more = await readFiles(tree, rest);
        for (let i = 0, j = 0; i < out.length; i++) if (out[i] === undefined) out[i] = more[j++];
      }
      return out;
    },
    async knownDigest(folder) {
      return within(folder, dir) ? (await prefetched)?.digests.get(folder) : undefined;
    },
    async listFiles(folder) {
      const got = within(folder, dir) ? await prefetched : undefined;
      if (!got) return tree.listFiles(folder);
      return folder === dir ? got.entries : got.entries.filter((e) => e.path.startsWith(`${folder}/`));
    },
  };
}

function readInWorker(abs: string, rel: string): Promise<Prefetched | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { abs, rel } });
    } catch {
      resolve(undefined);
      return;
    }
    // Never keeps kiln running: a plan that stops early (bad config) exits at once.
    worker.unref();
    worker.once(
      'message',
      (m: {
        meta: (string | number)[];
        digests: string[];
        buffer: ArrayBuffer;
        offset: number;
        length: number;
      }) => {
        const bytes = Buffer.from(m.buffer, m.offset, m.length);
        const entries: TreeEntry[] = [];
        const files = new Map<string, Buffer>();
        let at = 0;
        for (let i = 0; i < m.meta.length; i += 3) {
          const path = m.meta[i] as string;
          const size = m.meta[i + 2] as number;
          entries.push({ path, mode: m.meta[i + 1] as number });
          files.set(path, bytes.subarray(at, at + size));
          at += size;
        }
        const digests = new Map<string, string>();
        for (let i = 0; i < m.digests.length; i += 2) digests.set(m.digests[i], m.digests[i + 1]);
        resolve({ entries: entries.sort(byPath), files, digests });
      },
    );
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}
