// How kiln marks the images it creates, so that a later run (after any crash) can recognise every
// intermediate state of the protocol from Glance alone. Nothing about a publish is kept locally.
//
// - staging image: name `N.kiln-staging-<key8>-<random>` (can never be confused with N or with an
//   archive name), tag `kiln:staging`, property `kiln_target=N`, hidden, private;
// - verified staging: additionally `kiln_verified=<sha512>` equal to Glance's own os_hash_value;
// - archived image: tag `kiln:archived`, `kiln_target=N`, `kiln_archived_at`, and `kiln_replaced_by`
//   = the id of the image that took over the name (set in the same PATCH as the rename);
// - a staging image in use: `kiln_heartbeat`, refreshed by its publisher (src/publish/heartbeat.ts).
import { randomBytes } from 'node:crypto';
import type { GlanceImage } from '../openstack/glance-types.js';

export const TAG_STAGING = 'kiln:staging';
export const TAG_ARCHIVED = 'kiln:archived';

export const PROP = {
  target: 'kiln_target',
  verified: 'kiln_verified',
  buildKey: 'kiln_build_key',
  sourceSha512: 'kiln_source_sha512',
  sourceSha256: 'kiln_source_sha256',
  gitSha: 'kiln_git_sha',
  version: 'kiln_version',
  buildDate: 'kiln_build_date',
  archivedAt: 'kiln_archived_at',
  replacedBy: 'kiln_replaced_by',
  /** `<time> <host>:<pid>` refreshed while a publish owns the staging image (src/publish/heartbeat.ts). */
  heartbeat: 'kiln_heartbeat',
} as const;

export function stagingName(name: string, key: string, random = randomBytes(4).toString('hex')): string {
  return `${name}.kiln-staging-${key.slice(0, 8)}-${random}`;
}

export function prop(image: GlanceImage, key: string): string | undefined {
  const v = image[key];
  return typeof v === 'string' ? v : undefined;
}

export const isStaging = (image: GlanceImage): boolean => image.tags.includes(TAG_STAGING);

/** Active, and Glance's own checksum is the one kiln verified against the local file. */
export function isVerified(image: GlanceImage): boolean {
  return (
    image.status === 'active' &&
    image.os_hash_algo === 'sha512' &&
    !!image.os_hash_value &&
    prop(image, PROP.verified) === image.os_hash_value
  );
}
