import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  digestFiles,
  within
} from "./chunk-UW7J5A5E.js";
import {
  PROJECT_ELEMENTS_DIR,
  byPath,
  readFiles,
  readTreeFile,
  walkTree,
  workTree
} from "./chunk-YDMM63TT.js";

// src/plan/tree-prefetch.ts
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
var PREFETCH_MIN_ENTRIES = 64;
var WORKER_SOURCE = `
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
function readAheadWorkTree(root) {
  return prefetchFolder(workTree(root), PROJECT_ELEMENTS_DIR);
}
var early;
function startReadAhead(root) {
  early = { root, tree: readAheadWorkTree(root) };
}
function takeReadAhead(root) {
  if (early?.root !== root) return readAheadWorkTree(root);
  const { tree } = early;
  early = void 0;
  return tree;
}
function prefetchFolder(tree, dir, minEntries = PREFETCH_MIN_ENTRIES) {
  const abs = join(tree.root, dir);
  let count;
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
      const got = within(path, dir) ? (await prefetched)?.files.get(path) : void 0;
      return got ?? tree.readFile(path);
    },
    async readFiles(paths) {
      const got = await prefetched;
      const out = paths.map((p) => within(p, dir) ? got?.files.get(p) : void 0);
      const rest = paths.filter((_, i) => out[i] === void 0);
      if (rest.length > 0) {
        const more = await readFiles(tree, rest);
        for (let i = 0, j = 0; i < out.length; i++) if (out[i] === void 0) out[i] = more[j++];
      }
      return out;
    },
    async knownDigest(folder) {
      return within(folder, dir) ? (await prefetched)?.digests.get(folder) : void 0;
    },
    async listFiles(folder) {
      const got = within(folder, dir) ? await prefetched : void 0;
      if (!got) return tree.listFiles(folder);
      return folder === dir ? got.entries : got.entries.filter((e) => e.path.startsWith(`${folder}/`));
    }
  };
}
function readInWorker(abs, rel) {
  return new Promise((resolve) => {
    let worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { abs, rel } });
    } catch {
      resolve(void 0);
      return;
    }
    worker.unref();
    worker.once(
      "message",
      (m) => {
        const bytes = Buffer.from(m.buffer, m.offset, m.length);
        const entries = [];
        const files = /* @__PURE__ */ new Map();
        let at = 0;
        for (let i = 0; i < m.meta.length; i += 3) {
          const path = m.meta[i];
          const size = m.meta[i + 2];
          entries.push({ path, mode: m.meta[i + 1] });
          files.set(path, bytes.subarray(at, at + size));
          at += size;
        }
        const digests = /* @__PURE__ */ new Map();
        for (let i = 0; i < m.digests.length; i += 2) digests.set(m.digests[i], m.digests[i + 1]);
        resolve({ entries: entries.sort(byPath), files, digests });
      }
    );
    worker.once("error", () => resolve(void 0));
    worker.once("exit", () => resolve(void 0));
  });
}

export {
  startReadAhead,
  takeReadAhead
};
