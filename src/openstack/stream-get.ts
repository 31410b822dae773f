// A streamed GET from an OpenStack service with a token: image data from Glance (promotion), an
// object from Swift (object-store artifacts). The session's transport collects whole bodies, which
// suits JSON answers only; these are gigabytes, so they are read as they arrive.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { WorldError } from '../errors.js';
import type { CloudConfig } from './cloud.js';
import { DEFAULT_IDLE_TIMEOUT_MS } from './http.js';

/** An https agent with the cloud's TLS settings (clouds.yaml `cacert`, `verify`). */
export function tlsAgent(cloud: CloudConfig): https.Agent {
  return cloud.cacert
    ? new https.Agent({ ca: readFileSync(cloud.cacert), rejectUnauthorized: cloud.verify })
    : new https.Agent({ rejectUnauthorized: cloud.verify });
}

/** The body of a 200 answer, streamed; any other answer is a WorldError (5xx transient). */
export function streamGet(
  url: URL,
  token: string,
  agent: https.Agent,
  o: { doing: string; target: string; signal?: AbortSignal; timeoutMs?: number },
): Promise<http.IncomingMessage> {
  const { doing, target } = o;
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(
      url,
      {
        headers: { 'X-Auth-Token': token },
        agent: url.protocol === 'https:' ? agent : undefined,
        signal: o.signal,
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(
            new WorldError(
              { doing, target, answer: `HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim() },
              { transient: (res.statusCode ?? 500) >= 500 },
            ),
          );
          return;
        }
        resolve(res);
      },
    );
    // A service that stops sending must not hang kiln: the stream then fails.
    const idle = o.timeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    req.setTimeout(idle, () => req.destroy(new Error(`no data for ${idle / 1000} s`)));
    req.on('error', (err) =>
      reject(new WorldError({ doing, target, answer: err.message }, { cause: err, transient: true })),
    );
  });
}
