import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  _enum,
  array,
  boolean,
  int,
  record,
  strictObject,
  string,
  union,
  url
} from "./chunk-BDAQBW24.js";
import {
  ARCHES,
  BUILDERS
} from "./chunk-YDNOFHPX.js";

// src/config/schema.ts
var NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
var name = (what) => string().regex(NAME_RE, { error: `expected a ${what} name: letters, digits, '.', '_' or '-'` });
var envName = string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "expected an environment variable name (letters, digits, _)" });
var scalar = union([string(), int(), boolean()], {
  error: 'expected a string (quote version-like numbers: "22.04")'
});
var stringMap = record(string(), scalar);
var DISK_FORMATS = ["qcow2", "raw", "vmdk", "vdi", "vhd", "vhdx"];
var VISIBILITIES = ["public", "private", "shared", "community"];
var arch = _enum(ARCHES);
var architectures = array(arch).min(1, { error: "expected at least one architecture" });
var diskFormat = _enum(DISK_FORMATS);
var visibility = _enum(VISIBILITIES);
var labels = array(string()).min(1, { error: "expected at least one runner label" });
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
var sha256 = string({
  error: (iss) => iss.input === void 0 ? "missing sha256: an artifact needs its SHA-256 checksum" : void 0
}).regex(/^[0-9a-f]{64}$/, { error: "expected a SHA-256 checksum: 64 lowercase hex digits" });
var artifact = strictObject({
  url: url({ protocol: /^(https?|file)$/, error: "expected an http(s) or file URL" }),
  sha256
});
var siteSelector = strictObject({
  kind: string().optional().describe("Publish to every site of this kind"),
  names: array(string()).min(1).optional().describe("Publish to these sites")
}).refine((s) => s.kind === void 0 !== (s.names === void 0), {
  error: "expected exactly one of `kind` or `names`"
}).describe("Which sites the image is published to; without it, every site");
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
  artifacts: record(envName, artifact).optional().describe(
    "Files fetched before the build, checked against sha256; the local path is exported under the key"
  ),
  sites: siteSelector.optional(),
  template: string().optional().describe("Packer: the template, relative to the repository root"),
  var_files: array(string()).optional().describe("Packer: var files, either a name (<template dir>/vars/<name>.pkrvars.hcl) or a path"),
  runners: runners.optional(),
  test: test.optional()
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
  test: test.optional()
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
  keep: int().nonnegative().optional().describe("Archived images to keep (default 3)"),
  properties: stringMap.optional(),
  require_tests: boolean().optional().describe("Refuse images whose `kiln test` did not pass (default true)"),
  object_store: strictObject({ container: string(), prefix: string().optional() }).optional().describe("Where release image files are stored")
});
var sitesFileSchema = strictObject({ sites: record(name("site"), siteSchema) });
var thirdPartyRepoSchema = strictObject({
  repo: string().describe("Git URL"),
  ref: string().regex(/^[0-9a-f]{40}$/, {
    error: "expected a full commit SHA, 40 lowercase hex digits (branches and tags can move)"
  }),
  elements_dir: string().optional().describe("Folder of elements inside the repo (default elements)"),
  provides: array(string()).optional().describe("Element names the repo provides; lets validate accept them without a local checkout")
});
var thirdPartyFileSchema = strictObject({
  elements: record(name("repository"), thirdPartyRepoSchema)
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
