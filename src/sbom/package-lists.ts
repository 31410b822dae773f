// The installed packages of an image, from the files a Debian-family system and DIB leave in it:
// DIB's dpkg manifest (`/etc/dib-manifests/dib-manifest-dpkg-<image>`, written by the dpkg element's
// finalise.d/99-write-dpkg-manifest from `dpkg-query --show`), else dpkg's own database
// (`/var/lib/dpkg/status`), and the distribution from `/etc/os-release`. Pure parsers; reading the
// files out of the image is image-packages.ts.

export interface InstalledPackage {
  name: string;
  version: string;
  arch: string;
}

export interface Distro {
  /** os-release ID, e.g. debian, ubuntu: the purl namespace. */
  id: string;
  /** os-release VERSION_ID, e.g. 12, 22.04. */
  versionId?: string;
}

/** Orders packages by name, then architecture, so that an SBOM's bytes depend only on its contents. */
const byName = (a: InstalledPackage, b: InstalledPackage) =>
  a.name.localeCompare(b.name) || a.arch.localeCompare(b.arch);

/**
 * DIB's dpkg manifest: `{"packages": [{"package": "${binary:Package}", "arch", "version",
 * "status": "${db:Status-Abbrev}"}]}`. `binary:Package` carries `:<arch>` for Multi-Arch: same
 * packages; only installed ones (status `ii`) count.
 */
export function parseDibDpkgManifest(text: string): InstalledPackage[] {
  const data = JSON.parse(text) as { packages?: unknown };
  if (!Array.isArray(data.packages)) throw new Error('no "packages" list');
  const out: InstalledPackage[] = [];
  for (const p of data.packages as Record<string, unknown>[]) {
    const { package: pkg, version, arch, status } = p;
    if (typeof pkg !== 'string' || typeof version !== 'string' || typeof arch !== 'string') continue;
    if (typeof status === 'string' && !status.startsWith('ii')) continue;
    out.push({ name: pkg.replace(/:[^:]+$/, ''), version, arch });
  }
  return out.sort(byName);
}

/** dpkg's status file: RFC 822 stanzas; a package counts when its Status says it is installed. */
export function parseDpkgStatus(text: string): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'm').exec(stanza)?.[1]?.trim();
    const name = field('Package');
    const version = field('Version');
    // `install ok installed`, or `hold ok installed` for a held package.
    if (!name || !version || !/^\S+ ok installed$/.test(field('Status') ?? '')) continue;
    out.push({ name, version, arch: field('Architecture') ?? 'all' });
  }
  return out.sort(byName);
}

/** `/etc/os-release` (os-release(5)): shell-style KEY=value lines, values optionally quoted. */
export function parseOsRelease(text: string): Distro | undefined {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) values.set(m[1]!, m[2]!.replace(/^(["'])(.*)\1$/, '$2'));
  }
  const id = values.get('ID');
  return id ? { id, versionId: values.get('VERSION_ID') } : undefined;
}
