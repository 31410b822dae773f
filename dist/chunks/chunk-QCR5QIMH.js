import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  namedSites
} from "./chunk-BPPNOVBD.js";
import {
  PROP
} from "./chunk-6DYCFFVP.js";
import {
  streamGet,
  tlsAgent
} from "./chunk-M5NCGYPU.js";
import {
  HttpGlanceClient,
  httpTimeoutMs,
  keystoneSession,
  resolveCloud,
  siteLabel
} from "./chunk-RUOB6ALG.js";

// src/image-build/promotion-source.ts
function glancePromotionSource(site, o) {
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
        status: "active",
        includeHidden: true
      });
      return images.filter((i) => i.status === "active");
    },
    async openData(imageId, signal) {
      const url = new URL(`${await session.endpoint("image")}/v2/images/${encodeURIComponent(imageId)}/file`);
      const token = await session.authToken();
      return streamGet(url, {
        token,
        agent,
        doing: "downloading image data",
        target: `image ${imageId} on ${label}`,
        signal,
        timeoutMs
      });
    }
  };
}
function promotionSources(names, sites, make) {
  return namedSites(sites, names, "--promote-from").map(make);
}

export {
  glancePromotionSource,
  promotionSources
};
