// Step 4: a staging image (private, hidden, named so it cannot be taken for N), the file streamed
// into it once while hashing (sha512), then Glance's own checksum compared with the bytes kiln sent. Only a
// staging image that passed gets `kiln_verified`, the mark that lets a later run reuse or swap it in.
// From its creation on it carries a heartbeat (heartbeat.ts), so that another publish or sync of the
// same name waits for it instead of deleting it as a leftover; the caller pauses it before the swap.
import { WorldError } from '../errors.js';
import type { GlanceClient, GlanceImage } from '../openstack/glance-types.js';
import type { Logger } from '../log.js';
import type { UploadFile } from './convert.js';
import { beat, Heartbeat } from './heartbeat.js';
import { PROP, stagingName, TAG_STAGING } from './kiln-markers.js';
import { setProps } from '../openstack/glance-patch.js';

export interface StageContext {
  glance: GlanceClient;
  logger: Logger;
  name: string;
  key: string;
  properties: Record<string, string>;
  /** For messages. */
  target: string;
  signal?: AbortSignal;
  activeTimeoutMs?: number;
  now: () => Date;
}

/** A verified staging image, and its heartbeat (running: pause it before changing the image). */
export interface Staged {
  image: GlanceImage;
  heartbeat: Heartbeat;
}

export async function stage(ctx: StageContext, file: UploadFile): Promise<Staged> {
  const { glance } = ctx;
  const created = await glance.createImage({
    name: stagingName(ctx.name, ctx.key),
    disk_format: file.format,
    container_format: 'bare',
    visibility: 'private',
    tags: [TAG_STAGING],
    os_hidden: true,
    properties: { ...ctx.properties, [PROP.heartbeat]: beat(ctx.now()) },
  });
  const heartbeat = new Heartbeat(glance, created.id, ctx.now, ctx.logger);
  ctx.logger.info(`${ctx.target}: uploading ${file.path} to staging image ${created.id}`);
  try {
    // The client logs progress (percent, MB/s) every few seconds.
    const sent = await glance.uploadImage(created.id, file.stream ?? file.path, { signal: ctx.signal });
    // Glance saves a whole image record per change: no refresh may overlap kiln's own changes below.
    await heartbeat.pause();
    // Each byte is hashed once on its way (sha512): against the record or manifest here, against Glance below.
    file.check?.(sent);
    const active = await glance.waitForStatus(created.id, ['active'], ctx.activeTimeoutMs ?? 30 * 60_000);
    if (
      active.os_hash_algo !== 'sha512' ||
      active.os_hash_value !== sent.sha512 ||
      active.size !== sent.size
    ) {
      throw new WorldError({
        doing: 'verifying the uploaded staging image',
        target: ctx.target,
        answer:
          `Glance holds ${active.size} bytes with ${active.os_hash_algo} ${active.os_hash_value}, ` +
          `kiln sent ${sent.size} bytes with sha512 ${sent.sha512}; the bytes changed on the way`,
      });
    }
    const verified = await glance.updateImage(created.id, setProps(active, { [PROP.verified]: sent.sha512 }));
    ctx.logger.info(
      `${ctx.target}: staging image ${created.id} verified (sha512 ${sent.sha512.slice(0, 16)}...)`,
    );
    heartbeat.resume();
    return { image: verified, heartbeat };
  } catch (err) {
    await heartbeat.pause();
    await glance
      .deleteImage(created.id)
      .catch((e: Error) =>
        ctx.logger.warn(
          `${ctx.target}: could not delete staging image ${created.id} (the next run will): ${e.message}`,
        ),
      );
    throw err;
  }
}
