// The GitHub Actions matrix: one entry per group (a root image with its descendants) and
// architecture, so a parent and its children build on one runner and share its caches. GitHub runs
// at most 256 jobs of one matrix (docs/github.md): a larger plan packs several whole groups of one
// architecture and one set of runner labels into a job, in plan order, so parents still come first.
import { ARCHES, type Arch, type ResolvedImage } from '../config/types.js';
import { InputError } from '../errors.js';
import type { ImageGraph } from './graph.js';
import type { MatrixEntry, PlannedImage } from './types.js';

/** GitHub's limit on the jobs one matrix generates. */
export const MAX_MATRIX_JOBS = 256;

interface Entry {
  groups: string[];
  arch: Arch;
  runner: string[];
  images: string[];
}

/**
 * Entries ordered by group (topological order of the roots), then architecture. `planned` must be in topological order; runner labels are those of
 * the group's first planned image for that architecture.
 */
export function buildMatrix(
  planned: readonly Pick<PlannedImage, 'name' | 'arch' | 'group'>[],
  images: ReadonlyMap<string, Pick<ResolvedImage, 'runners'>>,
  graph: Pick<ImageGraph, 'order' | 'groupOf'>,
  maxJobs = MAX_MATRIX_JOBS,
): MatrixEntry[] {
  const entries = new Map<string, Entry>();
  for (const p of planned) {
    const id = `${p.group}\0${p.arch}`;
    let entry = entries.get(id);
    if (!entry) {
      entry = {
        groups: [p.group],
        arch: p.arch,
        runner: [...images.get(p.name)!.runners[p.arch]],
        images: [],
      };
      entries.set(id, entry);
    }
    entry.images.push(p.name);
  }
  const rank = new Map(graph.order.map((name, i) => [name, i]));
  const byPlanOrder = (a: Entry, b: Entry) =>
    rank.get(a.groups[0])! - rank.get(b.groups[0])! || ARCHES.indexOf(a.arch) - ARCHES.indexOf(b.arch);
  const sorted = [...entries.values()].sort(byPlanOrder);
  const jobs = sorted.length > maxJobs ? pack(sorted, maxJobs).sort(byPlanOrder) : sorted;
  return jobs.map((e) => ({
    // One group keeps its name; a packed job is named by its first and last group (unique, as
    // groups are disjoint and packed in order).
    group: e.groups.length === 1 ? e.groups[0] : `${e.groups[0]}..${e.groups[e.groups.length - 1]}`,
    arch: e.arch,
    runner: e.runner,
    images: e.images.join(' '),
  }));
}

/**
 * At most `maxJobs` jobs: entries of one architecture and runner labels (a bucket) are packed, in
 * order, into a share of the jobs proportional to the bucket's images, each job about as many images.
 */
function pack(entries: Entry[], maxJobs: number): Entry[] {
  const buckets = new Map<string, Entry[]>();
  for (const e of entries) {
    const id = `${e.arch}\0${JSON.stringify(e.runner)}`;
    const bucket = buckets.get(id) ?? [];
    bucket.push(e);
    buckets.set(id, bucket);
  }
  if (buckets.size > maxJobs) {
    throw new InputError(
      `the plan needs ${buckets.size} different combinations of architecture and runner labels, more than GitHub's ${maxJobs} jobs per matrix`,
      undefined,
      'give images that build alike the same defaults.runners, or plan fewer images at once',
    );
  }
  const count = (bucket: Entry[]) => bucket.reduce((n, e) => n + e.images.length, 0);
  // Every bucket gets a job; each further job goes to the bucket with the most images per job
  // (never more jobs than it has groups).
  const all = [...buckets.values()].map((bucket) => ({ bucket, images: count(bucket), jobs: 1 }));
  for (let spare = maxJobs - all.length; spare > 0; spare--) {
    let best: (typeof all)[number] | undefined;
    for (const b of all) {
      if (b.jobs < b.bucket.length && (!best || b.images / b.jobs > best.images / best.jobs)) best = b;
    }
    if (!best) break;
    best.jobs++;
  }
  const out: Entry[] = [];
  for (const { bucket, images, jobs } of all) {
    let job: Entry | undefined;
    let made = 0;
    let placed = 0;
    for (const e of bucket) {
      // Job k starts once k/jobs of the bucket's images are placed, so jobs come out about equal.
      if (!job || (made < jobs && placed >= (made * images) / jobs)) {
        job = { groups: [], arch: e.arch, runner: e.runner, images: [] };
        out.push(job);
        made++;
      }
      placed += e.images.length;
      job.groups.push(...e.groups);
      job.images.push(...e.images);
    }
  }
  return out;
}

/** The plan's note when its matrix was packed: how many group jobs went into how many jobs. */
export function packingNote(
  planned: readonly Pick<PlannedImage, 'arch' | 'group'>[],
  matrix: readonly MatrixEntry[],
): string | undefined {
  const groups = new Set(planned.map((p) => `${p.group}\0${p.arch}`)).size;
  if (groups <= matrix.length) return undefined;
  return (
    `${groups} image groups x architectures are more than GitHub's ${MAX_MATRIX_JOBS} jobs per matrix: ` +
    `packed into ${matrix.length} jobs, each building several whole groups of one architecture ` +
    '(parents before children; a job named FIRST..LAST holds the groups from FIRST to LAST in plan order)'
  );
}
