import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  buildImages
} from "./chunk-GYNGBPMA.js";
import "./chunk-OXDPUPIM.js";
import "./chunk-BAZRQVPR.js";
import "./chunk-Y5RLNFB6.js";
import {
  statusGraph
} from "./chunk-FGU6VXHE.js";
import "./chunk-MV7MNJMR.js";
import {
  loadConfig
} from "./chunk-3FICD6WR.js";
import "./chunk-3BWN3CNQ.js";
import "./chunk-XX4E3S4Z.js";
import "./chunk-JDJ7YIXR.js";
import "./chunk-Y6THQUYM.js";
import "./chunk-UZHLO6E5.js";
import "./chunk-VNYJLFTL.js";
import {
  ARCHES
} from "./chunk-YDNOFHPX.js";
import {
  InputError,
  WorldError
} from "./chunk-6ZOG3UT5.js";
import "./chunk-NRF5ZCPO.js";

// src/action/commands/build.ts
import { join } from "node:path";

// src/action/build-cache.ts
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
function digest(parts) {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}
function dibCacheSpec(images, arch, dir) {
  const dib = images.filter((i) => i.builder === "dib");
  const versions = [...new Set(dib.map((i) => i.builder_version))].sort().join("+") || "none";
  const inputs = dib.map((i) => ({ elements: [...i.elements].sort(), env: Object.entries(i.env).sort() }));
  inputs.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const prefix = `kiln-dib-${arch}-${versions}-`;
  return {
    label: `DIB cache (${arch})`,
    paths: [dir],
    key: prefix + digest(inputs),
    restoreKeys: [prefix, `kiln-dib-${arch}-`]
  };
}
function artifactCacheSpec(images, arch, dir) {
  const sums = [...new Set(images.flatMap((i) => Object.values(i.artifacts).map((a) => a.sha256)))].sort();
  const prefix = `kiln-artifacts-${arch}-`;
  return {
    label: `artifact cache (${arch})`,
    paths: [dir],
    key: prefix + digest(sums),
    restoreKeys: [prefix]
  };
}
async function restoreCaches(specs, backend, logger) {
  const hits = /* @__PURE__ */ new Map();
  for (const spec of specs) {
    try {
      const hit = await backend.restore(spec.paths, spec.key, spec.restoreKeys);
      if (hit) hits.set(spec.key, hit);
      logger.info(
        hit ? `${spec.label}: restored from ${hit}${hit === spec.key ? "" : " (partial hit)"}` : `${spec.label}: no cache for ${spec.key}`
      );
    } catch (err) {
      logger.warn(`${spec.label}: restore failed, building without it: ${err.message}`);
    }
  }
  return hits;
}
async function saveCaches(specs, hits, backend, logger) {
  const saved = [];
  for (const spec of specs) {
    if (hits.get(spec.key) === spec.key) continue;
    if (!spec.paths.some((p) => existsSync(p))) continue;
    try {
      await backend.save(spec.paths, spec.key);
      saved.push(spec.key);
      logger.info(`${spec.label}: saved as ${spec.key}`);
    } catch (err) {
      logger.warn(`${spec.label}: save failed: ${err.message}`);
    }
  }
  return saved;
}
async function actionsCacheBackend() {
  const cache = await import("./cache-TWDK23OK.js");
  if (!cache.isFeatureAvailable()) return void 0;
  return {
    restore: (paths, key, restoreKeys) => cache.restoreCache(paths, key, restoreKeys),
    async save(paths, key) {
      if (await cache.saveCache(paths, key) === -1) throw new Error("the cache service did not take it");
    }
  };
}

// src/action/tool-setup.ts
var DIB_PACKAGES = [
  "python3-diskimage-builder",
  "qemu-utils",
  "debootstrap",
  "kpartx",
  "squashfs-tools",
  "dosfstools",
  "gdisk",
  "parted",
  "xfsprogs",
  "sudo"
];
var PACKER_ARCH = { x64: "amd64", arm64: "arm64" };
async function versionOf(runner, cmd, args) {
  try {
    const res = await runner(cmd, args);
    return res.code === 0 ? /(\d+\.\d+\.\d+)/.exec(res.stdout + res.stderr)?.[1] : void 0;
  } catch {
    return void 0;
  }
}
async function setupPacker(o) {
  const installed = await versionOf(o.runner, "packer", ["version"]);
  if (installed === o.version) {
    o.logger.info(`packer ${installed} is on PATH`);
    return "";
  }
  const tc = await import("./tool-cache-F3TVAYBJ.js");
  const core = await import("./core-4V57Q7DV.js");
  const arch = PACKER_ARCH[o.arch ?? process.arch] ?? o.arch ?? process.arch;
  let dir = tc.find("packer", o.version, arch);
  if (!dir) {
    const url = o.url.replaceAll("{version}", o.version).replaceAll("{arch}", arch);
    o.logger.info(
      `downloading packer ${o.version} from ${url}${installed ? ` (PATH has ${installed})` : ""}`
    );
    let zip;
    try {
      zip = await tc.downloadTool(url);
    } catch (err) {
      throw new WorldError({
        doing: `downloading packer ${o.version}`,
        target: url,
        answer: err.message
      });
    }
    dir = await tc.cacheDir(await tc.extractZip(zip), "packer", o.version, arch);
  }
  core.addPath(dir);
  const now = await versionOf(o.runner, "packer", ["version"]);
  if (now !== o.version) {
    throw new WorldError({
      doing: `installing packer ${o.version}`,
      answer: `packer on PATH reports ${now ?? "nothing"}`
    });
  }
  return dir;
}
async function setupDib(o) {
  let dib = await versionOf(o.runner, "disk-image-create", ["--version"]);
  const qemuImg = await versionOf(o.runner, "qemu-img", ["--version"]);
  if (!dib || !qemuImg) {
    const missing = [!dib && "disk-image-create", !qemuImg && "qemu-img"].filter(Boolean).join(" and ");
    const sudo = !o.isRoot && (await o.runner("sudo", ["-n", "true"]).catch(() => ({ code: 1 }))).code === 0;
    if (!o.isRoot && !sudo) {
      throw new WorldError({
        doing: `setting up the image builders (${missing} missing)`,
        answer: `this runner is not root and has no password-less sudo, so kiln cannot install them; install them in the runner image: apt-get install --no-install-recommends ${DIB_PACKAGES.join(" ")}`
      });
    }
    const apt = (args) => sudo ? o.runner("sudo", ["-n", "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", ...args]) : o.runner("apt-get", args, { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    o.logger.info(`installing ${DIB_PACKAGES.join(" ")} (${missing} missing)`);
    for (const args of [["update"], ["install", "-y", "--no-install-recommends", ...DIB_PACKAGES]]) {
      const res = await apt(args);
      if (res.code !== 0) {
        throw new WorldError({
          doing: `apt-get ${args[0]}`,
          answer: res.stderr.trim().split("\n").slice(-5).join("\n")
        });
      }
    }
    dib = await versionOf(o.runner, "disk-image-create", ["--version"]);
  }
  if (o.version && dib && dib !== o.version) {
    o.logger.warn(
      `the config pins DIB ${o.version} but this runner has ${dib}: images may differ from their build key`
    );
  }
}

// src/action/commands/build.ts
function withAncestors(config, names) {
  const seen = /* @__PURE__ */ new Map();
  const visit = (name) => {
    const image = config.images.get(name);
    if (!image || seen.has(name)) return;
    if (image.parent) visit(image.parent);
    seen.set(name, image);
  };
  names.forEach(visit);
  return [...seen.values()];
}
async function setupTools(ctx, images) {
  const dib = images.find((i) => i.builder === "dib");
  const packer = images.find((i) => i.builder === "packer");
  if (dib) {
    await ctx.logger.group(
      "Set up diskimage-builder",
      () => setupDib({
        version: dib.builder_version,
        runner: ctx.runner,
        logger: ctx.logger,
        isRoot: process.getuid?.() === 0
      })
    );
  }
  if (packer) {
    const version = ctx.inputs.packerVersion ?? packer.builder_version;
    await ctx.logger.group(
      `Set up Packer ${version}`,
      () => setupPacker({ version, url: ctx.inputs.packerUrl, runner: ctx.runner, logger: ctx.logger })
    );
  }
}
function cacheSpecs(images, arches, cacheDir) {
  return arches.flatMap((arch) => {
    const forArch = images.filter((i) => i.architectures.includes(arch));
    const specs = [];
    if (forArch.some((i) => i.builder === "dib")) {
      specs.push(dibCacheSpec(forArch, arch, join(cacheDir, "dib-image-cache", arch)));
    }
    if (forArch.some((i) => Object.keys(i.artifacts).length > 0)) {
      specs.push(artifactCacheSpec(forArch, arch, join(cacheDir, "artifacts")));
    }
    return specs;
  });
}
function buildRow(r) {
  const record = r.build?.record;
  const detail = r.error?.split("\n")[0] ?? (r.failedParent ? `parent ${r.failedParent} failed` : void 0);
  return {
    name: r.name,
    arch: r.arch,
    key: r.key,
    status: r.status,
    detail,
    size: record?.size,
    durationS: record?.duration_s
  };
}
async function withCaches(ctx, specs, logger, fn) {
  const backend = ctx.inputs.cache ? await actionsCacheBackend() : void 0;
  if (ctx.inputs.cache && !backend)
    logger.info("the Actions cache service is not available here: building without it");
  if (!backend) return { result: await fn(), hit: false };
  const hits = await logger.group("Restore caches", () => restoreCaches(specs, backend, logger));
  try {
    return { result: await fn(), hit: specs.every((s) => hits.get(s.key) === s.key) };
  } finally {
    await logger.group("Save caches", () => saveCaches(specs, hits, backend, logger));
  }
}
var buildAction = async (ctx) => {
  const { inputs, logger } = ctx;
  if (inputs.images.length === 0) {
    throw new InputError(
      `input '${"images" /* Images */}' is required for build`,
      void 0,
      "pass the matrix entry's images"
    );
  }
  const env = { ...ctx.env, KILN_CACHE_DIR: inputs.cacheDir };
  const config = await loadConfig({ cwd: inputs.root, env, configDir: inputs.configDir });
  const images = withAncestors(config, inputs.images);
  const arches = ARCHES.filter(
    (a) => inputs.architectures.length > 0 ? inputs.architectures.includes(a) : images.some((i) => i.architectures.includes(a))
  );
  if (inputs.setupTools) await setupTools(ctx, images);
  const { result: run, hit } = await withCaches(
    ctx,
    cacheSpecs(images, arches, inputs.cacheDir),
    logger,
    () => buildImages({
      cwd: inputs.root,
      env,
      configDir: inputs.configDir,
      images: inputs.images,
      arches: inputs.architectures,
      output: inputs.resultsDir,
      slots: inputs.threads,
      force: inputs.force,
      logger,
      signal: ctx.signal,
      runner: ctx.runner
    })
  );
  logger.info(run.summary);
  const rows = run.results.map(buildRow);
  const failed = run.results.filter((r) => r.status !== "built" && r.status !== "unchanged");
  return {
    outputs: {
      ["built" /* Built */]: JSON.stringify(
        run.results.map((r) => ({
          name: r.name,
          arch: r.arch,
          key: r.key,
          status: r.status,
          record: r.build?.recordPath
        }))
      ),
      ["results-dir" /* ResultsDir */]: inputs.resultsDir,
      ["cache-hit" /* CacheHit */]: String(hit)
    },
    summary: { title: "kiln build", rows, graph: statusGraph(rows, config) },
    failure: failed.length > 0 ? `${failed.length} of ${run.results.length} builds did not finish: ${failed.map((r) => `${r.name}/${r.arch}`).join(", ")}` : void 0
  };
};
export {
  buildAction,
  buildRow
};
