import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  streamGet,
  tlsAgent
} from "./chunk-M5NCGYPU.js";
import {
  httpTimeoutMs,
  keystoneSession,
  resolveCloud,
  siteLabel
} from "./chunk-RUOB6ALG.js";
import "./chunk-32GN4VEV.js";
import "./chunk-B5AUNYM4.js";
import "./chunk-MJHFF3BW.js";
import "./chunk-ZTSW2VJH.js";
import "./chunk-CEQ3CRBZ.js";
import "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
import "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/image-build/object-artifact.ts
function objectArtifactOpener(sites, o) {
  const opened = /* @__PURE__ */ new Map();
  return async (artifact, how) => {
    const site = sites.get(artifact.site);
    const label = siteLabel(site);
    let conn = opened.get(site.name);
    if (!conn) {
      const cloud = resolveCloud({ cloud: site.cloud, env: o.env, cwd: o.cwd });
      conn = {
        session: keystoneSession({ cloud, label, logger: o.logger, env: o.env }),
        agent: tlsAgent(cloud),
        timeoutMs: httpTimeoutMs(cloud, o.env)
      };
      opened.set(site.name, conn);
    }
    const path = [artifact.container, ...artifact.object.split("/")].map(encodeURIComponent).join("/");
    const url = new URL(`${await conn.session.endpoint("object-store")}/${path}`);
    return streamGet(url, {
      token: await conn.session.authToken(),
      agent: conn.agent,
      doing: "downloading artifact from the object store",
      target: `${how.target} on ${label}`,
      signal: how.signal,
      timeoutMs: conn.timeoutMs
    });
  };
}
export {
  objectArtifactOpener
};
