import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  buildImages,
  hasBuild,
  hasPlugins
} from "./chunk-KLT6WLSU.js";
import "./chunk-IBFGSWZT.js";
import {
  setupDib,
  setupPacker
} from "./chunk-PX2WR4UF.js";
import "./chunk-KV5WP3WD.js";
import "./chunk-YU4BCPTU.js";
import "./chunk-BUEB6AJG.js";
import "./chunk-674CPF5Y.js";
import "./chunk-URRJLXEV.js";
import "./chunk-IKT77LZZ.js";
import "./chunk-PZVZ7HAU.js";
import "./chunk-MEIOC2ET.js";
import "./chunk-ME62NV6M.js";
import "./chunk-QCR5QIMH.js";
import "./chunk-BPPNOVBD.js";
import "./chunk-6DYCFFVP.js";
import "./chunk-M5NCGYPU.js";
import {
  actionInvocation
} from "./chunk-E7FKK6SQ.js";
import {
  buildDeps,
  loadProject
} from "./chunk-EF6PQXA6.js";
import {
  jobArches
} from "./chunk-BYGGE2JT.js";
import {
  statusGraph
} from "./chunk-CBDUIAZ3.js";
import "./chunk-XQKFXZ5F.js";
import "./chunk-MV7MNJMR.js";
import "./chunk-Y6THQUYM.js";
import "./chunk-JDJ7YIXR.js";
import "./chunk-IZ24G5OD.js";
import "./chunk-ER67HBBX.js";
import "./chunk-H2N2AFCW.js";
import "./chunk-PUPMCPPH.js";
import "./chunk-DJTE6M5J.js";
import "./chunk-PULXAN4K.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-SRPYJRT6.js";
import "./chunk-UW7J5A5E.js";
import "./chunk-YDMM63TT.js";
import "./chunk-2RI5WXA3.js";
import "./chunk-RUOB6ALG.js";
import "./chunk-32GN4VEV.js";
import "./chunk-B5AUNYM4.js";
import "./chunk-MJHFF3BW.js";
import "./chunk-ZTSW2VJH.js";
import "./chunk-CEQ3CRBZ.js";
import "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
import {
  InputError
} from "./chunk-SXABORS3.js";
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
function packerPluginCacheSpec(images, arch, dir) {
  const packer = images.filter((i) => i.builder === "packer" && i.template !== void 0);
  const versions = [...new Set(packer.map((i) => i.builder_version))].sort().join("+");
  const prefix = `kiln-packer-plugins-${arch}-${versions}-`;
  return {
    label: `Packer plugin cache (${arch})`,
    paths: [dir],
    key: prefix + digest([...new Set(packer.map((i) => i.template))].sort()),
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
    if (forArch.some((i) => i.builder === "packer" && hasPlugins(i.builder_version))) {
      specs.push(packerPluginCacheSpec(forArch, arch, join(cacheDir, "packer-plugins")));
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
function packageNotes(results) {
  const notes = results.filter((r) => r.packageChanges).map((r) => {
    const [title, ...lines] = r.packageChanges;
    return [`**${r.name}/${r.arch}**: ${title}`, "", ...lines].join("\n");
  });
  return notes.length ? notes : void 0;
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
  const project = await loadProject({ cwd: inputs.root, env, configDir: inputs.configDir });
  const { config } = project;
  const images = withAncestors(config, inputs.images);
  const arches = jobArches(inputs.architectures, images);
  if (inputs.setupTools) await setupTools(ctx, images);
  const { result: run, hit } = await withCaches(
    ctx,
    cacheSpecs(images, arches, inputs.cacheDir),
    logger,
    async () => buildImages(
      {
        images: inputs.images,
        arches: inputs.architectures,
        output: inputs.resultsDir,
        slots: inputs.threads,
        force: inputs.force,
        promoteFrom: inputs.promoteFrom
      },
      await buildDeps(actionInvocation(ctx, env), project)
    )
  );
  logger.info(run.summary);
  const rows = run.results.map(buildRow);
  const failed = run.results.filter((r) => !hasBuild(r));
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
    summary: {
      title: "kiln build",
      rows,
      graph: statusGraph(rows, config),
      notes: packageNotes(run.results)
    },
    failure: failed.length > 0 ? `${failed.length} of ${run.results.length} builds did not finish: ${failed.map((r) => `${r.name}/${r.arch}`).join(", ")}` : void 0
  };
};
export {
  buildAction
};
