// The previous release's manifest, for "what changed since the previous tag": the newest published
// release created before this tag's (or before now, when this tag has no release yet) that carries a
// manifest.json, with the SBOMs attached beside it. A missing or unreadable one only makes the notes
// say less, so it never fails a release.
import type { Logger } from '../log.js';
import { downloadAsset, listReleases, type GitHub } from './github-release.js';
import { validateManifest } from './manifest.js';
import type { PackageLists, PreviousRelease } from './release-notes.js';
import { sbomFileName } from './image-store.js';
import { sbomPackages, type CycloneDxBom } from '../sbom/cyclonedx.js';

export async function findReleaseManifest(
  gh: GitHub,
  tag: string,
  assetName: string,
  logger: Logger,
): Promise<PreviousRelease | undefined> {
  const releases = await listReleases(gh);
  const current = releases.find((r) => r.tag_name === tag);
  const candidates = releases
    .filter((r) => r.tag_name !== tag && !r.draft)
    .filter((r) => !current || r.created_at < current.created_at)
    .filter((r) => r.assets.some((a) => a.name === assetName))
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
  const prev = candidates[0];
  if (!prev) return undefined;
  const asset = prev.assets.find((a) => a.name === assetName)!;
  try {
    const data = await downloadAsset(gh, asset.id, `${assetName} of ${prev.tag_name}`);
    const manifest = validateManifest(JSON.parse(data.toString('utf8')), `${prev.tag_name}/${assetName}`);
    const packages: PackageLists = new Map();
    for (const name of Object.keys(manifest)) {
      const sbom = prev.assets.find((a) => a.name === sbomFileName(name));
      if (!sbom) continue;
      const bom = JSON.parse(
        (await downloadAsset(gh, sbom.id, `${sbom.name} of ${prev.tag_name}`)).toString('utf8'),
      );
      packages.set(name, sbomPackages(bom as CycloneDxBom));
    }
    return { tag: prev.tag_name, manifest, packages };
  } catch (err) {
    logger.warn(`cannot compare with ${prev.tag_name}: ${(err as Error).message}`);
    return undefined;
  }
}
