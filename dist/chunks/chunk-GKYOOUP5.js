import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  causeOf,
  writeVerified
} from "./chunk-IP6TO5IC.js";
import {
  Converter,
  promote,
  publishedProperties,
  stage
} from "./chunk-C62FGXBY.js";
import {
  PROP,
  TAG_STAGING,
  isStaging,
  isVerified,
  prop
} from "./chunk-B5HWJ4DE.js";
import {
  validateManifest
} from "./chunk-4AT3T5VO.js";
import {
  InputError,
  WorldError
} from "./chunk-SXABORS3.js";

// src/release/manifest-source.ts
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
async function loadManifest(source, cwd, signal) {
  let text;
  if (/^https?:\/\//i.test(source)) {
    let res;
    try {
      res = await fetch(source, { signal, redirect: "follow" });
      text = await res.text();
    } catch (err) {
      throw new WorldError({
        doing: "downloading the manifest",
        target: source,
        answer: err.message
      });
    }
    if (!res.ok)
      throw new WorldError({
        doing: "downloading the manifest",
        target: source,
        answer: `HTTP ${res.status}`
      });
  } else {
    const path = resolve(cwd, source);
    try {
      text = await readFile(path, "utf8");
    } catch (err) {
      throw new InputError(
        `cannot read manifest ${path}: ${err.code ?? err.message}`
      );
    }
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${source}: not valid JSON: ${err.message}`);
  }
  return validateManifest(data, source);
}

// src/release/sync.ts
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";

// src/release/download.ts
async function downloadVerified(url, dest, want, options) {
  const doing = `downloading ${url}`;
  let res;
  try {
    res = await fetch(url, { signal: options.signal, redirect: "follow" });
  } catch (err) {
    throw new WorldError({ doing, target: options.label, answer: causeOf(err) }, { cause: err });
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new WorldError({
      doing,
      target: options.label,
      answer: `HTTP ${res.status} ${res.statusText}`.trim()
    });
  }
  await writeVerified(res.body, dest, want, {
    logger: options.logger,
    label: options.label,
    source: url,
    promisedBy: "the manifest",
    consequence: "nothing was uploaded"
  });
}

// src/release/sync.ts
function recordOf(entry) {
  return {
    name: entry.image,
    arch: entry.arch,
    key: entry.build_key,
    builder: entry.builder === "packer" ? "packer" : "dib",
    builder_version: entry.builder_version ?? "",
    format: entry.disk_format,
    file: "",
    size: entry.size,
    virtual_size: entry.virtual_size ?? 0,
    sha256: entry.checksum.slice("sha256:".length),
    sha512: entry.checksum_sha512,
    git_sha: entry.git_sha,
    built_at: entry.built_at ?? "",
    duration_s: 0
  };
}
var sourceSha512 = (image) => prop(image, PROP.sourceSha512) ?? image.os_hash_value ?? void 0;
function selectEntries(req) {
  const names = Object.keys(req.manifest).sort();
  const only = req.only ?? [];
  const unknown = only.filter((n) => !names.includes(n));
  if (unknown.length) {
    throw new InputError(
      `--only names what ${req.source} does not hold: ${unknown.join(", ")}`,
      void 0,
      `it holds ${names.join(", ")}`
    );
  }
  return names.filter((n) => !only.length || only.includes(n)).map((n) => [n, req.manifest[n]]);
}
async function visibleImages(glance, name) {
  const lists = await Promise.all([
    glance.listImages({ name }),
    glance.listImages({ name, visibility: "community" })
  ]);
  const byId = new Map(lists.flat().map((i) => [i.id, i]));
  return [...byId.values()];
}
async function sync(req, deps) {
  const { glance, logger } = deps;
  const entries = selectEntries(req);
  for (const [name, e] of entries) Converter.check(req.diskFormat ?? e.disk_format, `${req.source}: ${name}`);
  await mkdir(req.workDir, { recursive: true });
  const work = await mkdtemp(join(req.workDir, "kiln-sync-"));
  const outcomes = [];
  try {
    for (const [name, entry] of entries) {
      const target = `${name} on ${glance.label}`;
      try {
        outcomes.push(await syncOne(req, deps, work, name, entry, target));
      } catch (err) {
        if (err instanceof InputError) throw err;
        logger.error(`${target}: ${err.message}`);
        outcomes.push({ name, status: "failed", detail: err.message });
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return outcomes;
}
function syncFailures(outcomes) {
  const failed = outcomes.filter((o) => o.status === "failed");
  if (!failed.length) return void 0;
  return `${failed.length} of ${outcomes.length} images failed to sync:
${failed.map((f) => `  ${f.name}: ${f.detail}`).join("\n")}`;
}
async function syncOne(req, deps, work, name, entry, target) {
  const { glance, logger } = deps;
  const want = entry.checksum_sha512;
  const images = await visibleImages(glance, name);
  for (const i of images.filter((i2) => isStaging(i2) && isVerified(i2) && i2.owner === glance.projectId)) {
    if (!req.dryRun) await glance.removeTag(i.id, TAG_STAGING);
    i.tags = i.tags.filter((t) => t !== TAG_STAGING);
  }
  const active = images.filter((i) => i.status === "active" && !isStaging(i));
  const same = active.find((i) => sourceSha512(i) === want);
  if (same) {
    logger.info(`${target}: already there as ${same.id} (same sha512)`);
    return { name, status: "present", image_id: same.id };
  }
  if (active.length) {
    const found = active.map((i) => `${i.id} has sha512 ${sourceSha512(i) ?? "(none)"}`).join("; ");
    throw new WorldError({
      doing: "comparing with the image already there",
      target,
      answer: `an image named '${name}' holds other bytes: ${found}; the manifest says sha512 ${want}. Rename or delete it, or sync with --only to leave it out`
    });
  }
  if (!entry.url)
    throw new WorldError({ doing: "syncing", target, answer: `${req.source} gives no url for '${name}'` });
  const format = req.diskFormat ?? entry.disk_format;
  if (req.dryRun) {
    logger.info(
      `${target}: would download ${entry.url}, ${format === entry.disk_format ? "" : `convert to ${format}, `}and upload it (${req.visibility})`
    );
    return { name, status: "would-upload" };
  }
  await removeLeftovers(glance, name, logger, target);
  const record = recordOf(entry);
  const file = join(work, `${name}.${entry.disk_format}`);
  logger.info(`${target}: downloading ${entry.url}`);
  await downloadVerified(entry.url, file, record, { logger, label: name, signal: deps.signal });
  const upload = await new Converter(deps.runner, work, logger).fileFor(
    { record, path: req.source, file },
    format
  );
  const staging = await stage(
    {
      glance,
      logger,
      name,
      key: entry.build_key,
      properties: publishedProperties(name, entry, { properties: {} }, record),
      target,
      recordPath: req.source,
      signal: deps.signal
    },
    upload
  );
  const image = await promote(
    { glance, logger, name, visibility: req.visibility, target, now: deps.now ?? (() => /* @__PURE__ */ new Date()) },
    staging
  );
  await rm(file, { force: true });
  await rm(upload.path, { force: true });
  logger.info(`${target}: uploaded as ${image.id} (${req.visibility})`);
  return { name, status: "uploaded", image_id: image.id };
}
async function removeLeftovers(glance, name, logger, target) {
  const leftovers = await glance.listImages({
    owner: glance.projectId,
    tags: [TAG_STAGING],
    properties: { [PROP.target]: name },
    includeHidden: true,
    visibility: "all"
  });
  for (const l of leftovers) {
    logger.info(`${target}: deleting ${l.id}, left by an interrupted run`);
    await glance.deleteImage(l.id);
  }
}

export {
  loadManifest,
  sync,
  syncFailures
};
