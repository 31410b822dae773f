// Downloading an image file named by a manifest: the answer is opened here (`openDownload`, with
// node:http, which moves bytes with half the CPU of fetch's web streams), then either written to disk
// verified against the manifest's size and hashes on the way (src/image-build/verified-write.ts: a
// cut connection or altered bytes leave no file behind) or sent straight into Glance by sync, which
// checks the same hashes before the image is marked verified.
import http from 'node:http';
import https from 'node:https';
import {
  writeVerified,
  causeOf,
  type ExpectedFile,
  type WrittenFile,
} from '../image-build/verified-write.js';
import { WorldError } from '../errors.js';
import type { Logger } from '../log.js';
import { DEFAULT_IDLE_TIMEOUT_MS } from '../openstack/http.js';

/** Object stores and release hosts answer with a redirect to where the bytes are. */
const REDIRECTS = [301, 302, 303, 307, 308];
const MAX_REDIRECTS = 5;

export interface DownloadOptions {
  logger: Logger;
  /** For messages: the build name. */
  label: string;
  signal?: AbortSignal;
}

export interface OpenDownload {
  body: http.IncomingMessage;
  /** What the server says (Content-Length), if it does. */
  size?: number;
}

/**
 * The body of a 200 answer to a GET of `url`, redirects followed; anything else is a WorldError.
 * A server silent for the HTTP timeout (60 s) fails the download rather than hanging it.
 */
export async function openDownload(
  url: string,
  options: { label: string; signal?: AbortSignal },
): Promise<OpenDownload> {
  const doing = `downloading ${url}`;
  let at = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await get(at, options.signal).catch((err: unknown) => {
      throw new WorldError({ doing, target: options.label, answer: causeOf(err) }, { cause: err });
    });
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status !== 200) res.resume();
    if (REDIRECTS.includes(status) && location) {
      at = new URL(location, at);
      continue;
    }
    if (status !== 200) {
      throw new WorldError({
        doing,
        target: options.label,
        answer: `HTTP ${status} ${res.statusMessage ?? ''}`.trim(),
      });
    }
    const length = res.headers['content-length'];
    return { body: res, size: length === undefined ? undefined : Number(length) };
  }
  throw new WorldError({ doing, target: options.label, answer: `more than ${MAX_REDIRECTS} redirects` });
}

function get(url: URL, signal: AbortSignal | undefined): Promise<http.IncomingMessage> {
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(url, { signal }, resolve);
    const idle = DEFAULT_IDLE_TIMEOUT_MS;
    req.setTimeout(idle, () => req.destroy(new Error(`no data for ${idle / 1000} s`)));
    req.on('error', reject);
  });
}

export async function downloadVerified(
  url: string,
  dest: string,
  want: ExpectedFile,
  options: DownloadOptions,
): Promise<WrittenFile> {
  const { body } = await openDownload(url, options);
  return writeVerified(body, dest, want, {
    logger: options.logger,
    label: options.label,
    source: url,
    promisedBy: 'the manifest',
    consequence: 'nothing was uploaded',
  });
}
