import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  DEFAULT_IDLE_TIMEOUT_MS
} from "./chunk-MJHFF3BW.js";
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
var REDIRECTS = [301, 302, 303, 307, 308];
var MAX_REDIRECTS = 5;
async function streamGet(url, o) {
  let at = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await getOnce(at, at.origin === url.origin ? o.token : void 0, o);
    const status = res.statusCode ?? 0;
    if (status === 200) return res;
    res.resume();
    const location = res.headers.location;
    if (REDIRECTS.includes(status) && location) {
      at = new URL(location, at);
      continue;
    }
    throw new WorldError(
      { doing: o.doing, target: o.target, answer: `HTTP ${status} ${res.statusMessage ?? ""}`.trim() },
      { transient: status >= 500 }
    );
  }
  throw new WorldError({ doing: o.doing, target: o.target, answer: `more than ${MAX_REDIRECTS} redirects` });
}
function getOnce(url, token, o) {
  const { doing, target } = o;
  const lib = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(
      url,
      {
        headers: token ? { "X-Auth-Token": token } : {},
        agent: url.protocol === "https:" ? o.agent : void 0,
        signal: o.signal
      },
      resolve
    );
    const idle = o.timeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    req.setTimeout(idle, () => req.destroy(new Error(`no data for ${idle / 1e3} s`)));
    req.on(
      "error",
      (err) => reject(new WorldError({ doing, target, answer: err.message }, { cause: err, transient: true }))
    );
  });
}

export {
  tlsAgent,
  streamGet
};
