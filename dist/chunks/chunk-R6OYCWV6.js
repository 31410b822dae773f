import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  namedSites
} from "./chunk-MRTCZY3P.js";
import {
  PROP
} from "./chunk-Q6HZ6XSG.js";
import {
  HttpGlanceClient,
  httpTimeoutMs,
  keystoneSession,
  resolveCloud
} from "./chunk-CFGK2IYR.js";
import {
  DEFAULT_IDLE_TIMEOUT_MS
} from "./chunk-6YP4CZUQ.js";
import {
  WorldError
} from "./chunk-SXABORS3.js";

// src/openstack/stream-get.ts
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
function tlsAgent(cloud) {
  return cloud.cacert ? new https.Agent({ ca: readFileSync(cloud.cacert), rejectUnauthorized: cloud.verify }) : new https.Agent({ rejectUnauthorized: cloud.verify });
}
function streamGet(url, token, agent, o) {
  const { doing, target } = o;
  const lib = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(
      url,
      {
        headers: { "X-Auth-Token": token },
        agent: url.protocol === "https:" ? agent : void 0,
        signal: o.signal
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(
            new WorldError(
              { doing, target, answer: `HTTP ${res.statusCode} ${res.statusMessage ?? ""}`.trim() },
              { transient: (res.statusCode ?? 500) >= 500 }
            )
          );
          return;
        }
        resolve(res);
      }
    );
    const idle = o.timeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    req.setTimeout(idle, () => req.destroy(new Error(`no data for ${idle / 1e3} s`)));
    req.on(
      "error",
      (err) => reject(new WorldError({ doing, target, answer: err.message }, { cause: err, transient: true }))
    );
  });
}

// src/build/promotion-source.ts
function glancePromotionSource(site, o) {
  const label = `site ${site.name} (cloud ${site.cloud})`;
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
      return streamGet(url, token, agent, {
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
  tlsAgent,
  streamGet,
  glancePromotionSource,
  promotionSources
};
