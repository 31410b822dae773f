// The release notes: what the release holds and what changed since the previous release, found by
// comparing its manifest with the previous release's manifest.json (keys say whether an image was
// rebuilt from other inputs; checksums say whether its bytes differ).
import type { Manifest } from './manifest-schema.js';
import { humanSize } from '../human-size.js';
import { diffPackages, packageChangeLines } from '../sbom/package-diff.js';
import type { InstalledPackage } from '../sbom/package-lists.js';

/** Build name -> the packages its SBOM lists. */
export type PackageLists = Map<string, InstalledPackage[]>;

export interface PreviousRelease {
  tag: string;
  manifest: Manifest;
  /** The SBOMs attached to that release, by build name. */
  packages?: PackageLists;
}

export interface ManifestChanges {
  added: string[];
  removed: string[];
  /** Rebuilt from other inputs (a different build key). */
  changed: string[];
  unchanged: string[];
}

function compareManifests(previous: Manifest, current: Manifest): ManifestChanges {
  const names = (m: Manifest) => Object.keys(m).sort();
  return {
    added: names(current).filter((n) => !previous[n]),
    removed: names(previous).filter((n) => !current[n]),
    changed: names(current).filter((n) => previous[n] && previous[n].build_key !== current[n]!.build_key),
    unchanged: names(current).filter((n) => previous[n] && previous[n].build_key === current[n]!.build_key),
  };
}

/** Per rebuilt image whose two SBOMs are at hand: the packages added, removed and changed. */
function packageSections(rebuilt: string[], before: PackageLists, after: PackageLists): string[] {
  const lines: string[] = [];
  for (const n of rebuilt) {
    const old = before.get(n);
    const now = after.get(n);
    if (!old || !now) continue;
    lines.push('', `### Package changes in \`${n}\``, '', ...packageChangeLines(diffPackages(old, now)));
  }
  return lines;
}

export function releaseNotes(
  tag: string,
  manifest: Manifest,
  previous?: PreviousRelease,
  packages: PackageLists = new Map(),
): string {
  const names = Object.keys(manifest).sort();
  const lines = [
    `## Images in ${tag}`,
    '',
    '| Image | Arch | Format | Size | sha256 | Build key | Sites |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const n of names) {
    const e = manifest[n]!;
    const cell = e.url ? `[${n}](${e.url})` : n;
    const sites = Object.keys(e.sites).sort().join(', ') || '-';
    lines.push(
      `| ${cell} | ${e.arch} | ${e.disk_format} | ${humanSize(e.size)} | \`${e.checksum.slice('sha256:'.length)}\` | \`${e.build_key.slice(0, 12)}\` | ${sites} |`,
    );
  }
  const signed = names.filter((n) => manifest[n]!.signing_certificate_sha256);
  if (signed.length) {
    lines.push('', 'Signed for Glance and Nova to verify (docs/signing.md), by certificate SHA-256:');
    for (const n of signed) lines.push(`- \`${n}\`: \`${manifest[n]!.signing_certificate_sha256}\``);
  }
  lines.push('', `## Changes since ${previous ? previous.tag : 'the previous release'}`, '');
  if (!previous) {
    lines.push('No earlier release with a manifest.json: every image is new.');
  } else {
    const c = compareManifests(previous.manifest, manifest);
    const list = (title: string, items: string[], note = (_n: string) => '') => {
      if (items.length) lines.push(`- ${title}: ${items.map((n) => `\`${n}\`${note(n)}`).join(', ')}`);
    };
    list('New', c.added);
    list('Rebuilt', c.changed, (n) =>
      previous.manifest[n]!.checksum === manifest[n]!.checksum ? ' (same bytes)' : '',
    );
    list('Removed', c.removed);
    list('Unchanged', c.unchanged);
    if (!c.added.length && !c.changed.length && !c.removed.length) lines.push('', 'No image changed.');
    lines.push(...packageSections(c.changed, previous.packages ?? new Map(), packages));
  }
  lines.push(
    '',
    'Full details (URLs, sha512, properties, Glance image IDs per site) are in `manifest.json`.',
    '',
  );
  return lines.join('\n');
}
