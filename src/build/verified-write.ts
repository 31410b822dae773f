// Writing a downloaded image to disk while checking it: the bytes are streamed (never held in
// memory) under a temporary name, hashed on the way, and renamed to the final name only when size,
// sha256 and sha512 match what the source promised. A cut connection or altered bytes leave no file.
// Used by `kiln build --promote-from` (image data from Glance) and `kiln sync` (a manifest's URL).
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { WorldError } from '../errors.js';
import type { Logger } from '../log.js';

/** What the bytes must be; a size or hash left out is computed but not compared. */
export interface ExpectedFile {
  size?: number;
  sha256?: string;
  sha512?: string;
}

export interface VerifiedWriteOptions {
  logger: Logger;
  /** For messages: the image. */
  label: string;
  /** For messages: what is downloaded (a URL, "image <id> on <site>"). */
  source: string;
  /** For messages: who promised the size and hashes ("the manifest", "Glance"). */
  promisedBy: string;
  /** Appended to a mismatch message: what did not happen because of it. */
  consequence: string;
}

export interface WrittenFile {
  size: number;
  sha256: string;
  sha512: string;
}

export async function writeVerified(
  body: AsyncIterable<Uint8Array>,
  dest: string,
  want: ExpectedFile,
  options: VerifiedWriteOptions,
): Promise<WrittenFile> {
  const { label, promisedBy } = options;
  const doing = `downloading ${options.source}`;
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
    const of = want.size === undefined ? '' : ` of ${mb(want.size)}`;
    options.logger.info(`${label}: downloaded ${mb(got)}${of} MB (${mb((got * 1000) / (t - start))} MB/s)`);
  };
  const out = createWriteStream(part);
  try {
    try {
      for await (const chunk of body) {
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
          target: label,
          answer: `the download broke off after ${got}${want.size === undefined ? '' : ` of ${want.size}`} bytes: ${causeOf(err)}`,
        },
        { cause: err, transient: true },
      );
    } finally {
      out.end();
      await once(out, 'close');
    }
    const digest = { size: got, sha256: sha256.digest('hex'), sha512: sha512.digest('hex') };
    const problem =
      want.size !== undefined && got !== want.size
        ? `got ${got} bytes, ${promisedBy} says ${want.size}`
        : want.sha256 && digest.sha256 !== want.sha256
          ? `sha256 of the download is ${digest.sha256}, ${promisedBy} says ${want.sha256}`
          : want.sha512 && digest.sha512 !== want.sha512
            ? `sha512 of the download is ${digest.sha512}, ${promisedBy} says ${want.sha512}`
            : undefined;
    if (problem) {
      throw new WorldError({
        doing: `verifying ${options.source}`,
        target: label,
        answer: `${problem}; ${options.consequence}`,
      });
    }
    await rename(part, dest);
    return digest;
  } finally {
    await rm(part, { force: true });
  }
}

/** fetch and node:http wrap the interesting part ("other side closed") in `cause`. */
export function causeOf(err: unknown): string {
  const e = err as Error & { cause?: Error & { code?: string } };
  const inner = e.cause ? `${e.cause.message}${e.cause.code ? ` (${e.cause.code})` : ''}` : '';
  return inner ? `${e.message}: ${inner}` : e.message;
}
