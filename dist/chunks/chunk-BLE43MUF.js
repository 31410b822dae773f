import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  collectInputErrors,
  listRecordFiles,
  readRecordFile,
  recordPos
} from "./chunk-JTVS32PB.js";
import {
  _enum,
  int,
  looseObject,
  number,
  record,
  string,
  url
} from "./chunk-DJTE6M5J.js";
import {
  ARCHES
} from "./chunk-YDNOFHPX.js";
import {
  InputError,
  InputErrors
} from "./chunk-SXABORS3.js";

// src/release/results.ts
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";

// src/release/manifest-schema.ts
var MANIFEST_VERSION = 2;
var hex = (bytes) => new RegExp(`^[0-9a-f]{${bytes * 2}}$`);
var digest = (algo, bytes, optionalPrefix = false) => new RegExp(`^${optionalPrefix ? `(${algo}:)?` : `${algo}:`}[0-9a-f]{${bytes * 2}}$`);
var siteImageSchema = looseObject({
  cloud: string().min(1).describe("The clouds.yaml entry the site publishes to."),
  image_id: string().min(1).describe("Glance image ID of the published image."),
  image_name: string().min(1).describe("Glance image name on that site."),
  disk_format: string().min(1).optional().describe("The site's disk format, when it differs from the build's."),
  visibility: string().optional(),
  published_at: string().optional().describe("ISO 8601 time of the publish."),
  signing_certificate_sha256: string().regex(hex(32)).optional().describe(
    "SHA-256 fingerprint of the certificate (in that cloud's Barbican) the Glance image signature verifies with."
  )
});
var manifestSignatureSchema = looseObject({
  img_signature: string().min(1).describe("Base64 signature of the file at `url` (its bytes exactly)."),
  img_signature_hash_method: string().min(1).describe("e.g. SHA-256"),
  img_signature_key_type: string().min(1).describe("e.g. RSA-PSS"),
  certificate_sha256: string().regex(hex(32)).describe("SHA-256 fingerprint of `certificate`."),
  certificate: string().min(1).describe("The signing certificate (PEM): sync stores it in the target Barbican.")
}).describe("Glance image signature of the build's file, for `kiln sync` to keep (docs/signing.md).");
var manifestEntrySchema = looseObject({
  manifest_version: int().positive().optional().describe(`Format version of this entry (${MANIFEST_VERSION}); absent in version 1.`),
  name: string().min(1).describe("Image name to use on a cloud (the build name, i.e. the manifest key)."),
  url: url().optional().describe("Where the image file can be downloaded (object store or --base-url)."),
  checksum: string().regex(/^sha256:[0-9a-f]{64}$/).describe('sha256 of the image file, as "sha256:<hex>".'),
  checksum_sha512: string().regex(digest("sha512", 64, true)).describe(
    `sha512 of the image file, as "sha512:<hex>" (bare hex in version 1); the hex is Glance's os_hash_value.`
  ),
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
  signing_certificate_sha256: string().regex(hex(32)).optional().describe(
    "SHA-256 fingerprint of the certificate its Glance image signatures verify with (signed builds)."
  ),
  signature: manifestSignatureSchema.optional(),
  sites: record(string(), siteImageSchema).describe("Per sites.yaml site the image was published to: its Glance image."),
  "image-sbom-url": url().optional().describe("Where the image's CycloneDX SBOM can be downloaded (azimuth-images' field name).")
});
var manifestSchema = record(string().min(1), manifestEntrySchema).meta({
  title: "kiln release manifest",
  description: "manifest.json attached to a kiln GitHub release: one entry per build (image x architecture), keyed by build name (`<image>` for the first architecture of an image, `<image>-<arch>` for the others). Entries also carry the `manifest_extra` values of images.yaml as top-level string fields."
});

// src/release/results.ts
var PUBLISH_FILE = /^publish-(.+)\.json$/;
async function readJson(path) {
  const text = await readFile(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`not valid JSON: ${err.message}`, recordPos(path));
  }
}
var str = (o, key) => typeof o[key] === "string" && o[key] ? o[key] : void 0;
function signatureOf(raw) {
  const parsed = manifestSignatureSchema.safeParse(raw);
  return parsed.success ? parsed.data : void 0;
}
function checkPublished(raw, path, siteFromName) {
  const o = raw ?? {};
  const image_id = str(o, "image_id");
  const image_name = str(o, "image_name");
  const cloud = str(o, "cloud");
  if (!image_id || !image_name || !cloud) {
    throw new InputError("not a kiln publish result: needs cloud, image_id and image_name", recordPos(path));
  }
  return {
    site: str(o, "site") ?? siteFromName,
    cloud,
    image_id,
    image_name,
    disk_format: str(o, "disk_format"),
    visibility: str(o, "visibility"),
    published_at: str(o, "published_at"),
    signing_certificate_sha256: str(o, "signing_certificate_sha256"),
    signature: signatureOf(o.signature)
  };
}
async function findResults(root) {
  const errors = [];
  const results = await collectInputErrors(
    await listRecordFiles(root),
    async (path) => {
      const record2 = await readRecordFile(path);
      const dir = dirname(path);
      const published = [];
      for (const n of (await readdir(dir)).sort()) {
        const m = PUBLISH_FILE.exec(n);
        if (m) published.push(checkPublished(await readJson(join(dir, n)), join(dir, n), m[1]));
      }
      return { record: record2, dir, path, published };
    },
    errors
  );
  if (errors.length) throw new InputErrors(errors);
  return results;
}
var buildId = (name, arch) => `${name} (${arch})`;

export {
  MANIFEST_VERSION,
  manifestSchema,
  findResults,
  buildId
};
