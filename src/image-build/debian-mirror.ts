// The Debian mirrors this machine's apt already uses, for DIB builds of Debian images on hosts that
// can reach only those mirrors (CI runners behind a proxy, the test machines). Read from the apt
// sources at run time so that no registry host is ever written into the project. Used when the
// kiln process runs with KILN_HOST_MIRRORS=1 (tests, the demo) for images whose env does not set
// the mirror itself.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface AptSource {
  uris: string[];
  suites: string[];
}

export interface DebianMirrors {
  /** DIB_DISTRIBUTION_MIRROR */
  mirror: string;
  /** DIB_DEBIAN_SECURITY_MIRROR, when apt has a security source. */
  security?: string;
}

/** Entries of deb822 `.sources` files (only `Types: deb`). */
function parseDeb822(text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of stanza.split('\n')) {
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (m) fields.set(m[1].toLowerCase(), m[2].trim());
    }
    if (!(fields.get('types') ?? '').split(/\s+/).includes('deb')) continue;
    if ((fields.get('enabled') ?? 'yes').toLowerCase() === 'no') continue;
    out.push({
      uris: (fields.get('uris') ?? '').split(/\s+/).filter(Boolean),
      suites: (fields.get('suites') ?? '').split(/\s+/).filter(Boolean),
    });
  }
  return out;
}

/** Entries of one-line `sources.list` files: `deb [options] URI SUITE COMPONENT...`. */
function parseSourcesList(text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (m) out.push({ uris: [m[1]], suites: [m[2]] });
  }
  return out;
}

/** The mirror serving RELEASE and the one serving RELEASE-security, from the given sources. */
function pickMirrors(sources: AptSource[], release: string): DebianMirrors | undefined {
  const strip = (u: string) => u.replace(/\/+$/, '');
  const serving = (suite: string) => sources.find((s) => s.suites.includes(suite))?.uris[0];
  const mirror = serving(release);
  if (!mirror) return undefined;
  const security = serving(`${release}-security`);
  return { mirror: strip(mirror), security: security && strip(security) };
}

/** Reads /etc/apt/sources.list and /etc/apt/sources.list.d/* (or another apt dir, for tests). */
export async function hostDebianMirrors(
  release: string,
  aptDir = '/etc/apt',
): Promise<DebianMirrors | undefined> {
  const sources: AptSource[] = [];
  const read = async (path: string) => readFile(path, 'utf8').catch(() => '');
  sources.push(...parseSourcesList(await read(join(aptDir, 'sources.list'))));
  const dir = join(aptDir, 'sources.list.d');
  const names = (await readdir(dir).catch(() => [] as string[])).sort();
  for (const name of names) {
    if (name.endsWith('.sources')) sources.push(...parseDeb822(await read(join(dir, name))));
    else if (name.endsWith('.list')) sources.push(...parseSourcesList(await read(join(dir, name))));
  }
  return pickMirrors(sources, release);
}

/** DIB variables for a Debian build from the host's mirrors; what the image env sets wins. */
export async function hostMirrorEnv(
  imageEnv: Record<string, string>,
  aptDir?: string,
): Promise<Record<string, string>> {
  if (imageEnv.DIB_DISTRIBUTION_MIRROR) return {};
  const release = imageEnv.DIB_RELEASE ?? 'bookworm';
  const found = await hostDebianMirrors(release, aptDir);
  if (!found) return {};
  const env: Record<string, string> = { DIB_DISTRIBUTION_MIRROR: found.mirror };
  if (found.security && !imageEnv.DIB_DEBIAN_SECURITY_MIRROR) {
    // DIB 3.13 writes the pre-bullseye security layout unless told the suite suffix.
    env.DIB_DEBIAN_SECURITY_MIRROR = found.security;
    env.DIB_DEBIAN_SECURITY_SUBPATH = imageEnv.DIB_DEBIAN_SECURITY_SUBPATH ?? '-security';
  }
  return env;
}
