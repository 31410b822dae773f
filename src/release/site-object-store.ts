// The object store of a sites.yaml site (its `object_store` container and prefix, reached through
// the site's cloud in clouds.yaml), for `kiln release --object-store SITE` in the CLI and the action.
// Bad input (unknown site, no object_store, no such cloud) fails here, before anything is uploaded.
import { namedSites } from '../config/named-sites.js';
import type { Site } from '../config/types.js';
import { InputError } from '../errors.js';
import type { Logger } from '../log.js';
import { keystoneSession, resolveCloud, siteLabel } from '../openstack/connect.js';
import type { ImageStore } from './image-store.js';
import { swiftStore } from './object-store.js';

export async function siteObjectStore(
  siteName: string,
  sites: ReadonlyMap<string, Site>,
  o: { env: NodeJS.ProcessEnv; cwd: string; logger: Logger; flag: string; signal?: AbortSignal },
): Promise<ImageStore> {
  const [site] = namedSites(sites, [siteName], o.flag);
  if (!site.object_store) {
    throw new InputError(
      `${o.flag}: site '${siteName}' has no object_store (container, prefix) in sites.yaml`,
      site.pos,
    );
  }
  const label = siteLabel(site);
  const session = keystoneSession({
    cloud: resolveCloud({ cloud: site.cloud, env: o.env, cwd: o.cwd }),
    label,
    logger: o.logger,
    env: o.env,
    signal: o.signal,
  });
  return swiftStore({ session, ...site.object_store, keep: site.keep, logger: o.logger, label });
}
