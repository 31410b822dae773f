// What `kiln sync` reads: a kiln release manifest (any format version) or an azimuth-images one,
// brought to one shape. An entry with a `build_key` is kiln's and is checked against the full kiln
// schema; any other entry is azimuth-images' (bin/generate-manifest: `name`, `url`, `checksum`,
// `checksum_sha512`, the packer `custom_data` such as `kubernetes_version`, links to the SBOM and the
// cosign bundle), which needs only a name, a URL and a checksum. The entry's key need not be its
// name: azimuth keys entries by build (`kubernetes-1-30-jammy`) and names the image with its date.
import * as z from 'zod';
import { InputError, InputErrors } from '../errors.js';
import { validateManifest } from './manifest.js';
import type { ManifestEntry } from './manifest-schema.js';

export interface SyncEntry {
  /** The Glance name to give the image. */
  name: string;
  url?: string;
  /** Hex digests, without their `sha256:`/`sha512:` prefix; at least one is present. */
  sha256?: string;
  sha512?: string;
  size?: number;
  /** Absent when the manifest does not say: sync asks `qemu-img info` after the download. */
  disk_format?: string;
  /** Glance properties the manifest asks for. */
  properties: Record<string, string>;
  /** The kiln entry, for provenance properties (absent for other projects' manifests). */
  kiln?: ManifestEntry;
}

/** Entry key -> entry. */
export type SyncManifest = Record<string, SyncEntry>;

const hexOf = (algo: string, bytes: number) =>
  z
    .string()
    .regex(new RegExp(`^(${algo}:)?[0-9a-f]{${bytes * 2}}$`), {
      error: `expected "${algo}:<hex>" or ${bytes * 2} hex digits`,
    })
    .transform((v) => v.slice(v.indexOf(':') + 1));

/** Fields of other projects' entries that become Glance properties of the synced image. */
const AS_PROPERTIES = ['kubernetes_version'] as const;

const required = (what: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? `missing: the entry needs ${what}` : undefined;

const foreignEntrySchema = z
  .looseObject({
    name: z.string({ error: required('the image name') }).min(1),
    url: z.url({ protocol: /^https?$/, error: required('the http(s) URL of the image file') }),
    checksum: hexOf('sha256', 32).optional(),
    checksum_sha512: hexOf('sha512', 64).optional(),
    disk_format: z.string().min(1).optional(),
    kubernetes_version: z.string().min(1).optional(),
  })
  .refine((e) => e.checksum !== undefined || e.checksum_sha512 !== undefined, {
    error: 'expected a checksum: `checksum` (sha256) or `checksum_sha512`',
    path: ['checksum'],
  });

function problems(error: z.ZodError, source: string, key: string): InputError[] {
  return error.issues.map(
    (i) => new InputError(`${source}: ${[key, ...i.path.map(String)].join('.')}: ${i.message}`),
  );
}

/** Reads a parsed manifest file; bad input names the offending fields of the first bad entry. */
export function parseSyncManifest(data: unknown, source: string): SyncManifest {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new InputError(`${source}: (top level): expected an object of image entries`);
  const out: SyncManifest = {};
  for (const [key, raw] of Object.entries(data)) {
    if (typeof raw === 'object' && raw !== null && 'build_key' in raw) {
      const entry = validateManifest({ [key]: raw }, source)[key]!;
      out[key] = {
        name: entry.name,
        url: entry.url,
        sha256: entry.checksum.slice('sha256:'.length),
        sha512: entry.checksum_sha512.slice(entry.checksum_sha512.indexOf(':') + 1),
        size: entry.size,
        disk_format: entry.disk_format,
        properties: entry.properties,
        kiln: entry,
      };
      continue;
    }
    const res = foreignEntrySchema.safeParse(raw);
    if (!res.success) throw new InputErrors(problems(res.error, source, key));
    const e = res.data;
    out[key] = {
      name: e.name,
      url: e.url,
      sha256: e.checksum,
      sha512: e.checksum_sha512,
      disk_format: e.disk_format,
      properties: Object.fromEntries(AS_PROPERTIES.filter((p) => e[p] !== undefined).map((p) => [p, e[p]!])),
    };
  }
  return out;
}
