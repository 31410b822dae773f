// Reading one name's state on one site and bringing it back to "exactly one active image named N"
// before anything new is uploaded (docs/design.md, "How crashes converge"): wait while another run's
// staging image is alive, then apply what leftovers.ts decides until nothing is left to repair.
// Publish and sync both start here, so an interrupted run of either is finished the same way.
import { WorldError } from '../errors.js';
import type { GlanceImage } from '../openstack/glance-types.js';
import { describeLive, liveStagings, waitForOtherPublishers } from './heartbeat.js';
import { PROP } from './kiln-markers.js';
import { analyse, type SiteState, type Wanted } from './leftovers.js';
import { applyRepair, describeRepair } from './repair.js';
import type { SwapContext } from './swap.js';

const MAX_REPAIR_ROUNDS = 3;

/** Everything of this project named N or marked for N (duplicates are fine). */
async function imagesFor(ctx: SwapContext): Promise<GlanceImage[]> {
  const { glance, name } = ctx;
  const base = { owner: glance.projectId, includeHidden: true, visibility: 'all' as const };
  const [named, marked] = await Promise.all([
    glance.listImages({ ...base, name }),
    glance.listImages({ ...base, properties: { [PROP.target]: name } }),
  ]);
  return [...named, ...marked];
}

/** The state of N as it is now (no repairs); fails when it cannot be repaired safely. */
export async function readSite(ctx: SwapContext, wanted: Wanted): Promise<SiteState> {
  return decide(ctx, await imagesFor(ctx), wanted);
}

function decide(ctx: SwapContext, images: GlanceImage[], wanted: Wanted): SiteState {
  const state = analyse(images, ctx.glance.projectId, wanted);
  if (state.refusal)
    throw new WorldError({
      doing: 'checking the images already there',
      target: ctx.target,
      answer: state.refusal,
    });
  return state;
}

/**
 * The state of N after repairing what earlier runs left; on a dry run the repairs are only decided
 * (the caller describes them) and another run's live staging image is reported, not waited for.
 */
export async function repairSite(
  ctx: SwapContext,
  wanted: Wanted,
  o: { dryRun: boolean; signal?: AbortSignal },
): Promise<SiteState> {
  const { logger, now, target } = ctx;
  // Another run's staging image is never a leftover while it lives: wait for that run first.
  const images = o.dryRun
    ? await imagesFor(ctx)
    : await waitForOtherPublishers({ list: () => imagesFor(ctx), now, logger, target, signal: o.signal });
  for (const live of o.dryRun ? liveStagings(images, now()) : [])
    logger.info(`${target}: another publish is in progress (${describeLive(live)})`);
  let state = decide(ctx, images, wanted);
  for (let round = 0; state.repairs.length > 0 && !o.dryRun; round++) {
    if (round === MAX_REPAIR_ROUNDS) {
      throw new WorldError({
        doing: 'cleaning up after earlier runs',
        target,
        answer: `still to do after ${round} rounds: ${state.repairs.map(describeRepair).join('; ')}`,
      });
    }
    for (const r of state.repairs) {
      logger.info(`${target}: ${describeRepair(r)}`);
      await applyRepair(ctx, r);
    }
    state = await readSite(ctx, wanted);
  }
  return state;
}
