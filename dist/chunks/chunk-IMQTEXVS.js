import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  PROJECT_ELEMENTS_DIR,
  byPath,
  readTreeFile,
  walkTree,
  workTree
} from "./chunk-C6CKJAEF.js";

// src/plan/tree-prefetch.ts
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
var PREFETCH_MIN_ENTRIES = 64;
var WORKER_SOURCE = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const walkTree = ${walkTree.toString()};
const readTreeFile = ${readTreeFile.toString()};
const meta = [];
const parts = [];
for (const { path, full } of walkTree(fs, workerData.abs, workerData.rel)) {
  const file = readTreeFile(fs, full);
  if (!file) continue;
  meta.push(path, file.mode, file.bytes.length);
  parts.push(file.bytes);
}
const all = Buffer.concat(parts);
parentPort.postMessage({ meta, buffer: all.buffer, offset: all.byteOffset, length: all.length }, [all.buffer]);
`;
function readAheadWorkTree(root) {
  return prefetchFolder(workTree(root), PROJECT_ELEMENTS_DIR);
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
  const inside = (path) => path === dir || path.startsWith(`${dir}/`);
  return {
    root: tree.root,
    label: tree.label,
    async readFile(path) {
      const got = inside(path) ? (await prefetched)?.files.get(path) : void 0;
      return got ?? tree.readFile(path);
    },
    async listFiles(folder) {
      const got = inside(folder) ? await prefetched : void 0;
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
        resolve({ entries: entries.sort(byPath), files });
      }
    );
    worker.once("error", () => resolve(void 0));
    worker.once("exit", () => resolve(void 0));
  });
}

export {
  readAheadWorkTree
};
