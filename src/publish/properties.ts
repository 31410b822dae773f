// The Glance properties and visibility of a published image. Properties: the image's own
// (images.yaml), the site's (sites.yaml), then kiln's provenance, which neither may override.
import type { BuildRecord } from '../record/record.js';
import { GLANCE_ARCH, type ResolvedImage, type Site } from '../config/types.js';
import { KILN_VERSION } from '../version.js';
import { PROP } from './kiln-markers.js';

/**
 * Visibility: what images.yaml says for the image (its own, its parent's, `defaults.visibility`),
 * else the site's (default private). The image is the more specific setting: a site's visibility is
 * its policy for images that state none, while an image that must stay private (licence terms) or be
 * public says so once for every site.
 */
export function publishedVisibility(
  image: Pick<ResolvedImage, 'visibility'>,
  site: Pick<Site, 'visibility'>,
): string {
  return image.visibility ?? site.visibility;
}

export function publishedProperties(
  name: string,
  image: Pick<ResolvedImage, 'properties'>,
  site: Pick<Site, 'properties'>,
  record: BuildRecord,
): Record<string, string> {
  return {
    ...image.properties,
    ...site.properties,
    architecture: GLANCE_ARCH[record.arch],
    [PROP.target]: name,
    [PROP.buildKey]: record.key,
    [PROP.sourceSha512]: record.sha512,
    [PROP.sourceSha256]: record.sha256,
    [PROP.gitSha]: record.git_sha,
    [PROP.version]: KILN_VERSION,
    [PROP.buildDate]: record.built_at,
  };
}
