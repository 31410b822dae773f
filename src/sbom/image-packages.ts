// Reading an image's installed packages without booting or mounting it: its root filesystem is found
// and read with debugfs (src/verify/ext-fs.ts), the same reader `kiln test` uses for its file checks.
import type { Runner } from '../exec.js';
import { findRootFilesystem } from '../verify/file-checks.js';
import {
  parseDibDpkgManifest,
  parseDpkgStatus,
  parseOsRelease,
  type Distro,
  type InstalledPackage,
} from './package-lists.js';

const DIB_MANIFESTS = '/etc/dib-manifests';
const DPKG_STATUS = '/var/lib/dpkg/status';

export type ImagePackages =
  { packages: InstalledPackage[]; distro: Distro; source: string } | { problem: string };

/** The packages of the image at `rawPath` (a raw view), or why they cannot be read. */
export async function readImagePackages(runner: Runner, rawPath: string): Promise<ImagePackages> {
  const root = await findRootFilesystem(runner, rawPath);
  if ('problem' in root) return root;
  const { fs } = root;
  const osRelease = await fs.readText('/etc/os-release');
  const distro = osRelease === undefined ? undefined : parseOsRelease(osRelease);
  if (!distro) return { problem: 'no /etc/os-release with an ID: cannot name the distribution' };
  const manifests = (await fs.listDirs([DIB_MANIFESTS])).get(DIB_MANIFESTS) ?? [];
  const dib = manifests.find((e) => e.type === 'file' && e.name.startsWith('dib-manifest-dpkg-'));
  type Reader = [string, (text: string) => InstalledPackage[]];
  const candidates: Reader[] = [[DPKG_STATUS, parseDpkgStatus]];
  if (dib) candidates.unshift([`${DIB_MANIFESTS}/${dib.name}`, parseDibDpkgManifest]);
  const problems: string[] = [];
  for (const [path, parse] of candidates) {
    const text = await fs.readText(path);
    if (text === undefined) continue;
    try {
      const packages = parse(text);
      if (packages.length) return { packages, distro, source: path };
      problems.push(`${path} lists no installed package`);
    } catch (err) {
      problems.push(`${path}: ${(err as Error).message}`);
    }
  }
  return {
    problem: problems.length
      ? problems.join('; ')
      : `no package database kiln reads (${DIB_MANIFESTS}/dib-manifest-dpkg-*, ${DPKG_STATUS}) in the image`,
  };
}
