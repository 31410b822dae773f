import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  buildId
} from "./chunk-XW5F6YFG.js";
import {
  _enum,
  looseObject,
  number,
  record,
  string,
  url
} from "./chunk-BDAQBW24.js";
import {
  ARCHES,
  GLANCE_ARCH
} from "./chunk-YDNOFHPX.js";
import {
  InputError,
  InputErrors
} from "./chunk-SXABORS3.js";

// src/release/manifest-schema.ts
var hex = (bytes) => new RegExp(`^[0-9a-f]{${bytes * 2}}$`);
var siteImageSchema = looseObject({
  cloud: string().min(1).describe("The clouds.yaml entry the site publishes to."),
  image_id: string().min(1).describe("Glance image ID of the published image."),
  image_name: string().min(1).describe("Glance image name on that site."),
  disk_format: string().min(1).optional().describe("The site's disk format, when it differs from the build's."),
  visibility: string().optional(),
  published_at: string().optional().describe("ISO 8601 time of the publish.")
});
var manifestEntrySchema = looseObject({
  name: string().min(1).describe("Image name to use on a cloud (the build name, i.e. the manifest key)."),
  url: url().optional().describe("Where the image file can be downloaded (object store or --base-url)."),
  checksum: string().regex(/^sha256:[0-9a-f]{64}$/).describe('sha256 of the image file, as "sha256:<hex>".'),
  checksum_sha512: string().regex(hex(64)).describe("sha512 of the image file (hex): Glance's os_hash_value."),
  arch: _enum(ARCHES),
  disk_format: string().min(1).describe("Format of the file at `url` (qcow2, raw, ...)."),
  size: number().int().nonnegative().describe("Bytes of the file at `url`."),
  virtual_size: number().int().nonnegative().optional(),
  build_key: string().regex(hex(32)).describe("kiln build key: SHA-256 over every input of the image."),
  git_sha: string().min(1).describe("Commit of the image definitions the image was built from."),
  image: string().min(1).describe("Image name in images.yaml."),
  builder: string().optional(),
  builder_version: string().optional(),
  built_at: string().optional(),
  test: string().optional().describe("Result of `kiln test`: passed, failed or skipped."),
  properties: record(string(), string()).describe("Glance properties of the image (images.yaml)."),
  sites: record(string(), siteImageSchema).describe("Per sites.yaml site the image was published to: its Glance image.")
});
var manifestSchema = record(string().min(1), manifestEntrySchema).meta({
  title: "kiln release manifest",
  description: "manifest.json attached to a kiln GitHub release: one entry per build (image x architecture), keyed by build name (`<image>` for the first architecture of an image, `<image>-<arch>` for the others)."
});

// src/release/manifest.ts
function uniqueResults(results) {
  const byId = /* @__PURE__ */ new Map();
  const errors = [];
  for (const r of results) {
    const id = buildId(r.record.name, r.record.arch);
    const seen = byId.get(id);
    if (!seen) {
      byId.set(id, { ...r, published: [...r.published] });
    } else if (seen.record.key === r.record.key && seen.record.sha256 === r.record.sha256) {
      seen.published.push(...r.published);
    } else {
      errors.push(
        new InputError(
          `two different results for ${id}: ${seen.path} (key ${seen.record.key.slice(0, 12)}) and ${r.path} (key ${r.record.key.slice(0, 12)})`,
          void 0,
          "keep only the results of one run in the results folder"
        )
      );
    }
  }
  if (errors.length) throw new InputErrors(errors);
  return byId;
}
function sitesOf(result) {
  const sites = {};
  const ordered = [...result.published].sort(
    (a, b) => (a.published_at ?? "").localeCompare(b.published_at ?? "")
  );
  for (const p of ordered) {
    sites[p.site] = {
      cloud: p.cloud,
      image_id: p.image_id,
      image_name: p.image_name,
      ...p.disk_format && p.disk_format !== result.record.format ? { disk_format: p.disk_format } : {},
      ...p.visibility ? { visibility: p.visibility } : {},
      ...p.published_at ? { published_at: p.published_at } : {}
    };
  }
  return sites;
}
function mergeManifest(expected, results, options) {
  const byId = uniqueResults(results);
  const manifest = {};
  const missing = [];
  const included = [];
  const used = /* @__PURE__ */ new Set();
  for (const exp of expected) {
    const id = buildId(exp.image, exp.arch);
    const { name } = exp;
    const result = byId.get(id);
    used.add(id);
    if (!result) {
      missing.push({ name, reason: `no result for ${id}` });
      continue;
    }
    const r = result.record;
    if (r.key !== exp.key) {
      missing.push({
        name,
        reason: `${result.path} has build key ${r.key.slice(0, 12)}, the plan expects ${exp.key.slice(0, 12)} (built from other inputs)`
      });
      continue;
    }
    if (r.test?.status === "failed")
      options.logger.warn(`${name}: its latest kiln test failed (${result.path})`);
    const url2 = options.urlFor?.(result, name);
    const entry = {
      name,
      ...url2 ? { url: url2 } : {},
      checksum: `sha256:${r.sha256}`,
      checksum_sha512: r.sha512,
      arch: r.arch,
      disk_format: r.format,
      size: r.size,
      ...r.virtual_size ? { virtual_size: r.virtual_size } : {},
      build_key: r.key,
      git_sha: r.git_sha,
      image: r.name,
      builder: r.builder,
      builder_version: r.builder_version,
      built_at: r.built_at,
      ...r.test ? { test: r.test.status } : {},
      properties: { architecture: GLANCE_ARCH[r.arch], ...exp.properties },
      sites: sitesOf(result)
    };
    manifest[name] = entry;
    included.push({ result, buildName: name });
  }
  for (const [id, r] of byId) {
    if (!used.has(id))
      options.logger.warn(`${r.path}: ${id} is not in the plan of this tag; left out of the manifest`);
  }
  if (missing.length && !options.allowIncomplete) {
    throw new InputError(
      `incomplete results: ${missing.length} of ${expected.length} builds missing:
${missing.map((m) => `  ${m.name}: ${m.reason}`).join("\n")}`,
      void 0,
      "wait for every build job, or pass --allow-incomplete to release what is there"
    );
  }
  for (const m of missing) options.logger.warn(`left out of the manifest: ${m.name}: ${m.reason}`);
  return { manifest: validateManifest(manifest, "manifest"), missing, included };
}
function validateManifest(data, source) {
  const res = manifestSchema.safeParse(data);
  if (res.success) return res.data;
  throw new InputErrors(
    res.error.issues.map(
      (i) => new InputError(`${source}: ${i.path.map(String).join(".") || "(top level)"}: ${i.message}`)
    )
  );
}

export {
  mergeManifest,
  validateManifest
};
