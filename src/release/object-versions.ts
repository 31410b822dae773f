// The versioned layout of release files in an object store, as CC-Images keeps its builds: every
// build of a name gets its own folder, and a small `current` object names the version to use.
//
//   <prefix><build name>/versions/<YYYYMMDD>-<key8>/<build name>.<format>   the image file
//   <prefix><build name>/versions/<YYYYMMDD>-<key8>/version.json            its hashes and build
//   <prefix><build name>/versions/<YYYYMMDD>-<key8>/<build name>.sbom.cdx.json  its SBOM, if any
//   <prefix><build name>/current                                           {"version": ...}
//
// A version is named from the record alone (its build date and key), so a build job that uploads and
// the release job that only has the records agree on every object name. `current` is written after
// the version is complete, so whoever follows it finds every file.
import type { BuildRecord } from '../record/record.js';
import { sbomFileName } from './image-store.js';

const VERSION_FILE = 'version.json';
const CURRENT = 'current';

/** `<YYYYMMDD>-<first 8 hex of the build key>`: sorts by build date, unique per build. */
export function versionOf(record: Pick<BuildRecord, 'built_at' | 'key'>): string {
  const day = record.built_at.slice(0, 10).replace(/-/g, '');
  return `${day}-${record.key.slice(0, 8)}`;
}

export interface VersionNames {
  version: string;
  /** The folder of all versions of this build name (ends in `/`). */
  versions: string;
  /** The version's image file, SBOM, version.json, and the build name's `current` pointer. */
  file: string;
  sbom: string;
  info: string;
  current: string;
}

export function versionNames(prefix: string, buildName: string, record: BuildRecord): VersionNames {
  const version = versionOf(record);
  const root = `${prefix}${buildName}/`;
  const dir = `${root}versions/${version}/`;
  return {
    version,
    versions: `${root}versions/`,
    file: `${dir}${buildName}.${record.format}`,
    sbom: `${dir}${sbomFileName(buildName)}`,
    info: `${dir}${VERSION_FILE}`,
    current: `${root}${CURRENT}`,
  };
}

/** What version.json says: enough for a reader to check the file it downloads. */
export function versionInfo(buildName: string, record: BuildRecord, names: VersionNames) {
  return {
    name: buildName,
    version: names.version,
    file: names.file.slice(names.file.lastIndexOf('/') + 1),
    format: record.format,
    size: record.size,
    sha256: record.sha256,
    sha512: record.sha512,
    arch: record.arch,
    build_key: record.key,
    git_sha: record.git_sha,
    built_at: record.built_at,
  };
}

/** The `current` pointer's body: the version, and the object a reader downloads. */
export function currentPointer(names: VersionNames, record: BuildRecord) {
  return { version: names.version, object: names.file, sha256: record.sha256 };
}

/**
 * Versions to delete: all but `current` and the newest `keep` others (by the version's name, which
 * starts with its build date; the same day's builds by when their objects were written).
 */
export function staleVersions(
  objects: { name: string; last_modified?: string }[],
  versionsDir: string,
  current: string,
  keep: number,
): string[] {
  const newest = new Map<string, string>();
  for (const o of objects) {
    const version = o.name.slice(versionsDir.length).split('/')[0];
    if (!version || version === current) continue;
    const at = o.last_modified ?? '';
    if ((newest.get(version) ?? '') <= at) newest.set(version, at);
  }
  const order = [...newest.entries()].sort(
    ([a, ta], [b, tb]) => b.slice(0, 8).localeCompare(a.slice(0, 8)) || tb.localeCompare(ta),
  );
  return order.slice(keep).map(([v]) => v);
}
