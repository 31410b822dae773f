// Summary rows read back from the results folder (build records and the publish results beside
// them), so that test, publish and release report size, key and Glance IDs the same way, also after
// a failure part-way (what was published before it is on disk).
import { findResults } from '../release/results.js';
import type { SummaryRow } from './summary.js';

export async function resultRows(dir: string, images: string[], status: string): Promise<SummaryRow[]> {
  const results = await findResults(dir);
  return results
    .filter((r) => images.length === 0 || images.includes(r.record.name))
    .map((r) => ({
      name: r.record.name,
      arch: r.record.arch,
      key: r.record.key,
      status,
      size: r.record.size,
      durationS: r.record.duration_s,
      sites: Object.fromEntries(r.published.map((p) => [p.site, p.image_id])),
    }));
}
