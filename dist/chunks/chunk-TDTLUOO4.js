import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  cachedTree,
  digestFiles
} from "./chunk-DEF3AS3X.js";
import {
  PROJECT_ELEMENTS_DIR,
  byPath,
  cacheDir,
  loadConfig,
  readFiles,
  readTreeFile,
  walkTree,
  workTree
} from "./chunk-B6VJEBJL.js";
import {
  run
} from "./chunk-SRPYJRT6.js";

// src/wiring.ts
import { resolve } from "node:path";

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
    async readFiles(paths) {
      const got = await prefetched;
      const out = paths.map((p) => inside(p) ? got?.files.get(p) : void 0);
      const rest = paths.filter((_, i) => out[i] === void 0);
      if (rest.length > 0) {
        const more = await readFiles(tree, rest);
        for (let i = 0, j = 0; i < out.length; i++) if (out[i] === void 0) out[i] = more[j++];
      }
      return out;
    },
    async knownDigest(folder) {
      return inside(folder) ? (await prefetched)?.digests.get(folder) : void 0;
    },
    async listFiles(folder) {
      const got = inside(folder) ? await prefetched : void 0;
      if (!got) return tree.listFiles(folder);
      return folder === dir ? got.entries : got.entries.filter((e) => e.path.startsWith(`${folder}/`));
    }
  };
}
function readInWorker(abs, rel) {
  return new Promise((resolve2) => {
    let worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { abs, rel } });
    } catch {
      resolve2(void 0);
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
        resolve2({ entries: entries.sort(byPath), files, digests });
      }
    );
    worker.once("error", () => resolve2(void 0));
    worker.once("exit", () => resolve2(void 0));
  });
}

// src/wiring.ts
function invocation(o) {
  const { cwd, env, logger, signal } = o;
  return { cwd, env, logger, signal, runner: o.runner ?? run, now: () => /* @__PURE__ */ new Date() };
}
async function loadProject(o) {
  const source = { ...o, tree: cachedTree(readAheadWorkTree(resolve(o.cwd))) };
  return { config: await loadConfig(source), source };
}
function planDeps(inv, project) {
  return { ...project, logger: inv.logger, runner: inv.runner };
}
async function siteConnections(inv) {
  const connect = await import("./connect-RKLNXEDG.js");
  const options = (site) => connect.siteConnection(site, { env: inv.env, cwd: inv.cwd, logger: inv.logger, signal: inv.signal });
  return {
    options,
    glance: (site) => connect.connectGlance(options(site)),
    keyManager: (site) => connect.connectKeyManager(options(site))
  };
}
async function buildDeps(inv, project, o = {}) {
  const [{ buildProgress }, { glancePromotionSource }, { objectArtifactOpener }] = await Promise.all([
    import("./progress-SV7IYT7U.js"),
    import("./promotion-source-KWIBVKTG.js"),
    import("./object-artifact-72ZB4XSP.js")
  ]);
  const sources = { env: inv.env, cwd: inv.cwd, logger: inv.logger };
  const promotionSource = (site) => glancePromotionSource(site, sources);
  const openObject = objectArtifactOpener(project.config.sites, sources);
  return {
    ...planDeps(inv, project),
    env: inv.env,
    signal: inv.signal,
    now: inv.now,
    progress: o.progress ?? buildProgress({ logger: inv.logger }),
    promotionSource,
    openObject
  };
}
function testDeps(inv, config, o = {}) {
  const { runner, logger, env, signal, now } = inv;
  return { config, runner, logger, env, signal, now, tmpDir: o.tmpDir };
}
async function publishDeps(inv, config, o) {
  const [sites, { SIGNING_KEY_ENV }] = await Promise.all([
    siteConnections(inv),
    import("./signing-key-6VGR6KMT.js")
  ]);
  return {
    config,
    connect: sites.glance,
    keyManager: sites.keyManager,
    // Only publish sees the key: never the environment of builds or other programs.
    env: o.signingKey ? { ...inv.env, [SIGNING_KEY_ENV]: o.signingKey } : inv.env,
    runner: inv.runner,
    logger: inv.logger,
    cacheDir: o.cacheDir ?? cacheDir(inv.env, config.root),
    now: inv.now,
    print: o.print,
    signal: inv.signal
  };
}
async function syncDeps(inv, cloud, signingKey) {
  const [connect, { maskKey }] = await Promise.all([
    import("./connect-RKLNXEDG.js"),
    import("./signing-key-6VGR6KMT.js")
  ]);
  const options = { cloud, env: inv.env, cwd: inv.cwd, logger: inv.logger };
  connect.resolveCloud(options);
  const glance = await connect.connectGlance({ ...options, signal: inv.signal });
  if (signingKey) maskKey(signingKey, inv.logger);
  return {
    glance,
    runner: inv.runner,
    logger: inv.logger,
    signal: inv.signal,
    signing: { keyManager: () => connect.connectKeyManager(options), signingKey }
  };
}
async function siteReaders(inv) {
  const [sites, { glancePromotionSource }] = await Promise.all([
    siteConnections(inv),
    import("./promotion-source-KWIBVKTG.js")
  ]);
  return {
    connect: sites.glance,
    keyManager: sites.keyManager,
    openData: (site, imageId) => glancePromotionSource(site, sites.options(site)).openData(imageId, inv.signal)
  };
}

export {
  invocation,
  loadProject,
  planDeps,
  buildDeps,
  testDeps,
  publishDeps,
  syncDeps,
  siteReaders
};
