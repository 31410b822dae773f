// The SBOM step of a build: the finished image's packages, read without booting it, written as
// sbom.cdx.json beside the image. An image whose packages cannot be read (another filesystem,
// another package manager, a format qemu-img cannot convert) gets a warning and no SBOM: the SBOM
// describes the image, it never decides whether the build succeeded.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Runner } from '../exec.js';
import type { Logger } from '../log.js';
import { imageSbom, SBOM_FILE } from '../sbom/cyclonedx.js';
import { readImagePackages } from '../sbom/image-packages.js';
import { rawView } from '../verify/raw-view.js';
import type { BuildRecord } from '../record/record.js';

/**
 * Writes `<dir>/sbom.cdx.json` for the image at `imagePath` and returns the record naming it, or
 * the record unchanged (with a warning) when the image's packages cannot be read.
 */
export async function addSbom(
  record: BuildRecord,
  imagePath: string,
  dir: string,
  deps: { runner: Runner; logger: Logger; signal?: AbortSignal },
): Promise<BuildRecord> {
  const label = `${record.name}/${record.arch}`;
  const scratch = await mkdtemp(join(dir, 'sbom-'));
  try {
    const raw = await rawView(deps.runner, { path: imagePath, format: record.format }, scratch, deps.signal);
    const found = await readImagePackages(deps.runner, raw);
    if ('problem' in found) {
      deps.logger.warn(`${label}: no SBOM: ${found.problem}`);
      return record;
    }
    const bom = imageSbom(record, found.packages, found.distro, found.source);
    await writeFile(join(dir, SBOM_FILE), JSON.stringify(bom, null, 2) + '\n');
    deps.logger.info(`${label}: SBOM lists ${found.packages.length} packages (from ${found.source})`);
    return { ...record, sbom: SBOM_FILE };
  } catch (err) {
    if (deps.signal?.aborted) throw err;
    deps.logger.warn(`${label}: no SBOM: ${(err as Error).message}`);
    return record;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
