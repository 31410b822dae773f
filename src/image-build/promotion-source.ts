// Where `kiln build --promote-from SITE` looks for builds made earlier (on main, published to a
// staging site): the site's Glance, listed by kiln's build-key property, and the image data streamed
// from Glance's /file endpoint. The cloud's settings are read when the source is made (a missing
// clouds.yaml entry is bad input before anything is built); Keystone is contacted on first use.
import { namedSites } from '../config/named-sites.js';
import type { Site } from '../config/types.js';
import type { Logger } from '../log.js';
import { httpTimeoutMs, keystoneSession, resolveCloud, siteLabel } from '../openstack/connect.js';
import { HttpGlanceClient } from '../openstack/glance.js';
import { streamGet, tlsAgent } from '../openstack/stream-get.js';
import type { GlanceImage } from '../openstack/glance-types.js';
import { PROP } from '../publish/kiln-markers.js';

export interface PromotionSource {
  site: string;
  /** "site staging (cloud site-a)", for messages. */
  label: string;
  /** Active images of the site that carry this build key (current, archived or hidden alike). */
  imagesWithKey(key: string): Promise<GlanceImage[]>;
  /** The image's bytes, streamed. */
  openData(imageId: string, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>>;
}

export interface SourceOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  logger: Logger;
}

export function glancePromotionSource(site: Site, o: SourceOptions): PromotionSource {
  const label = siteLabel(site);
  const cloud = resolveCloud({ cloud: site.cloud, env: o.env, cwd: o.cwd });
  const session = keystoneSession({ cloud, label, logger: o.logger, env: o.env });
  const timeoutMs = httpTimeoutMs(cloud, o.env);
  const glance = new HttpGlanceClient({ session, logger: o.logger, label });
  const agent = tlsAgent(cloud);
  return {
    site: site.name,
    label,
    async imagesWithKey(key) {
      const images = await glance.listImages({
        properties: { [PROP.buildKey]: key },
        status: 'active',
        includeHidden: true,
      });
      return images.filter((i) => i.status === 'active');
    },
    async openData(imageId, signal) {
      const url = new URL(`${await session.endpoint('image')}/v2/images/${encodeURIComponent(imageId)}/file`);
      const token = await session.authToken();
      return streamGet(url, {
        token,
        agent,
        doing: 'downloading image data',
        target: `image ${imageId} on ${label}`,
        signal,
        timeoutMs,
      });
    },
  };
}

/** One source per named site, in the order given; unknown names are bad input. */
export function promotionSources(
  names: readonly string[],
  sites: ReadonlyMap<string, Site>,
  make: (site: Site) => PromotionSource,
): PromotionSource[] {
  return namedSites(sites, names, '--promote-from').map(make);
}
