// The GitHub Actions matrix: one entry per group (a root image with its descendants) and
// architecture, so a parent and its children build on one runner and share its caches.
import { ARCHES, type Arch, type ResolvedImage } from '../config/types.js';
import type { ImageGraph } from './graph.js';
import type { MatrixEntry, PlannedImage } from './types.js';

/**
 * Entries ordered by group (topological order of the roots), then architecture. `planned` must be in topological order; runner labels are those of
 * the group's first planned image for that architecture.
 */
export function buildMatrix(
  planned: readonly Pick<PlannedImage, 'name' | 'arch' | 'group'>[],
  images: ReadonlyMap<string, Pick<ResolvedImage, 'runners'>>,
  graph: Pick<ImageGraph, 'order' | 'groupOf'>,
): MatrixEntry[] {
  const entries = new Map<string, { group: string; arch: Arch; runner: string[]; images: string[] }>();
  for (const p of planned) {
    const id = `${p.group}\0${p.arch}`;
    let entry = entries.get(id);
    if (!entry) {
      entry = { group: p.group, arch: p.arch, runner: [...images.get(p.name)!.runners[p.arch]], images: [] };
      entries.set(id, entry);
    }
    entry.images.push(p.name);
  }
  const rank = new Map(graph.order.map((name, i) => [name, i]));
  return [...entries.values()]
    .sort(
      (a, b) => rank.get(a.group)! - rank.get(b.group)! || ARCHES.indexOf(a.arch) - ARCHES.indexOf(b.arch),
    )
    .map((e) => ({ group: e.group, arch: e.arch, runner: e.runner, images: e.images.join(' ') }));
}
