// Artifacts kept in a site's object store (CC-Images keeps licensed files in a private Swift
// container): fetched with the clouds.yaml credentials of the site that `site:` names, streamed
// straight into the artifact cache (artifacts.ts hashes and checks them). One Keystone session per
// site, made on first use, so a build without object artifacts never authenticates.
import type { Readable } from 'node:stream';
import type { Site } from '../config/types.js';
import type { Logger } from '../log.js';
import { httpTimeoutMs, keystoneSession, resolveCloud, siteLabel } from '../openstack/connect.js';
import { streamGet, tlsAgent } from '../openstack/stream-get.js';
import type { ObjectArtifact } from './artifacts.js';

export function objectArtifactOpener(
  sites: ReadonlyMap<string, Site>,
  o: { env: NodeJS.ProcessEnv; cwd: string; logger: Logger },
): (artifact: ObjectArtifact, how: { target: string; signal?: AbortSignal }) => Promise<Readable> {
  const opened = new Map<
    string,
    { session: ReturnType<typeof keystoneSession>; agent: ReturnType<typeof tlsAgent>; timeoutMs: number }
  >();
  return async (artifact, how) => {
    // validate checked the name against sites.yaml.
    const site = sites.get(artifact.site)!;
    const label = siteLabel(site);
    let conn = opened.get(site.name);
    if (!conn) {
      const cloud = resolveCloud({ cloud: site.cloud, env: o.env, cwd: o.cwd });
      conn = {
        session: keystoneSession({ cloud, label, logger: o.logger, env: o.env }),
        agent: tlsAgent(cloud),
        timeoutMs: httpTimeoutMs(cloud, o.env),
      };
      opened.set(site.name, conn);
    }
    const path = [artifact.container, ...artifact.object.split('/')].map(encodeURIComponent).join('/');
    const url = new URL(`${await conn.session.endpoint('object-store')}/${path}`);
    return streamGet(url, {
      token: await conn.session.authToken(),
      agent: conn.agent,
      doing: 'downloading artifact from the object store',
      target: `${how.target} on ${label}`,
      signal: how.signal,
      timeoutMs: conn.timeoutMs,
    });
  };
}
