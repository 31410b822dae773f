// DIB's element expansion written the plain way (string sets, as element_dependencies.py reads it):
// the oracle that the resolver's numbered walk and the build keys are checked against.

/** The random numbers those checks use: mulberry32 from a fixed seed, so a failing case can be rerun. */
export function seeded(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

/** The closure of `elements` as DIB expands it (kiln's keyed first pass, then pinned elements). */
export function referenceClosure(
  elements: string[],
  located: (name: string) => { source: string } | undefined,
  files: (name: string) => { deps: string[]; provides: string[]; readable: boolean },
) {
  const seen = new Set<string>();
  const provided = new Set<string>();
  const found = new Set<string>();
  const missing = new Set<string>();
  const opaque = new Set<string>();
  const pinned: string[] = [];
  const visit = (queue: string[], followPinned: boolean) => {
    for (let i = 0; i < queue.length; i++) {
      const name = queue[i];
      if (seen.has(name) || provided.has(name)) continue;
      seen.add(name);
      const location = located(name);
      if (!location) {
        missing.add(name);
        continue;
      }
      found.add(name);
      if (location.source !== 'project' && !followPinned) {
        pinned.push(name);
        continue;
      }
      const f = files(name);
      if (!f.readable) opaque.add(name);
      for (const p of f.provides) provided.add(p);
      queue.push(...f.deps);
    }
  };
  visit([...elements], false);
  const keyed = [...found].sort();
  const unresolvedKeyed = [...missing].filter((n) => !provided.has(n)).sort();
  for (const name of pinned) seen.delete(name);
  visit([...pinned], true);
  const unknown = [...missing].filter((n) => !provided.has(n) && !found.has(n)).sort();
  if (unknown.length > 0 && opaque.size === 0) return { error: unknown };
  return { keyed, unresolvedKeyed, all: [...found].sort(), opaque: [...opaque].sort(), unverified: unknown };
}
