import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  readFiles
} from "./chunk-YDMM63TT.js";

// src/plan/cached-tree.ts
function cachedTree(tree) {
  const listings = /* @__PURE__ */ new Map();
  const done = /* @__PURE__ */ new Map();
  const files = /* @__PURE__ */ new Map();
  const enclosing = (path) => {
    for (let cut = path.lastIndexOf("/"); cut > 0; cut = path.lastIndexOf("/", cut - 1)) {
      const listing = done.get(path.slice(0, cut));
      if (listing) return listing;
    }
    return void 0;
  };
  return {
    root: tree.root,
    label: tree.label,
    knownDigest: tree.knownDigest?.bind(tree),
    readFile(path) {
      let file = files.get(path);
      if (!file) {
        file = enclosing(path)?.paths.has(path) === false ? Promise.resolve(void 0) : tree.readFile(path);
        files.set(path, file);
      }
      return file;
    },
    async readFiles(paths) {
      const out = new Array(paths.length);
      const pending = [];
      const ask = [];
      paths.forEach((path, i) => {
        const file = files.get(path);
        if (file) pending.push(file.then((bytes) => void (out[i] = bytes)));
        else if (enclosing(path)?.paths.has(path) !== false) ask.push(i);
      });
      if (ask.length > 0) {
        const batch = readFiles(
          tree,
          ask.map((i) => paths[i])
        );
        ask.forEach(
          (i, j) => files.set(
            paths[i],
            batch.then((got2) => got2[j])
          )
        );
        const got = await batch;
        ask.forEach((i, j) => out[i] = got[j]);
      }
      await Promise.all(pending);
      return out;
    },
    async listFiles(dir) {
      const key = dir.replace(/\/+$/, "");
      const above = enclosing(`${key}/`);
      if (above) return slice(above.entries, `${key}/`);
      let listing = listings.get(key);
      if (!listing) {
        listing = tree.listFiles(key).then((entries) => {
          const l = { entries, paths: new Set(entries.map((e) => e.path)) };
          done.set(key, l);
          return l;
        });
        listings.set(key, listing);
      }
      return (await listing).entries;
    }
  };
}
function slice(entries, prefix) {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if (entries[mid].path < prefix) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < entries.length && entries[end].path.startsWith(prefix)) end++;
  return entries.slice(lo, end);
}

export {
  cachedTree
};
