// Reads an image file once for an upload: hashes it (sha256 and sha512, in worker threads) and counts
// bytes as they go to the network, and reports progress. Backpressure comes from the socket and from
// the hashers, so memory stays at a few read buffers whatever the image size.
import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import type { UploadProgress, UploadResult } from './glance-types.js';
import { BackgroundHasher } from './background-hash.js';

/** Large reads keep syscalls and hash calls few; the socket still paces them. */
const READ_CHUNK = 1024 * 1024;

export interface HashingReader {
  stream: Readable;
  /** Hashes and size of what has passed through (all of it once the upload succeeded). */
  result(): Promise<UploadResult>;
  /** Ends the hashing threads (after a failed attempt; `result` ends them too). */
  close(): void;
}

export function hashingReader(
  file: string,
  total: number,
  onProgress?: (p: UploadProgress) => void,
): HashingReader {
  const hasher = new BackgroundHasher(['sha256', 'sha512']);
  let sent = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      sent += chunk.length;
      onProgress?.({ sent, total });
      // The bytes go on to the socket now; the next read waits only if the hashers fall behind.
      this.push(chunk);
      hasher.update(chunk).then(() => done(), done);
    },
  });
  const source = createReadStream(file, { highWaterMark: READ_CHUNK });
  source.on('error', (err) => tap.destroy(err));
  tap.on('close', () => {
    source.destroy();
    if (!tap.writableFinished) hasher.close();
  });
  source.pipe(tap);
  let digest: Promise<UploadResult> | undefined;
  return {
    stream: tap,
    result: () =>
      (digest ??= hasher.digest().then((d) => ({ size: sent, sha256: d.sha256, sha512: d.sha512 }))),
    close: () => hasher.close(),
  };
}

export interface ProgressLog {
  (p: UploadProgress): void;
}

/** A progress callback that writes a line at most every `intervalMs`: percent and MB/s since the start. */
export function throttledProgress(
  write: (line: string) => void,
  what: string,
  options: { intervalMs?: number; now?: () => number } = {},
): ProgressLog {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 5000;
  const start = now();
  let last = start;
  return ({ sent, total }) => {
    const t = now();
    if (t - last < interval) return;
    last = t;
    const pct = total ? Math.floor((sent / total) * 100) : 100;
    const mbps = sent / 1e6 / Math.max((t - start) / 1000, 0.001);
    write(
      `uploading ${what}: ${pct}% (${(sent / 1e6).toFixed(0)} of ${(total / 1e6).toFixed(0)} MB, ${mbps.toFixed(0)} MB/s)`,
    );
  };
}
