// Applying the repairs leftovers.ts decided on, and describing them (also for --dry-run).
import type { Repair } from './leftovers.js';
import { TAG_ARCHIVED, TAG_STAGING } from './kiln-markers.js';
import { archiveOld, freeArchiveName, restoreName, takeName, type SwapContext } from './swap.js';

export function describeRepair(r: Repair): string {
  switch (r.kind) {
    case 'finish-swap':
      return `finish an interrupted swap: staging ${r.staging.id} becomes the image (old ${r.archived.id} stays archived as '${r.archived.name}')`;
    case 'restore-name':
      return `undo an interrupted swap: ${r.archived.id} gets its name back`;
    case 'untag-staging':
      return `finish an interrupted swap: remove the staging tag from ${r.image.id}`;
    case 'tag-archived':
      return `finish an interrupted swap: tag ${r.image.id} '${r.image.name}' as archived`;
    case 'delete-staging':
      return `delete leftover staging image ${r.image.id} '${r.image.name}' (${r.image.status})`;
    case 'archive-duplicate':
      return `archive duplicate ${r.image.id} (older than ${r.keeper.id}, which keeps the name)`;
  }
}

export async function applyRepair(ctx: SwapContext, r: Repair): Promise<void> {
  const { glance } = ctx;
  switch (r.kind) {
    case 'finish-swap':
      await takeName(ctx, r.staging);
      await glance.addTag(r.archived.id, TAG_ARCHIVED);
      return;
    case 'restore-name':
      return restoreName(ctx, r.archived.id);
    case 'untag-staging':
      return glance.removeTag(r.image.id, TAG_STAGING);
    case 'tag-archived':
      return glance.addTag(r.image.id, TAG_ARCHIVED);
    case 'delete-staging':
      return glance.deleteImage(r.image.id);
    case 'archive-duplicate': {
      await archiveOld(ctx, r.image, await freeArchiveName(ctx, r.image), r.keeper.id);
      await glance.addTag(r.image.id, TAG_ARCHIVED);
      return;
    }
  }
}
