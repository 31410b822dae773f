// The release manifest (manifest.json on a GitHub release), as a zod schema: the single source of the
// TypeScript types, of the validation `kiln release` applies to its output and `kiln sync` to its
// input, and of the committed JSON Schema (schema/manifest.schema.json). Entries are open objects so
// that an older `kiln sync` still reads a manifest written by a newer kiln that added fields.
//
// Format versions (each entry carries `manifest_version`; entries of version 1 have none):
// 1: `checksum_sha512` bare hex; extra fields only under `properties`.
// 2: `checksum_sha512` as `sha512:<hex>` (the form azimuth-images writes and azimuth-ops splits on
//    ':'), `manifest_extra` values of images.yaml at the top level of the entry, `image-sbom-url`.
// The version sits in every entry, not beside them, because consumers iterate the top-level object
// as image entries and merge manifests of several sources (azimuth-ops' community_images does both).
import * as z from 'zod';
import { ARCHES } from '../config/types.js';

export const MANIFEST_VERSION = 2;

const hex = (bytes: number) => new RegExp(`^[0-9a-f]{${bytes * 2}}$`);
/** `<algo>:<hex>`; `optionalPrefix` also takes bare hex (what kiln 1 wrote for sha512). */
const digest = (algo: 'sha256' | 'sha512', bytes: number, optionalPrefix = false) =>
  new RegExp(`^${optionalPrefix ? `(${algo}:)?` : `${algo}:`}[0-9a-f]{${bytes * 2}}$`);

const siteImageSchema = z.looseObject({
  cloud: z.string().min(1).describe('The clouds.yaml entry the site publishes to.'),
  image_id: z.string().min(1).describe('Glance image ID of the published image.'),
  image_name: z.string().min(1).describe('Glance image name on that site.'),
  disk_format: z
    .string()
    .min(1)
    .optional()
    .describe("The site's disk format, when it differs from the build's."),
  visibility: z.string().optional(),
  published_at: z.string().optional().describe('ISO 8601 time of the publish.'),
  signing_certificate_sha256: z
    .string()
    .regex(hex(32))
    .optional()
    .describe(
      "SHA-256 fingerprint of the certificate (in that cloud's Barbican) the Glance image signature verifies with.",
    ),
});

export const manifestSignatureSchema = z
  .looseObject({
    img_signature: z.string().min(1).describe('Base64 signature of the file at `url` (its bytes exactly).'),
    img_signature_hash_method: z.string().min(1).describe('e.g. SHA-256'),
    img_signature_key_type: z.string().min(1).describe('e.g. RSA-PSS'),
    certificate_sha256: z.string().regex(hex(32)).describe('SHA-256 fingerprint of `certificate`.'),
    certificate: z
      .string()
      .min(1)
      .describe('The signing certificate (PEM): sync stores it in the target Barbican.'),
  })
  .describe("Glance image signature of the build's file, for `kiln sync` to keep (docs/signing.md).");

export const manifestEntrySchema = z.looseObject({
  manifest_version: z
    .int()
    .positive()
    .optional()
    .describe(`Format version of this entry (${MANIFEST_VERSION}); absent in version 1.`),
  name: z.string().min(1).describe('Image name to use on a cloud (the build name, i.e. the manifest key).'),
  url: z.url().optional().describe('Where the image file can be downloaded (object store or --base-url).'),
  checksum: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/)
    .describe('sha256 of the image file, as "sha256:<hex>".'),
  checksum_sha512: z
    .string()
    .regex(digest('sha512', 64, true))
    .describe(
      'sha512 of the image file, as "sha512:<hex>" (bare hex in version 1); the hex is Glance\'s os_hash_value.',
    ),
  arch: z.enum(ARCHES),
  disk_format: z.string().min(1).describe('Format of the file at `url` (qcow2, raw, ...).'),
  size: z.number().int().nonnegative().describe('Bytes of the file at `url`.'),
  virtual_size: z.number().int().nonnegative().optional(),
  build_key: z.string().regex(hex(32)).describe('kiln build key: SHA-256 over every input of the image.'),
  git_sha: z.string().min(1).describe('Commit of the image definitions the image was built from.'),
  image: z.string().min(1).describe('Image name in images.yaml.'),
  builder: z.string().optional(),
  builder_version: z.string().optional(),
  built_at: z.string().optional(),
  test: z.string().optional().describe('Result of `kiln test`: passed, failed or skipped.'),
  properties: z.record(z.string(), z.string()).describe('Glance properties of the image (images.yaml).'),
  signing_certificate_sha256: z
    .string()
    .regex(hex(32))
    .optional()
    .describe(
      'SHA-256 fingerprint of the certificate its Glance image signatures verify with (signed builds).',
    ),
  signature: manifestSignatureSchema.optional(),
  sites: z
    .record(z.string(), siteImageSchema)
    .describe('Per sites.yaml site the image was published to: its Glance image.'),
  'image-sbom-url': z
    .url()
    .optional()
    .describe("Where the image's CycloneDX SBOM can be downloaded (azimuth-images' field name)."),
});

/** Keys are build names, the Glance names publish gives: `<image>` for an image's first architecture,
 * `<image>-<arch>` for the others (src/openstack/glance-name.ts). */
export const manifestSchema = z.record(z.string().min(1), manifestEntrySchema).meta({
  title: 'kiln release manifest',
  description:
    'manifest.json attached to a kiln GitHub release: one entry per build (image x architecture), keyed by build name (`<image>` for the first architecture of an image, `<image>-<arch>` for the others). Entries also carry the `manifest_extra` values of images.yaml as top-level string fields.',
});

export type SiteImage = z.infer<typeof siteImageSchema>;
export type ManifestSignature = z.infer<typeof manifestSignatureSchema>;
export type ManifestEntry = z.infer<typeof manifestEntrySchema>;
export type Manifest = z.infer<typeof manifestSchema>;

/** The JSON Schema committed as schema/manifest.schema.json. */
export function manifestJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(manifestSchema, { target: 'draft-2020-12' });
}
