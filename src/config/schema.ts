// The shape of images.yaml, sites.yaml and third-party.yaml as zod schemas: the one definition
// that validation, the error messages and the exported JSON Schema all come from. Defaults and
// inheritance are not here (a missing key must stay missing so a child can inherit it): see
// resolve-images.ts. Objects are strict so that a misspelt key is an error, not silently ignored.
import * as z from 'zod';
import { ARCHES, BUILDERS } from './types.js';

export const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const name = (what: string) =>
  z.string().regex(NAME_RE, { error: `expected a ${what} name: letters, digits, '.', '_' or '-'` });
// Sites are named as their operators name them (Chameleon's `CHI@TACC`): '@' is allowed too.
const SITE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9@._-]*$/;
const siteName = z.string().regex(SITE_NAME_RE, {
  error: "expected a site name: a letter or digit, then letters, digits, '@', '.', '_' or '-'",
});
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an environment variable name (letters, digits, _)' });
// Env and property values end up as strings. Integers and booleans are unambiguous; other numbers
// are not (YAML reads 22.10 as 22.1), so they must be quoted.
const scalar = z.union([z.string(), z.int(), z.boolean()], {
  error: 'expected a string (quote version-like numbers: "22.04")',
});
const stringMap = z.record(z.string(), scalar);

/** Fields kiln writes in a release manifest entry (src/release/manifest-schema.ts): `manifest_extra` may not reuse them. */
export const MANIFEST_ENTRY_FIELDS = [
  'manifest_version',
  'name',
  'url',
  'checksum',
  'checksum_sha512',
  'arch',
  'disk_format',
  'size',
  'virtual_size',
  'build_key',
  'git_sha',
  'image',
  'builder',
  'builder_version',
  'built_at',
  'test',
  'properties',
  'sites',
  'image-sbom-url',
  'signing_certificate_sha256',
  'signature',
] as const;
const manifestField = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, { error: 'expected a field name: letters, digits, _ or -' })
  .refine((k) => !(MANIFEST_ENTRY_FIELDS as readonly string[]).includes(k), {
    error: (iss) => `'${String(iss.input)}' is a field kiln writes itself in the manifest entry`,
  });

const DISK_FORMATS = ['qcow2', 'raw', 'vmdk', 'vdi', 'vhd', 'vhdx'] as const;
export const VISIBILITIES = ['public', 'private', 'shared', 'community'] as const;

const arch = z.enum(ARCHES);
const architectures = z.array(arch).min(1, { error: 'expected at least one architecture' });
const diskFormat = z.enum(DISK_FORMATS);
const visibility = z.enum(VISIBILITIES);
const labels = z.array(z.string()).min(1, { error: 'expected at least one runner label' });
const glanceNameTemplate = z
  .string()
  .min(1)
  .refine((t) => /^(?:[^{}]|\{(?:image|arch|ARCH)\})*$/.test(t), {
    error: 'expected a name template: text with {image}, {arch} or {ARCH}',
  });
const glanceName = z
  .strictObject({ amd64: glanceNameTemplate.optional(), arm64: glanceNameTemplate.optional() })
  .describe(
    'Glance name per architecture, e.g. { arm64: "{image}-ARM64" } (default: the first architecture {image}, others {image}-{arch})',
  );
const runners = z
  .strictObject({ amd64: labels.optional(), arm64: labels.optional() })
  .describe('GitHub runner labels per architecture (`runs-on` of the build job)');

/** Why `source` is not a valid JavaScript regular expression (kiln test compiles it), if it is not. */
function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: /, '');
  }
}
const regex = (what: string) =>
  z
    .string()
    .refine((s) => regexProblem(s) === undefined, {
      error: (iss) => `not a valid regular expression: ${regexProblem(String(iss.input))}`,
    })
    .describe(what);
// Files are looked up inside the image, from its root: a relative path has nothing to be relative to.
const imagePaths = (what: string) =>
  z
    .array(z.string().regex(/^\//, { error: 'expected an absolute path in the image, starting with /' }))
    .optional()
    .describe(what);

const bootCommand = z.strictObject({
  run: z.string().describe('A shell command run in the booted guest'),
  expect: regex('A regular expression its output must match'),
});
const test = z
  .strictObject({
    required_files: imagePaths("Absolute paths that must exist in the image (added to the parent's)"),
    forbidden_files: imagePaths("Absolute globs that must not exist in the image (added to the parent's)"),
    boot: z
      .strictObject({
        enabled: z.boolean().optional().describe('Boot the image in qemu (default true)'),
        timeout: z.int().positive().optional().describe('Seconds to wait for the marker (default 300)'),
        marker: regex('Regular expression that shows the guest is up').optional(),
        commands: z.array(bootCommand).optional(),
      })
      .optional(),
  })
  .describe('Settings for `kiln test`');

const sha256 = z.preprocess(
  // YAML reads an unquoted all-zero checksum (the placeholder) as the number 0: it stays a placeholder.
  (v) => (v === 0 ? '0'.repeat(64) : v),
  z
    .string({
      error: (iss) =>
        iss.input === undefined ? 'missing sha256: an artifact needs its SHA-256 checksum' : undefined,
    })
    .regex(/^[0-9a-f]{64}$/, { error: 'expected a SHA-256 checksum: 64 lowercase hex digits' }),
);
// An artifact is either at a URL or an object in a site's Swift (Chameleon keeps licensed files in
// a private container). One object with optional fields, so that a mistake is reported by key.
const artifact = z
  .strictObject({
    url: z.url({ protocol: /^(https?|file)$/, error: 'expected an http(s) or file URL' }).optional(),
    object: z.string().min(1).optional().describe('Object name in `container` (instead of `url`)'),
    container: z.string().min(1).optional().describe('Swift container holding `object`'),
    site: z.string().optional().describe("Site (sites.yaml) whose cloud's object store holds `object`"),
    sha256,
  })
  .superRefine((a, ctx) => {
    if (a.url !== undefined && a.object !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['object'],
        message: 'expected either `url` or `object`, not both',
      });
    else if (a.url === undefined && a.object === undefined)
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'missing `url` (or `object`, `container` and `site`)',
      });
    else if (a.object !== undefined)
      for (const key of ['container', 'site'] as const)
        if (a[key] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `missing \`${key}\`: an object artifact needs it`,
          });
    if (a.url !== undefined)
      for (const key of ['container', 'site'] as const)
        if (a[key] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `\`${key}\` belongs to object artifacts, not \`url\``,
          });
  });

const siteSelector = z
  .strictObject({
    kind: z.string().optional().describe('Publish to every site of this kind'),
    names: z.array(z.string()).min(1).optional().describe('Publish to these sites'),
  })
  .refine((s) => (s.kind === undefined) !== (s.names === undefined), {
    error: 'expected exactly one of `kind` or `names`',
  })
  .describe('Which sites the image is published to; without it, every site');

const inputs = z
  .array(z.string().min(1))
  .optional()
  .describe(
    "Files the build reads that kiln cannot find by itself: globs relative to the repository root, added to the parent's; part of the build key",
  );
const SIGNING_HASH_METHODS = ['SHA-256', 'SHA-384', 'SHA-512', 'SHA-224'] as const;
const signing = z
  .strictObject({
    certificate_file: z
      .string()
      .describe('X.509 certificate (PEM) of the signing key, relative to the repository root'),
    key_file: z
      .string()
      .optional()
      .describe('PEM private key, relative to the repository root; KILN_SIGNING_KEY overrides it'),
    hash_method: z
      .enum(SIGNING_HASH_METHODS)
      .optional()
      .describe('img_signature_hash_method (default SHA-256)'),
  })
  .describe('Sign published images so that Glance (and Nova) verify them; see docs/signing.md');

export const imageSchema = z
  .strictObject({
    description: z.string().optional(),
    builder: z.enum(BUILDERS).optional().describe('dib (default) or packer; inherited from the parent'),
    parent: z.string().optional().describe('Image this one is built on; its settings are inherited'),
    elements: z.array(z.string()).optional().describe("DIB elements, added after the parent's"),
    env: z
      .record(envName, scalar)
      .optional()
      .describe("Environment for the builder, merged over the parent's"),
    architectures: architectures.optional(),
    disk_format: diskFormat.optional(),
    visibility: visibility
      .optional()
      .describe("Glance visibility on every site, over the site's (inherited; else defaults.visibility)"),
    properties: stringMap.optional().describe("Glance properties, merged over the parent's"),
    manifest_extra: z
      .record(manifestField, scalar)
      .optional()
      .describe(
        "Fields put at the top level of the image's release manifest entry (e.g. kubernetes_version), merged over the parent's",
      ),
    artifacts: z
      .record(envName, artifact)
      .optional()
      .describe(
        'Files fetched before the build, checked against sha256; the local path is exported under the key',
      ),
    sites: siteSelector.optional(),
    template: z.string().optional().describe('Packer: the template, relative to the repository root'),
    var_files: z
      .array(z.string())
      .optional()
      .describe('Packer: var files, either a name (<template dir>/vars/<name>.pkrvars.hcl) or a path'),
    runners: runners.optional(),
    glance_name: glanceName.optional(),
    test: test.optional(),
    inputs,
    signing: signing.optional(),
  })
  .describe('One image');

export const defaultsSchema = z.strictObject({
  architectures: architectures.optional(),
  disk_format: diskFormat.optional(),
  visibility: visibility
    .optional()
    .describe("Glance visibility of every image that sets none, over the site's (no built-in default)"),
  properties: stringMap.optional(),
  env: z.record(envName, scalar).optional(),
  builders: z
    .strictObject({
      dib: z.string().optional().describe('diskimage-builder version (part of every build key)'),
      packer: z.string().optional().describe('Packer version (part of every build key)'),
    })
    .optional(),
  runners: runners.optional(),
  glance_name: glanceName.optional(),
  test: test.optional(),
  inputs,
  signing: signing.optional(),
});

export const imagesFileSchema = z.strictObject({
  defaults: defaultsSchema.optional(),
  images: z.record(name('image'), imageSchema),
});

export const siteSchema = z.strictObject({
  cloud: z.string().describe('The clouds.yaml entry to authenticate with'),
  kind: z.string().describe('Free-form kind images select by, e.g. kvm or baremetal'),
  disk_format: diskFormat.optional().describe('Format Glance stores (converted if needed; default qcow2)'),
  visibility: visibility
    .optional()
    .describe('Visibility of published images for which images.yaml sets none (default private)'),
  keep: z
    .int()
    .nonnegative()
    .optional()
    .describe('Archived images (and object-store versions) to keep (default 3)'),
  architectures: architectures
    .optional()
    .describe('Architectures published here (default all): builds of others are skipped'),
  properties: stringMap.optional(),
  require_tests: z
    .boolean()
    .optional()
    .describe('Refuse images whose `kiln test` did not pass (default true)'),
  object_store: z
    .strictObject({ container: z.string(), prefix: z.string().optional() })
    .optional()
    .describe('Where release image files are stored'),
});

export const sitesFileSchema = z.strictObject({ sites: z.record(siteName, siteSchema) });

export const thirdPartyRepoSchema = z
  .strictObject({
    repo: z.string().describe('Git URL'),
    ref: z
      .string()
      .regex(/^[0-9a-f]{40}$/, {
        error:
          'expected a full commit SHA, 40 lowercase hex digits (branches and tags can move: to follow a branch, use `branch:`)',
      })
      .optional(),
    branch: z
      .string()
      .min(1)
      .optional()
      .describe('Branch to follow through config/third-party.lock.yaml (`kiln lock` pins it)'),
    elements_dir: z.string().optional().describe('Folder of elements inside the repo (default elements)'),
    provides: z
      .array(z.string())
      .optional()
      .describe('Element names the repo provides; lets validate accept them without a local checkout'),
  })
  .superRefine((r, ctx) => {
    if ((r.ref === undefined) === (r.branch === undefined))
      ctx.addIssue({
        code: 'custom',
        path: r.ref === undefined ? [] : ['branch'],
        message:
          r.ref === undefined
            ? 'missing `ref` (a commit SHA) or `branch` (followed through `kiln lock`)'
            : 'expected either `ref` or `branch`, not both',
      });
  });

export const thirdPartyFileSchema = z.strictObject({
  elements: z.record(name('repository'), thirdPartyRepoSchema),
});

export type ImageInput = z.infer<typeof imageSchema>;
export type DefaultsInput = z.infer<typeof defaultsSchema>;
