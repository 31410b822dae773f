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

export {
  tlsAgent,
  streamGet
};
