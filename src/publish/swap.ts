// The swap: the verified staging image takes over the name N; the old N keeps its ID and data under
// its archive name. Four requests, in this order:
//   A. PATCH old: name -> archive name, kiln_replaced_by = staging id (+ kiln_target, kiln_archived_at)
//   B. PATCH staging: name -> N, target visibility, os_hidden false (one PATCH: Glance saves it at once)
//   C. remove tag kiln:staging from the new N
//   D. add tag kiln:archived to the old image
// Why this order: N is missing only between A and B (two small PATCHes, milliseconds), and never
// duplicated; renaming staging first would show two images named N instead. Everything slow (upload,
// checksums, properties) happened before A. Every state a crash can leave is recognised by
// leftovers.ts from Glance alone: after A the old image points at its replacement, so a re-run
// either finishes the swap (staging verified) or gives the old image its name back; after B the new
// N still carries the staging tag, so a re-run only removes it; after C the archived image lacks its
// tag, which a re-run adds. A failure in A or B here restores the old name and deletes the staging
// image; a failure in C or D leaves N correct and is finished by the next run.
import { WorldError } from '../errors.js';
import type { GlanceClient, GlanceImage } from '../openstack/glance-types.js';
import type { Logger } from '../log.js';
import { archiveName } from './archive-name.js';
import { PROP, TAG_ARCHIVED, TAG_STAGING } from './kiln-markers.js';
import { removeProps, rename, setProps } from '../openstack/glance-patch.js';

export interface SwapContext {
  glance: GlanceClient;
  logger: Logger;
  /** N */
  name: string;
  visibility: string;
  /** For messages: "debian-12 (amd64) on site kvm". */
  target: string;
  now: () => Date;
}

/** The first archive name for `old` that no image in the project has (asked of Glance, before the swap). */
export async function freeArchiveName(ctx: SwapContext, old: GlanceImage): Promise<string> {
  const taken = new Set<string>();
  for (;;) {
    const candidate = archiveName(ctx.name, old.created_at, taken);
    const clash = await ctx.glance.listImages({
      name: candidate,
      owner: ctx.glance.projectId,
      includeHidden: true,
      visibility: 'all',
    });
    if (clash.length === 0) return candidate;
    taken.add(candidate);
  }
}

/** A: the old image gives up the name and says who took it. */
export function archiveOld(ctx: SwapContext, old: GlanceImage, archive: string, stagingId: string) {
  return ctx.glance.updateImage(old.id, [
    rename(archive),
    ...setProps(old, {
      [PROP.target]: ctx.name,
      [PROP.archivedAt]: ctx.now().toISOString(),
      [PROP.replacedBy]: stagingId,
    }),
  ]);
}

/** B + C: the staging image becomes N. */
export async function takeName(ctx: SwapContext, staging: GlanceImage): Promise<GlanceImage> {
  const ops = [
    rename(ctx.name),
    { op: 'replace' as const, path: '/visibility', value: ctx.visibility },
    { op: 'replace' as const, path: '/os_hidden', value: false },
  ];
  const named = await ctx.glance.updateImage(staging.id, ops);
  await ctx.glance.removeTag(staging.id, TAG_STAGING);
  return { ...named, tags: named.tags.filter((t) => t !== TAG_STAGING) };
}

/** Undo A: the old image gets its name back (re-read first: A may or may not have reached Glance). */
export async function restoreName(ctx: SwapContext, oldId: string): Promise<void> {
  const old = await ctx.glance.getImage(oldId);
  if (!old) return;
  const ops = [
    ...(old.name === ctx.name ? [] : [rename(ctx.name)]),
    ...removeProps(old, [PROP.replacedBy, PROP.archivedAt]),
  ];
  if (ops.length) await ctx.glance.updateImage(oldId, ops);
}

export interface SwapResult {
  image: GlanceImage;
  archived?: { id: string; name: string };
}

export async function swap(
  ctx: SwapContext,
  staging: GlanceImage,
  old: GlanceImage | undefined,
): Promise<SwapResult> {
  const archive = old ? await freeArchiveName(ctx, old) : undefined;
  let named: GlanceImage;
  try {
    if (old && archive) {
      await archiveOld(ctx, old, archive, staging.id);
      ctx.logger.info(`${ctx.target}: archived ${old.id} as '${archive}'`);
    }
    named = await takeName(ctx, staging);
  } catch (err) {
    await rollback(ctx, staging, old, err);
    throw err;
  }
  if (old) await ctx.glance.addTag(old.id, TAG_ARCHIVED);
  ctx.logger.info(`${ctx.target}: '${ctx.name}' is now ${named.id}`);
  return { image: named, archived: old && archive ? { id: old.id, name: archive } : undefined };
}

async function rollback(
  ctx: SwapContext,
  staging: GlanceImage,
  old: GlanceImage | undefined,
  cause: unknown,
) {
  ctx.logger.warn(`${ctx.target}: swap failed, restoring the previous image: ${(cause as Error).message}`);
  try {
    // B may have reached Glance even though its answer was lost: if staging holds N, the swap is done.
    const now = await ctx.glance.getImage(staging.id);
    if (now && now.name === ctx.name) return;
    if (old) await restoreName(ctx, old.id);
    await ctx.glance.deleteImage(staging.id);
  } catch (err) {
    throw new WorldError({
      doing: 'restoring the previous image after a failed swap',
      target: ctx.target,
      answer: `${(err as Error).message}; run kiln publish again: it finishes or undoes the swap`,
    });
  }
}
