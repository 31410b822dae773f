// The name an image gets when a newer build takes over its name: `N-YYYYMMDD` from the OLD image's
// creation date (UTC), then `N-YYYYMMDD.1`, `.2`, ... when that name is already taken, so two
// publishes on one day never give two images the same archive name.

/** `N-YYYYMMDD` for an image created at `createdAt` (ISO 8601). */
function archiveBaseName(name: string, createdAt: string): string {
  const d = new Date(createdAt);
  if (Number.isNaN(d.getTime())) throw new Error(`not a date: ${createdAt}`);
  const ymd = d.toISOString().slice(0, 10).replace(/-/g, '');
  return `${name}-${ymd}`;
}

/** The first free archive name given the names already in use in the project. */
export function archiveName(name: string, createdAt: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = archiveBaseName(name, createdAt);
  if (!used.has(base)) return base;
  for (let i = 1; ; i++) {
    const candidate = `${base}.${i}`;
    if (!used.has(candidate)) return candidate;
  }
}
