import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  takeReadAhead
} from "./chunk-IZ24G5OD.js";
import {
  cachedTree
} from "./chunk-H2N2AFCW.js";
import {
  loadConfig
} from "./chunk-PUPMCPPH.js";
import {
  run
} from "./chunk-SRPYJRT6.js";
import {
  cacheDir
} from "./chunk-YDMM63TT.js";

// src/wiring.ts
import { resolve } from "node:path";
function invocation(o) {
  const { cwd, env, logger, signal } = o;
  return { cwd, env, logger, signal, runner: o.runner ?? run, now: () => /* @__PURE__ */ new Date() };
}
async function loadProject(o) {
  const source = { ...o, tree: cachedTree(takeReadAhead(resolve(o.cwd))) };
  return { config: await loadConfig(source), source };
}
function planDeps(inv, project) {
  return { ...project, logger: inv.logger, runner: inv.runner };
}
async function siteConnections(inv) {
  const connect = await import("./connect-SCHIYAVK.js");
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
    import("./promotion-source-Q7DDWCNF.js"),
    import("./object-artifact-AXXGBNTK.js")
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
    import("./connect-SCHIYAVK.js"),
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
    import("./promotion-source-Q7DDWCNF.js")
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
