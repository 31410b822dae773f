// A streamed GET: image data from Glance (promotion) and objects from Swift (object-store artifacts)
// with a token, image files a release manifest names (sync) without. The session's transport collects
// whole bodies, which suits JSON answers only; these are gigabytes, so they are read as they arrive.
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

/** Object stores and release hosts answer with a redirect to where the bytes are. */
const REDIRECTS = [301, 302, 303, 307, 308];
const MAX_REDIRECTS = 5;

export interface StreamGetOptions {
  /** Keystone token for an OpenStack service; sent to the URL's origin only, never after a redirect elsewhere. */
  token?: string;
  /** For https (the cloud's TLS settings); Node's default agent without it. */
  agent?: https.Agent;
  doing: string;
  target: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * The body of a 200 answer, streamed, redirects followed; any other answer is a WorldError (5xx
 * transient). A server silent for the timeout fails the request rather than hanging it.
 */
export async function streamGet(url: URL, o: StreamGetOptions): Promise<http.IncomingMessage> {
  let at = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await getOnce(at, at.origin === url.origin ? o.token : undefined, o);
    const status = res.statusCode ?? 0;
    if (status === 200) return res;
    res.resume();
    const location = res.headers.location;
    if (REDIRECTS.includes(status) && location) {
      at = new URL(location, at);
      continue;
    }
    throw new WorldError(
      { doing: o.doing, target: o.target, answer: `HTTP ${status} ${res.statusMessage ?? ''}`.trim() },
      { transient: status >= 500 },
    );
  }
  throw new WorldError({ doing: o.doing, target: o.target, answer: `more than ${MAX_REDIRECTS} redirects` });
}

function getOnce(url: URL, token: string | undefined, o: StreamGetOptions): Promise<http.IncomingMessage> {
  const { doing, target } = o;
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(
      url,
      {
        headers: token ? { 'X-Auth-Token': token } : {},
        agent: url.protocol === 'https:' ? o.agent : undefined,
        signal: o.signal,
      },
      resolve,
    );
    // A service that stops sending must not hang kiln: the stream then fails.
    const idle = o.timeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    req.setTimeout(idle, () => req.destroy(new Error(`no data for ${idle / 1000} s`)));
    req.on('error', (err) =>
      reject(new WorldError({ doing, target, answer: err.message }, { cause: err, transient: true })),
    );
  });
}
