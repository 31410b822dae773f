// The previous release's manifest, for "what changed since the previous tag": the newest published
// release created before this tag's (or before now, when this tag has no release yet) that carries a
// manifest.json. A missing or unreadable one only makes the notes say less, so it never fails a release.
import type { Logger } from '../log.js';
import { downloadAsset, listReleases, type GitHub } from './github-release.js';
import { validateManifest } from './manifest.js';
import type { PreviousRelease } from './release-notes.js';

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
    return {
      tag: prev.tag_name,
      manifest: validateManifest(JSON.parse(data.toString('utf8')), `${prev.tag_name}/${assetName}`),
    };
  } catch (err) {
    logger.warn(`cannot compare with ${prev.tag_name}: ${(err as Error).message}`);
    return undefined;
  }
}
