// Downloading an image file named by a manifest: streamed to disk (never held in memory) while its
// sha256 and sha512 are computed, under a temporary name that becomes the final one only when the
// size and both hashes match the manifest. A cut connection or altered bytes leave no file behind.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { WorldError } from '../errors.js';
import type { Logger } from '../log.js';

export interface ExpectedFile {
  size: number;
  sha256: string;
  sha512: string;
}

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
) {
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
  const part = `${dest}.part-${process.pid}`;
  const sha256 = createHash('sha256');
  const sha512 = createHash('sha512');
  const start = Date.now();
  let lastLog = start;
  let got = 0;
  // A line every few seconds for people watching a multi-GB download, not one per chunk.
  const progress = () => {
    const t = Date.now();
    if (t - lastLog < 5000) return;
    lastLog = t;
    const mb = (n: number) => (n / 1e6).toFixed(0);
    options.logger.info(
      `${options.label}: downloaded ${mb(got)} of ${mb(want.size)} MB (${mb((got * 1000) / (t - start))} MB/s)`,
    );
  };
  const out = createWriteStream(part);
  try {
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        sha256.update(chunk);
        sha512.update(chunk);
        got += chunk.length;
        progress();
        if (!out.write(chunk)) await once(out, 'drain');
      }
    } catch (err) {
      throw new WorldError(
        {
          doing,
          target: options.label,
          answer: `the download broke off after ${got} of ${want.size} bytes: ${causeOf(err)}`,
        },
        { cause: err },
      );
    } finally {
      out.end();
      await once(out, 'close');
    }
    const digest = { sha256: sha256.digest('hex'), sha512: sha512.digest('hex') };
    const problem =
      got !== want.size
        ? `got ${got} bytes, the manifest says ${want.size}`
        : digest.sha256 !== want.sha256
          ? `sha256 of the download is ${digest.sha256}, the manifest says ${want.sha256}`
          : digest.sha512 !== want.sha512
            ? `sha512 of the download is ${digest.sha512}, the manifest says ${want.sha512}`
            : undefined;
    if (problem)
      throw new WorldError({
        doing: `verifying ${url}`,
        target: options.label,
        answer: `${problem}; nothing was uploaded`,
      });
    await rename(part, dest);
  } finally {
    await rm(part, { force: true });
  }
}

/** fetch wraps the interesting part ("other side closed") in `cause`. */
function causeOf(err: unknown): string {
  const e = err as Error & { cause?: Error & { code?: string } };
  const inner = e.cause ? `${e.cause.message}${e.cause.code ? ` (${e.cause.code})` : ''}` : '';
  return inner ? `${e.message}: ${inner}` : e.message;
}
