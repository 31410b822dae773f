import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/within.ts
var within = (path, dir) => path === dir || path.startsWith(`${dir}/`);

// src/plan/tree-digest.ts
import * as crypto from "node:crypto";
async function folderDigest(tree, dir, skip) {
  if (skip === void 0) {
    const known = await tree.knownDigest?.(dir);
    if (known !== void 0) return known;
  }
  const files = (await tree.listFiles(dir)).filter((f) => skip === void 0 || !f.path.startsWith(skip));
  const contents = await Promise.all(files.map((f) => tree.readFile(f.path)));
  return digestFiles(
    crypto,
    dir,
    files.map((f, i) => ({ path: f.path, mode: f.mode, bytes: contents[i] }))
  );
}
async function fileDigest(tree, path) {
  const bytes = await tree.readFile(path);
  return bytes && crypto.createHash("sha256").update(bytes).digest("hex");
}
function digestFiles(cryptoModule, dir, files) {
  if (files.length === 0) return void 0;
  const hash = cryptoModule.createHash("sha256");
  for (const f of files) {
    const path = f.path.slice(dir.length + 1);
    hash.update(`${Buffer.byteLength(path)}:${path}\0${f.mode.toString(8)}\0${f.bytes.length}:`);
    hash.update(f.bytes);
  }
  return hash.digest("hex");
}

export {
  folderDigest,
  fileDigest,
  digestFiles,
  within
};
