// Downloading an image file named by a manifest: the answer is opened here (`openDownload`, through
// streamGet's node:http, which moves bytes with half the CPU of fetch's web streams), then either
// written to disk verified against the manifest's size and hashes on the way
// (src/image-build/verified-write.ts: a cut connection or altered bytes leave no file behind) or sent
// straight into Glance by sync, which checks the same hashes before the image is marked verified.
import type http from 'node:http';
import { writeVerified, type ExpectedFile, type WrittenFile } from '../image-build/verified-write.js';
import type { Logger } from '../log.js';
import { streamGet } from '../openstack/stream-get.js';

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
  const body = await streamGet(new URL(url), {
    doing: `downloading ${url}`,
    target: options.label,
    signal: options.signal,
  });
  const length = body.headers['content-length'];
  return { body, size: length === undefined ? undefined : Number(length) };
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
