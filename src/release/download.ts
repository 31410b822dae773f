// Downloading an image file named by a manifest, verified on the way against the manifest's size and
// hashes (src/image-build/verified-write.ts): a cut connection or altered bytes leave no file behind.
import {
  writeVerified,
  causeOf,
  type ExpectedFile,
  type WrittenFile,
} from '../image-build/verified-write.js';
import { WorldError } from '../errors.js';
import type { Logger } from '../log.js';

export interface DownloadOptions {
  logger: Logger;
  /** For messages: the build name. */
  label: string;
  signal?: AbortSignal;
}

export async function downloadVerified(
  url: string,
  dest: string,
  want: ExpectedFile,
  options: DownloadOptions,
): Promise<WrittenFile> {
  const doing = `downloading ${url}`;
  let res: Response;
  try {
    res = await fetch(url, { signal: options.signal, redirect: 'follow' });
  } catch (err) {
    throw new WorldError({ doing, target: options.label, answer: causeOf(err) }, { cause: err });
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new WorldError({
      doing,
      target: options.label,
      answer: `HTTP ${res.status} ${res.statusText}`.trim(),
    });
  }
  return writeVerified(res.body as AsyncIterable<Uint8Array>, dest, want, {
    logger: options.logger,
    label: options.label,
    source: url,
    promisedBy: 'the manifest',
    consequence: 'nothing was uploaded',
  });
}
