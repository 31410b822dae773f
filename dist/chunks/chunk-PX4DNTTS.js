import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  _enum,
  array,
  boolean,
  int,
  preprocess,
  record,
  strictObject,
  string,
  union,
  url
} from "./chunk-GU4XJBG7.js";
import {
  ARCHES,
  BUILDERS
} from "./chunk-YDNOFHPX.js";

// src/config/schema.ts
var NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
var name = (what) => string().regex(NAME_RE, { error: `expected a ${what} name: letters, digits, '.', '_' or '-'` });
var SITE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9@._-]*$/;
var siteName = string().regex(SITE_NAME_RE, {
  error: "expected a site name: a letter or digit, then letters, digits, '@', '.', '_' or '-'"
});
var envName = string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "expected an environment variable name (letters, digits, _)" });
var scalar = union([string(), int(), boolean()], {
  error: 'expected a string (quote version-like numbers: "22.04")'
});
var stringMap = record(string(), scalar);
var MANIFEST_ENTRY_FIELDS = [
  "manifest_version",
  "name",
  "url",
  "checksum",
  "checksum_sha512",
  "arch",
  "disk_format",
  "size",
  "virtual_size",
  "build_key",
  "git_sha",
  "image",
  "builder",
  "builder_version",
  "built_at",
  "test",
  "properties",
  "sites",
  "image-sbom-url",
  "signing_certificate_sha256",
  "signature"
];
var manifestField = string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, { error: "expected a field name: letters, digits, _ or -" }).refine((k) => !MANIFEST_ENTRY_FIELDS.includes(k), {
  error: (iss) => `'${String(iss.input)}' is a field kiln writes itself in the manifest entry`
});
var DISK_FORMATS = ["qcow2", "raw", "vmdk", "vdi", "vhd", "vhdx"];
var VISIBILITIES = ["public", "private", "shared", "community"];
var arch = _enum(ARCHES);
var architectures = array(arch).min(1, { error: "expected at least one architecture" });
var diskFormat = _enum(DISK_FORMATS);
var visibility = _enum(VISIBILITIES);
var labels = array(string()).min(1, { error: "expected at least one runner label" });
var glanceNameTemplate = string().min(1).refine((t) => /^(?:[^{}]|\{(?:image|arch|ARCH)\})*$/.test(t), {
  error: "expected a name template: text with {image}, {arch} or {ARCH}"
});
var glanceName = strictObject({ amd64: glanceNameTemplate.optional(), arm64: glanceNameTemplate.optional() }).describe(
  'Glance name per architecture, e.g. { arm64: "{image}-ARM64" } (default: the first architecture {image}, others {image}-{arch})'
);
var runners = strictObject({ amd64: labels.optional(), arm64: labels.optional() }).describe("GitHub runner labels per architecture (`runs-on` of the build job)");
function regexProblem(source) {
  try {
    new RegExp(source);
    return void 0;
  } catch (err) {
    return err.message.replace(/^Invalid regular expression: /, "");
  }
}
var regex = (what) => string().refine((s) => regexProblem(s) === void 0, {
  error: (iss) => `not a valid regular expression: ${regexProblem(String(iss.input))}`
}).describe(what);
var imagePaths = (what) => array(string().regex(/^\//, { error: "expected an absolute path in the image, starting with /" })).optional().describe(what);
var bootCommand = strictObject({
  run: string().describe("A shell command run in the booted guest"),
  expect: regex("A regular expression its output must match")
});
var test = strictObject({
  required_files: imagePaths("Absolute paths that must exist in the image (added to the parent's)"),
  forbidden_files: imagePaths("Absolute globs that must not exist in the image (added to the parent's)"),
  boot: strictObject({
    enabled: boolean().optional().describe("Boot the image in qemu (default true)"),
    timeout: int().positive().optional().describe("Seconds to wait for the marker (default 300)"),
    marker: regex("Regular expression that shows the guest is up").optional(),
    commands: array(bootCommand).optional()
  }).optional()
}).describe("Settings for `kiln test`");
var sha256 = preprocess(
  // YAML reads an unquoted all-zero checksum (the placeholder) as the number 0: it stays a placeholder.
  (v) => v === 0 ? "0".repeat(64) : v,
  string({
    error: (iss) => iss.input === void 0 ? "missing sha256: an artifact needs its SHA-256 checksum" : void 0
  }).regex(/^[0-9a-f]{64}$/, { error: "expected a SHA-256 checksum: 64 lowercase hex digits" })
);
var artifact = strictObject({
  url: url({ protocol: /^(https?|file)$/, error: "expected an http(s) or file URL" }).optional(),
  object: string().min(1).optional().describe("Object name in `container` (instead of `url`)"),
  container: string().min(1).optional().describe("Swift container holding `object`"),
  site: string().optional().describe("Site (sites.yaml) whose cloud's object store holds `object`"),
  sha256
}).superRefine((a, ctx) => {
  if (a.url !== void 0 && a.object !== void 0)
    ctx.addIssue({
      code: "custom",
      path: ["object"],
      message: "expected either `url` or `object`, not both"
    });
  else if (a.url === void 0 && a.object === void 0)
    ctx.addIssue({
      code: "custom",
      path: [],
      message: "missing `url` (or `object`, `container` and `site`)"
    });
  else if (a.object !== void 0) {
    for (const key of ["container", "site"])
      if (a[key] === void 0)
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `missing \`${key}\`: an object artifact needs it`
        });
  }
  if (a.url !== void 0) {
    for (const key of ["container", "site"])
      if (a[key] !== void 0)
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `\`${key}\` belongs to object artifacts, not \`url\``
        });
  }
});
var siteSelector = strictObject({
  kind: string().optional().describe("Publish to every site of this kind"),
  names: array(string()).min(1).optional().describe("Publish to these sites")
}).refine((s) => s.kind === void 0 !== (s.names === void 0), {
  error: "expected exactly one of `kind` or `names`"
}).describe("Which sites the image is published to; without it, every site");
var inputs = array(string().min(1)).optional().describe(
  "Files the build reads that kiln cannot find by itself: globs relative to the repository root, added to the parent's; part of the build key"
);
var SIGNING_HASH_METHODS = ["SHA-256", "SHA-384", "SHA-512", "SHA-224"];
var signing = strictObject({
  certificate_file: string().describe("X.509 certificate (PEM) of the signing key, relative to the repository root"),
  key_file: string().optional().describe("PEM private key, relative to the repository root; KILN_SIGNING_KEY overrides it"),
  hash_method: _enum(SIGNING_HASH_METHODS).optional().describe("img_signature_hash_method (default SHA-256)")
}).describe("Sign published images so that Glance (and Nova) verify them; see docs/signing.md");
var imageSchema = strictObject({
  description: string().optional(),
  builder: _enum(BUILDERS).optional().describe("dib (default) or packer; inherited from the parent"),
  parent: string().optional().describe("Image this one is built on; its settings are inherited"),
  elements: array(string()).optional().describe("DIB elements, added after the parent's"),
  env: record(envName, scalar).optional().describe("Environment for the builder, merged over the parent's"),
  architectures: architectures.optional(),
  disk_format: diskFormat.optional(),
  visibility: visibility.optional().describe("Glance visibility on every site, over the site's (inherited; else defaults.visibility)"),
  properties: stringMap.optional().describe("Glance properties, merged over the parent's"),
  manifest_extra: record(manifestField, scalar).optional().describe(
    "Fields put at the top level of the image's release manifest entry (e.g. kubernetes_version), merged over the parent's"
  ),
  artifacts: record(envName, artifact).optional().describe(
    "Files fetched before the build, checked against sha256; the local path is exported under the key"
  ),
  sites: siteSelector.optional(),
  template: string().optional().describe("Packer: the template, relative to the repository root"),
  var_files: array(string()).optional().describe("Packer: var files, either a name (<template dir>/vars/<name>.pkrvars.hcl) or a path"),
  runners: runners.optional(),
  glance_name: glanceName.optional(),
  test: test.optional(),
  inputs,
  signing: signing.optional()
}).describe("One image");
var defaultsSchema = strictObject({
  architectures: architectures.optional(),
  disk_format: diskFormat.optional(),
  visibility: visibility.optional().describe("Glance visibility of every image that sets none, over the site's (no built-in default)"),
  properties: stringMap.optional(),
  env: record(envName, scalar).optional(),
  builders: strictObject({
    dib: string().optional().describe("diskimage-builder version (part of every build key)"),
    packer: string().optional().describe("Packer version (part of every build key)")
  }).optional(),
  runners: runners.optional(),
  glance_name: glanceName.optional(),
  test: test.optional(),
  inputs,
  signing: signing.optional()
});
var imagesFileSchema = strictObject({
  defaults: defaultsSchema.optional(),
  images: record(name("image"), imageSchema)
});
var siteSchema = strictObject({
  cloud: string().describe("The clouds.yaml entry to authenticate with"),
  kind: string().describe("Free-form kind images select by, e.g. kvm or baremetal"),
  disk_format: diskFormat.optional().describe("Format Glance stores (converted if needed; default qcow2)"),
  visibility: visibility.optional().describe("Visibility of published images for which images.yaml sets none (default private)"),
  keep: int().nonnegative().optional().describe("Archived images (and object-store versions) to keep (default 3)"),
  architectures: architectures.optional().describe("Architectures published here (default all): builds of others are skipped"),
  properties: stringMap.optional(),
  require_tests: boolean().optional().describe("Refuse images whose `kiln test` did not pass (default true)"),
  object_store: strictObject({ container: string(), prefix: string().optional() }).optional().describe("Where release image files are stored")
});
var sitesFileSchema = strictObject({ sites: record(siteName, siteSchema) });
var thirdPartyRepoSchema = strictObject({
  repo: string().describe("Git URL"),
  ref: string().regex(/^[0-9a-f]{40}$/, {
    error: "expected a full commit SHA, 40 lowercase hex digits (branches and tags can move: to follow a branch, use `branch:`)"
  }).optional(),
  branch: string().min(1).optional().describe("Branch to follow through config/third-party.lock.yaml (`kiln lock` pins it)"),
  elements_dir: string().optional().describe("Folder of elements inside the repo (default elements)"),
  provides: array(string()).optional().describe("Element names the repo provides; lets validate accept them without a local checkout")
}).superRefine((r, ctx) => {
  if (r.ref === void 0 === (r.branch === void 0))
    ctx.addIssue({
      code: "custom",
      path: r.ref === void 0 ? [] : ["branch"],
      message: r.ref === void 0 ? "missing `ref` (a commit SHA) or `branch` (followed through `kiln lock`)" : "expected either `ref` or `branch`, not both"
    });
});
var thirdPartyFileSchema = strictObject({
  elements: record(name("repository"), thirdPartyRepoSchema)
});

export {
  NAME_RE,
  imageSchema,
  defaultsSchema,
  imagesFileSchema,
  siteSchema,
  sitesFileSchema,
  thirdPartyRepoSchema,
  thirdPartyFileSchema
};
