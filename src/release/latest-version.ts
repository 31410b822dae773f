// Whether a release should become the repository's "latest" (GitHub's make_latest): only when its
// tag is the highest version released, in semantic-version order, so that a backport tag (v1.4.3
// after v2.0.0) never takes "latest" from a newer line. A tag that is not a version (v1.2.3,
// 1.2.3) or is a pre-release (v2.0.0-rc.1) never does. Drafts and pre-releases do not count.

export type MakeLatest = 'true' | 'false';
export const MAKE_LATEST_CHOICES = ['auto', 'true', 'false'] as const;
export type MakeLatestChoice = (typeof MAKE_LATEST_CHOICES)[number];

interface Version {
  core: [number, number, number];
  pre: string[];
}

/** A semantic version, with an optional leading `v`; undefined for anything else. */
export function parseVersion(tag: string): Version | undefined {
  const m = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(
    tag,
  );
  if (!m) return undefined;
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? m[4].split('.') : [] };
}

/** Semantic-version precedence (build metadata ignored): negative when a < b. */
export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return a.core[i] - b.core[i];
  if (a.pre.length === 0 || b.pre.length === 0) return b.pre.length - a.pre.length;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const [x, y] = [a.pre[i], b.pre[i]];
    if (x === y) continue;
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.pre.length - b.pre.length;
}

/**
 * `make_latest` for `tag`, given the repository's releases: the choice when it is not `auto`,
 * else `true` only for a release version at least as high as every other published release.
 */
export function makeLatest(
  tag: string,
  releases: readonly { tag_name: string; draft: boolean; prerelease: boolean }[],
  choice: MakeLatestChoice = 'auto',
): MakeLatest {
  if (choice !== 'auto') return choice;
  const mine = parseVersion(tag);
  if (!mine || mine.pre.length > 0) return 'false';
  for (const r of releases) {
    if (r.draft || r.prerelease || r.tag_name === tag) continue;
    const other = parseVersion(r.tag_name);
    if (other && compareVersions(other, mine) > 0) return 'false';
  }
  return 'true';
}
