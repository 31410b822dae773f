import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  MANIFEST_VERSION,
  buildId,
  manifestSchema
} from "./chunk-BLE43MUF.js";
import {
  GLANCE_ARCH
} from "./chunk-YDNOFHPX.js";
import {
  InputError,
  InputErrors
} from "./chunk-SXABORS3.js";

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
      ...p.published_at ? { published_at: p.published_at } : {},
      ...p.signing_certificate_sha256 ? { signing_certificate_sha256: p.signing_certificate_sha256 } : {}
    };
  }
  return sites;
}
var LIFTED_PROPERTIES = ["kubernetes_version"];
function topLevelExtras(properties, manifestExtra = {}) {
  const lifted = LIFTED_PROPERTIES.filter((p) => properties[p] !== void 0).map((p) => [p, properties[p]]);
  return { ...Object.fromEntries(lifted), ...manifestExtra };
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
    const url = options.urlFor?.(result, name);
    const sbomUrl = options.sbomUrlFor?.(result, name);
    const properties = { architecture: GLANCE_ARCH[r.arch], ...exp.properties };
    const sites = sitesOf(result);
    const signedBy = Object.values(sites).find(
      (s) => s.signing_certificate_sha256
    )?.signing_certificate_sha256;
    const signature = result.published.find(
      (p) => p.signature && (p.disk_format ?? r.format) === r.format
    )?.signature;
    const entry = {
      ...topLevelExtras(properties, exp.manifestExtra),
      manifest_version: MANIFEST_VERSION,
      name,
      ...url ? { url } : {},
      checksum: `sha256:${r.sha256}`,
      checksum_sha512: `sha512:${r.sha512}`,
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
      properties,
      ...signedBy ? { signing_certificate_sha256: signedBy } : {},
      ...signature ? { signature } : {},
      sites,
      ...sbomUrl ? { "image-sbom-url": sbomUrl } : {}
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
