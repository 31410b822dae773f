// Which archived images to delete: all but the newest `keep` (by creation date; ties by id so the
// choice is stable). Deletion is by ID, never by name, so a name reused meanwhile is never hit.
import type { GlanceImage } from '../openstack/glance-types.js';

export function expiredArchives(archived: GlanceImage[], keep: number): GlanceImage[] {
  const sorted = [...archived].sort(
    (a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id),
  );
  return sorted.slice(Math.max(0, keep));
}
