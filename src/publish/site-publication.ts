// One image on one site, step by step (docs/design.md, "The publish protocol"): inspect and repair,
// decide, stage, swap, retain. The orchestrator (publish.ts) calls the steps so that several sites can
// stage before any of them swaps.
import type { GlanceClient, GlanceImage } from '../openstack/glance-types.js';
import type { Logger } from '../log.js';
import type { Site } from '../config/types.js';
import type { UploadFile } from './convert.js';
import { PROP } from './kiln-markers.js';
import { carriesBuild, describeImage, type SiteState, type Wanted } from './leftovers.js';
import { describeRepair } from './repair.js';
import { repairSite, readSite } from './site-repair.js';
import { beat, Heartbeat } from './heartbeat.js';
import { setProps } from '../openstack/glance-patch.js';
import { expiredArchives } from './retention.js';
import { stage } from './staging.js';
import { swap, type SwapContext, type SwapResult } from './swap.js';

export interface SitePublicationInput {
  glance: GlanceClient;
  site: Site;
  /** The Glance name N. */
  name: string;
  key: string;
  sourceSha512: string;
  properties: Record<string, string>;
  /** The visibility `name` gets (publishedVisibility). */
  visibility: string;
  /** "debian-12 (amd64)" */
  label: string;
  logger: Logger;
  now: () => Date;
  signal?: AbortSignal;
}

export class SitePublication {
  readonly target: string;
  private readonly wanted: Wanted;
  private readonly ctx: SwapContext;
  state?: SiteState;
  private heartbeat?: Heartbeat;

  constructor(private readonly input: SitePublicationInput) {
    this.target = `${input.label} on site ${input.site.name}`;
    this.wanted = {
      name: input.name,
      key: input.key,
      sourceSha512: input.sourceSha512,
      diskFormat: input.site.disk_format,
    };
    this.ctx = {
      glance: input.glance,
      logger: input.logger,
      name: input.name,
      visibility: input.visibility,
      target: this.target,
      now: input.now,
    };
  }

  get site(): Site {
    return this.input.site;
  }

  get visibility(): string {
    return this.input.visibility;
  }

  /** Step 1: read the state from Glance and repair what earlier runs left (only described on a dry run). */
  async inspect(dryRun: boolean): Promise<SiteState> {
    const state = await repairSite(this.ctx, this.wanted, { dryRun, signal: this.input.signal });
    this.state = state;
    return state;
  }

  /** Step 2: the current N already is this build. */
  get unchanged(): GlanceImage | undefined {
    const c = this.state?.current;
    return c && carriesBuild(c, this.wanted) ? c : undefined;
  }

  /** What a publish would do here, for --dry-run. */
  describePlan(file: string): string[] {
    const s = this.state!;
    const lines = s.repairs.map((r) => `would ${describeRepair(r)}`);
    const expiring = (after: GlanceImage[]) =>
      expiredArchives(after, this.site.keep).map(
        (old) => `would delete expired archive ${describeImage(old)}`,
      );
    if (this.unchanged)
      return [
        ...lines,
        `already published as ${this.unchanged.id}; nothing to upload`,
        ...expiring(s.archived),
      ];
    lines.push(
      s.reusable
        ? `would reuse verified staging image ${s.reusable.id} (no upload)`
        : `would upload ${file} as a ${this.site.disk_format} staging image and verify its sha512`,
    );
    if (s.current)
      lines.push(`would archive ${describeImage(s.current)} and give '${this.input.name}' to the new image`);
    else lines.push(`would name the new image '${this.input.name}' (${this.visibility})`);
    return [...lines, ...expiring(s.current ? [...s.archived, s.current] : s.archived)];
  }

  /**
   * Step 4 (step 3, conversion, is shared between sites and done by the caller). `signature`: the
   * signature properties of this file, set before the upload so that Glance verifies it.
   */
  async stage(file: UploadFile, signature: Record<string, string> = {}): Promise<GlanceImage> {
    const reusable = this.state?.reusable;
    if (reusable) {
      this.input.logger.info(
        `${this.target}: reusing verified staging image ${reusable.id} from an earlier run`,
      );
      // Its heartbeat is stale (its run is gone): claim it, so another publisher leaves it alone.
      const { glance, now, logger } = this.input;
      const claimed = await glance.updateImage(
        reusable.id,
        setProps(reusable, { [PROP.heartbeat]: beat(now()) }),
      );
      this.heartbeat = new Heartbeat(glance, reusable.id, now, logger);
      return claimed;
    }
    const { image, heartbeat } = await stage(
      {
        glance: this.input.glance,
        logger: this.input.logger,
        now: this.input.now,
        name: this.input.name,
        key: this.input.key,
        properties: { ...this.input.properties, ...signature },
        target: this.target,
        signal: this.input.signal,
      },
      file,
    );
    this.heartbeat = heartbeat;
    return image;
  }

  /** Another site failed to stage: remove this site's staging image so nothing is left behind. */
  async discard(staging: GlanceImage): Promise<void> {
    await this.heartbeat?.pause();
    await this.input.glance
      .deleteImage(staging.id)
      .catch((e: Error) =>
        this.input.logger.warn(
          `${this.target}: could not delete staging image ${staging.id} (the next run will): ${e.message}`,
        ),
      );
  }

  /** Step 5. */
  async swap(staging: GlanceImage): Promise<SwapResult> {
    // The last refresh is at most HEARTBEAT_MS old: the image stays "alive" for the whole swap.
    await this.heartbeat?.pause();
    return swap(this.ctx, staging, this.state?.current);
  }

  /** Step 6: archives beyond `keep`, oldest first, deleted by ID. */
  async retain(): Promise<GlanceImage[]> {
    const { archived } = await readSite(this.ctx, this.wanted);
    const expired = expiredArchives(archived, this.site.keep);
    for (const old of expired) {
      this.input.logger.info(`${this.target}: deleting expired archive ${describeImage(old)}`);
      await this.input.glance.deleteImage(old.id);
    }
    return expired;
  }
}
