// Concurrent publishers of one name. Glance has no lock, so a staging image says it is alive: it is
// created with `kiln_heartbeat` (the time) and its publisher refreshes that every HEARTBEAT_MS until
// its swap is over. Another publisher that finds a staging image for N with a fresh heartbeat waits for
// that run to end (bounded) instead of deleting the image as a leftover, then carries on from the state
// it left; one whose heartbeat is older than STALE_MS belongs to a run that died and is a leftover.
// Freshness compares the publisher's clock with this one's, so clocks must agree within a minute.
import { hostname } from 'node:os';
import { WorldError } from '../errors.js';
import type { Logger } from '../log.js';
import type { GlanceClient, GlanceImage } from '../openstack/glance-types.js';
import { isStaging, prop, PROP } from './kiln-markers.js';

export const HEARTBEAT_MS = 15_000;
const STALE_MS = 60_000;
/** How long a publisher waits for another run of the same name before it gives up (exit 1). */
const WAIT_MS = 30 * 60_000;
const POLL_MS = 3_000;
const GONE = ['deleted', 'pending_delete', 'killed'];

/** A heartbeat: the time, and which process on which machine refreshes it. */
export const beat = (now: Date): string => `${now.toISOString()} ${hostname()}:${process.pid}`;

/** A run on this machine whose process is gone is dead whatever its heartbeat's age (a quick re-run). */
function deadHere(who: string | undefined): boolean {
  const [host, pid] = (who ?? '').split(':');
  if (host !== hostname() || !pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Staging images whose publisher is alive (heartbeat younger than STALE_MS, process not known dead). */
export function liveStagings(images: GlanceImage[], now: Date): GlanceImage[] {
  return images.filter((i) => {
    const [at, who] = (prop(i, PROP.heartbeat) ?? '').split(' ');
    return (
      isStaging(i) &&
      !GONE.includes(i.status) &&
      now.getTime() - Date.parse(at ?? '') < STALE_MS &&
      !deadHere(who)
    );
  });
}

export const describeLive = (i: GlanceImage): string =>
  `staging image ${i.id} (started ${i.created_at}, last heartbeat ${prop(i, PROP.heartbeat)})`;

export interface WaitInput {
  list: () => Promise<GlanceImage[]>;
  now: () => Date;
  logger: Logger;
  target: string;
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

/** Waits until no other run is publishing the name; the images listed last are returned. */
export async function waitForOtherPublishers(w: WaitInput): Promise<GlanceImage[]> {
  const sleep = w.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const start = w.now().getTime();
  let said = '';
  for (;;) {
    const images = await w.list();
    const live = liveStagings(images, w.now());
    if (live.length === 0) return images;
    const what = live.map(describeLive).join('; ');
    if (w.now().getTime() - start > WAIT_MS) {
      throw new WorldError({
        doing: 'waiting for another publish of the same image',
        target: w.target,
        answer: `another publish is still in progress after ${WAIT_MS / 60_000} minutes: ${what}`,
      });
    }
    if (what !== said) w.logger.info(`${w.target}: another publish is in progress (${what}); waiting for it`);
    said = what;
    if (w.signal?.aborted)
      throw new WorldError({ doing: 'waiting for another publish', target: w.target, answer: 'aborted' });
    await sleep(POLL_MS);
  }
}

/**
 * Refreshes a staging image's heartbeat while it runs; a failed refresh is only a warning. Glance saves
 * a whole image record on every PATCH, so a refresh overlapping another change of the same image could
 * undo that change (a rename, the verified mark): the publisher pauses it, and waits for a refresh in
 * flight, around each of its own changes.
 */
export class Heartbeat {
  private timer?: NodeJS.Timeout;
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly glance: GlanceClient,
    private readonly id: string,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {
    this.resume();
  }

  resume(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      const patch = [{ op: 'replace' as const, path: `/${PROP.heartbeat}`, value: beat(this.now()) }];
      this.inFlight = this.glance
        .updateImage(this.id, patch)
        .catch((e: Error) =>
          this.logger.warn(`could not refresh the heartbeat of staging image ${this.id}: ${e.message}`),
        );
    }, HEARTBEAT_MS);
    // The heartbeat never keeps a finished run alive.
    this.timer.unref();
  }

  /** No refresh from now on until resume(); resolves when one in flight has ended. */
  async pause(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }
}
