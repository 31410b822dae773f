// What a build changed, package by package, against the build it replaces: the newest other build of
// the same image x arch in the build index (or the entry of the same key a forced rebuild replaces)
// that has an SBOM. For the build summary; without such a build there is nothing to compare.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Arch } from '../config/types.js';
import { sbomPackages, type CycloneDxBom } from '../sbom/cyclonedx.js';
import { diffPackages, packageChangeLines } from '../sbom/package-diff.js';
import type { InstalledPackage } from '../sbom/package-lists.js';
import { RECORD_FILE, type BuildRecord } from '../record/record.js';

async function readJson<T>(path: string): Promise<T | undefined> {
  return readFile(path, 'utf8').then(
    (t) => JSON.parse(t) as T,
    () => undefined,
  );
}

export async function packagesOf(dir: string, record: BuildRecord): Promise<InstalledPackage[] | undefined> {
  if (!record.sbom) return undefined;
  const bom = await readJson<CycloneDxBom>(join(dir, record.sbom));
  return bom && sbomPackages(bom);
}

/** The packages of the newest indexed build of `name`/`arch` that has an SBOM, with its key. */
export async function replacedPackages(
  indexRoot: string,
  name: string,
  arch: Arch,
): Promise<{ key: string; packages: InstalledPackage[] } | undefined> {
  const entries = await readdir(indexRoot, { withFileTypes: true }).catch(() => []);
  let best: { dir: string; record: BuildRecord } | undefined;
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const dir = join(indexRoot, e.name);
    const record = await readJson<BuildRecord>(join(dir, RECORD_FILE));
    if (record?.name !== name || record.arch !== arch || !record.sbom) continue;
    if (!best || record.built_at > best.record.built_at) best = { dir, record };
  }
  const packages = best && (await packagesOf(best.dir, best.record));
  return best && packages ? { key: best.record.key, packages } : undefined;
}

/** Summary lines: what changed since the replaced build, or undefined when either SBOM is missing. */
export function changeLines(
  before: { key: string; packages: InstalledPackage[] } | undefined,
  after: InstalledPackage[] | undefined,
): string[] | undefined {
  if (!before || !after) return undefined;
  return [
    `packages since build ${before.key.slice(0, 12)}:`,
    ...packageChangeLines(diffPackages(before.packages, after)),
  ];
}
