// `kiln build --promote-from SITE`: a build whose key a staging site already holds (main built and
// published it) is brought back from that site's Glance instead of being built again, so a tag
// releases the very bytes that were tested on staging. The image data is streamed to where the build
// would have written it, checked against Glance's size and sha512 and kiln's recorded sha256 on the
// way, and gets the record the build would have written (plus `promoted_from`).
//
// Any image kiln published with that key is a candidate, not only the one holding the name now: the
// key is content addressed, so an archived image of that key (main moved on since the tag's commit)
// has exactly the right bytes. Only copies in the build's own format qualify (os_hash_value equal to
// kiln_source_sha512): a site that converted the image (qcow2 -> raw) does not hold the build's bytes.
//
// Anything that goes wrong (no such image, a site that cannot be reached, bytes that do not match) is
// a warning and the image is built as usual: the release must not wait on a staging cloud, and a
// fresh build of the same key is what would have happened without promotion.
//
// It reads kiln's Glance markers (publish/kiln-markers.ts) and name rule: the output of an earlier run's
// publish, never a call into publishing.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResolvedImage } from '../config/types.js';
import { describeError, WorldError } from '../errors.js';
import type { Runner } from '../exec.js';
import type { Logger } from '../log.js';
import type { GlanceImage } from '../openstack/glance-types.js';
import { glanceName } from '../openstack/glance-name.js';
import { isStaging, prop, PROP } from '../publish/kiln-markers.js';
import type { PlannedImage } from '../plan/types.js';
import { virtualSize } from './make-record.js';
import type { PromotionSource } from './promotion-source.js';
import type { BuildRecord } from '../record/record.js';
import { writeVerified, type WrittenFile } from './verified-write.js';

/** How many times a download that broke off is tried before the image is built instead. */
const DOWNLOAD_ATTEMPTS = 3;

export interface Candidate {
  source: PromotionSource;
  image: GlanceImage;
}

/**
 * The image of `images` to promote for a build in `format`, or why none qualifies. The one holding
 * the build's Glance name is preferred, then the newest.
 */
export function pickCandidate(
  images: readonly GlanceImage[],
  key: string,
  format: string,
  name: string,
): { image: GlanceImage } | { reason: string } {
  const keyed = images.filter(
    (i) => i.status === 'active' && !isStaging(i) && prop(i, PROP.buildKey) === key,
  );
  if (keyed.length === 0) return { reason: 'no image with this build key' };
  const usable = keyed.filter(
    (i) =>
      i.disk_format === format &&
      i.os_hash_algo === 'sha512' &&
      !!i.os_hash_value &&
      i.os_hash_value === prop(i, PROP.sourceSha512) &&
      /^[0-9a-f]{64}$/.test(prop(i, PROP.sourceSha256) ?? '') &&
      typeof i.size === 'number',
  );
  if (usable.length === 0) {
    const formats = [...new Set(keyed.map((i) => i.disk_format ?? '?'))].join(', ');
    return {
      reason: `only copies converted from the build (${formats}) carry this key, not the ${format} file`,
    };
  }
  const rank = (i: GlanceImage) => (i.name === name ? 1 : 0);
  usable.sort((a, b) => rank(b) - rank(a) || b.created_at.localeCompare(a.created_at));
  return { image: usable[0]! };
}

/** The first source (in the order given) with a candidate for this build; warnings say why not. */
export async function findCandidate(
  sources: readonly PromotionSource[],
  planned: PlannedImage,
  image: Pick<ResolvedImage, 'name' | 'architectures' | 'disk_format'>,
  logger: Logger,
  unreachable: Set<string>,
): Promise<Candidate | undefined> {
  const id = `${planned.name}/${planned.arch}`;
  for (const source of sources) {
    if (unreachable.has(source.site)) continue;
    let images: GlanceImage[];
    try {
      images = await source.imagesWithKey(planned.key);
    } catch (err) {
      unreachable.add(source.site);
      logger.warn(
        `cannot look for builds to promote on ${source.label}, so images will be built instead: ${describeError(err)}`,
      );
      continue;
    }
    const pick = pickCandidate(images, planned.key, image.disk_format, glanceName(image, planned.arch));
    if ('image' in pick) return { source, image: pick.image };
    logger.info(`${id}: nothing to promote from ${source.label}: ${pick.reason}`);
  }
  return undefined;
}

export interface PromoteInput {
  planned: PlannedImage;
  image: Pick<ResolvedImage, 'builder' | 'builder_version' | 'disk_format'>;
  candidate: Candidate;
  /** Folder to write the image file into. */
  dir: string;
  /** Used when the Glance image lacks kiln's provenance properties. */
  gitSha: string;
  now: () => Date;
  runner: Runner;
  logger: Logger;
  signal?: AbortSignal;
}

/** Streams the candidate's data to `dir`, verified, and returns the file's path and its record. */
export async function promoteImage(p: PromoteInput): Promise<{ file: string; record: BuildRecord }> {
  const { planned, candidate } = p;
  const { image: g, source } = candidate;
  const started = p.now();
  const file = join(p.dir, `${planned.name}.${p.image.disk_format}`);
  const what = `image ${g.name ?? ''} (${g.id}) on ${source.label}`;
  p.logger.info(
    `${planned.name}/${planned.arch}: promoting ${what}: the same build key ${planned.key.slice(0, 12)}`,
  );
  let digest: WrittenFile | undefined;
  for (let attempt = 1; !digest; attempt++) {
    try {
      digest = await writeVerified(
        await source.openData(g.id, p.signal),
        file,
        { size: g.size!, sha512: g.os_hash_value!, sha256: prop(g, PROP.sourceSha256) },
        {
          logger: p.logger,
          label: `${planned.name}/${planned.arch}`,
          source: what,
          promisedBy: 'Glance',
          consequence: 'the file was not kept',
        },
      );
    } catch (err) {
      // A download that broke off or met a 5xx is worth another try before building instead;
      // bytes that do not match are not.
      if (!(err instanceof WorldError && err.transient) || attempt >= DOWNLOAD_ATTEMPTS || p.signal?.aborted)
        throw err;
      const delay = 1000 * attempt;
      p.logger.warn(
        `${planned.name}/${planned.arch}: ${describeError(err)}; trying again in ${delay / 1000} s (${attempt + 1} of ${DOWNLOAD_ATTEMPTS})`,
      );
      await sleep(delay, undefined, { signal: p.signal });
    }
  }
  const record: BuildRecord = {
    name: planned.name,
    arch: planned.arch,
    key: planned.key,
    builder: p.image.builder,
    builder_version: p.image.builder_version,
    format: p.image.disk_format,
    file: `${planned.name}.${p.image.disk_format}`,
    size: digest.size,
    virtual_size: await virtualSize(p.runner, file),
    sha256: digest.sha256,
    sha512: digest.sha512,
    // The bytes are those of the original build: its commit and date, not this run's.
    git_sha: prop(g, PROP.gitSha) ?? p.gitSha,
    built_at: prop(g, PROP.buildDate) ?? started.toISOString(),
    duration_s: Math.round((p.now().getTime() - started.getTime()) / 100) / 10,
    promoted_from: { site: source.site, image_id: g.id, image_name: g.name ?? '' },
  };
  return { file, record };
}
