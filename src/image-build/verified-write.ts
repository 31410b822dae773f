// Writing a downloaded image to disk while checking it: the bytes are streamed (never held in
// memory) under a temporary name, hashed on the way (in a worker thread), and renamed to the final name only when size,
// sha256 and sha512 match what the source promised. A cut connection or altered bytes leave no file.
// Used by `kiln build --promote-from` (image data from Glance) and `kiln sync` (a manifest's URL).
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { WorldError } from '../errors.js';
import type { Logger } from '../log.js';
import { BackgroundHasher } from '../openstack/background-hash.js';
import { transferProgress } from '../openstack/upload-stream.js';

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
  // Hashed in a worker thread beside the write: the main thread only moves bytes, memory stays flat.
  const hasher = new BackgroundHasher(['sha256', 'sha512']);
  const progress = transferProgress((l) => options.logger.info(l), 'downloading', label, want.size);
  let got = 0;
  const out = createWriteStream(part);
  try {
    try {
      for await (const chunk of body) {
        const hashed = hasher.update(chunk);
        got += chunk.length;
        progress.update(got);
        if (!out.write(chunk)) await once(out, 'drain');
        await hashed;
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
    const { sha256, sha512 } = await hasher.digest();
    progress.finish(got);
    const digest = { size: got, sha256: sha256!, sha512: sha512! };
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
    hasher.close();
    await rm(part, { force: true });
  }
}

/** fetch and node:http wrap the interesting part ("other side closed") in `cause`. */
export function causeOf(err: unknown): string {
  const e = err as Error & { cause?: Error & { code?: string } };
  const inner = e.cause ? `${e.cause.message}${e.cause.code ? ` (${e.cause.code})` : ''}` : '';
  return inner ? `${e.message}: ${inner}` : e.message;
}
