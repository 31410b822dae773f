import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  external_exports
} from "./chunk-XX4E3S4Z.js";
import {
  ARCHES,
  BUILDERS
} from "./chunk-YDNOFHPX.js";

// src/config/schema.ts
var NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
var name = (what) => external_exports.string().regex(NAME_RE, { error: `expected a ${what} name: letters, digits, '.', '_' or '-'` });
var envName = external_exports.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "expected an environment variable name (letters, digits, _)" });
var scalar = external_exports.union([external_exports.string(), external_exports.int(), external_exports.boolean()], {
  error: 'expected a string (quote version-like numbers: "22.04")'
});
var stringMap = external_exports.record(external_exports.string(), scalar);
var DISK_FORMATS = ["qcow2", "raw", "vmdk", "vdi", "vhd", "vhdx"];
var VISIBILITIES = ["public", "private", "shared", "community"];
var arch = external_exports.enum(ARCHES);
var architectures = external_exports.array(arch).min(1, { error: "expected at least one architecture" });
var diskFormat = external_exports.enum(DISK_FORMATS);
var visibility = external_exports.enum(VISIBILITIES);
var labels = external_exports.array(external_exports.string()).min(1, { error: "expected at least one runner label" });
var runners = external_exports.strictObject({ amd64: labels.optional(), arm64: labels.optional() }).describe("GitHub runner labels per architecture (`runs-on` of the build job)");
var bootCommand = external_exports.strictObject({
  run: external_exports.string().describe("A shell command run in the booted guest"),
  expect: external_exports.string().describe("A regular expression its output must match")
});
var test = external_exports.strictObject({
  required_files: external_exports.array(external_exports.string()).optional().describe("Paths that must exist in the image (added to the parent's)"),
  forbidden_files: external_exports.array(external_exports.string()).optional().describe("Globs that must not exist in the image (added to the parent's)"),
  boot: external_exports.strictObject({
    enabled: external_exports.boolean().optional().describe("Boot the image in qemu (default true)"),
    timeout: external_exports.int().positive().optional().describe("Seconds to wait for the marker (default 300)"),
    marker: external_exports.string().optional().describe("Regular expression that shows the guest is up"),
    commands: external_exports.array(bootCommand).optional()
  }).optional()
}).describe("Settings for `kiln test`");
var sha256 = external_exports.string({
  error: (iss) => iss.input === void 0 ? "missing sha256: an artifact needs its SHA-256 checksum" : void 0
}).regex(/^[0-9a-f]{64}$/, { error: "expected a SHA-256 checksum: 64 lowercase hex digits" });
var artifact = external_exports.strictObject({
  url: external_exports.url({ protocol: /^(https?|file)$/, error: "expected an http(s) or file URL" }),
  sha256
});
var siteSelector = external_exports.strictObject({
  kind: external_exports.string().optional().describe("Publish to every site of this kind"),
  names: external_exports.array(external_exports.string()).min(1).optional().describe("Publish to these sites")
}).refine((s) => s.kind === void 0 !== (s.names === void 0), {
  error: "expected exactly one of `kind` or `names`"
}).describe("Which sites the image is published to; without it, every site");
var imageSchema = external_exports.strictObject({
  description: external_exports.string().optional(),
  builder: external_exports.enum(BUILDERS).optional().describe("dib (default) or packer; inherited from the parent"),
  parent: external_exports.string().optional().describe("Image this one is built on; its settings are inherited"),
  elements: external_exports.array(external_exports.string()).optional().describe("DIB elements, added after the parent's"),
  env: external_exports.record(envName, scalar).optional().describe("Environment for the builder, merged over the parent's"),
  architectures: architectures.optional(),
  disk_format: diskFormat.optional(),
  visibility: visibility.optional(),
  properties: stringMap.optional().describe("Glance properties, merged over the parent's"),
  artifacts: external_exports.record(envName, artifact).optional().describe(
    "Files fetched before the build, checked against sha256; the local path is exported under the key"
  ),
  sites: siteSelector.optional(),
  template: external_exports.string().optional().describe("Packer: the template, relative to the repository root"),
  var_files: external_exports.array(external_exports.string()).optional().describe("Packer: var files, either a name (<template dir>/vars/<name>.pkrvars.hcl) or a path"),
  runners: runners.optional(),
  test: test.optional()
}).describe("One image");
var defaultsSchema = external_exports.strictObject({
  architectures: architectures.optional(),
  disk_format: diskFormat.optional(),
  visibility: visibility.optional(),
  properties: stringMap.optional(),
  env: external_exports.record(envName, scalar).optional(),
  builders: external_exports.strictObject({
    dib: external_exports.string().optional().describe("diskimage-builder version (part of every build key)"),
    packer: external_exports.string().optional().describe("Packer version (part of every build key)")
  }).optional(),
  runners: runners.optional(),
  test: test.optional()
});
var imagesFileSchema = external_exports.strictObject({
  defaults: defaultsSchema.optional(),
  images: external_exports.record(name("image"), imageSchema)
});
var siteSchema = external_exports.strictObject({
  cloud: external_exports.string().describe("The clouds.yaml entry to authenticate with"),
  kind: external_exports.string().describe("Free-form kind images select by, e.g. kvm or baremetal"),
  disk_format: diskFormat.optional().describe("Format Glance stores (converted if needed; default qcow2)"),
  visibility: visibility.optional().describe("Visibility of published images (default private)"),
  keep: external_exports.int().nonnegative().optional().describe("Archived images to keep (default 3)"),
  properties: stringMap.optional(),
  require_tests: external_exports.boolean().optional().describe("Refuse images whose `kiln test` did not pass (default true)"),
  object_store: external_exports.strictObject({ container: external_exports.string(), prefix: external_exports.string().optional() }).optional().describe("Where release image files are stored")
});
var sitesFileSchema = external_exports.strictObject({ sites: external_exports.record(name("site"), siteSchema) });
var thirdPartyRepoSchema = external_exports.strictObject({
  repo: external_exports.string().describe("Git URL"),
  ref: external_exports.string().regex(/^[0-9a-f]{40}$/, {
    error: "expected a full commit SHA, 40 lowercase hex digits (branches and tags can move)"
  }),
  elements_dir: external_exports.string().optional().describe("Folder of elements inside the repo (default elements)"),
  provides: external_exports.array(external_exports.string()).optional().describe("Element names the repo provides; lets validate accept them without a local checkout")
});
var thirdPartyFileSchema = external_exports.strictObject({
  elements: external_exports.record(name("repository"), thirdPartyRepoSchema)
});

export {
  imageSchema,
  defaultsSchema,
  imagesFileSchema,
  siteSchema,
  sitesFileSchema,
  thirdPartyRepoSchema,
  thirdPartyFileSchema
};
