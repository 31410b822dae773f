// Passes an image's bytes on to an upload once: hashes them (sha512, in a worker thread: the hash Glance
// keeps as os_hash_value and the record carries; sha256 too when asked, for a download going straight
// into Glance) and counts bytes as they go to the network, and reports progress. Backpressure comes
// from the socket and from the hashers, so memory stays at a few read buffers whatever the image size.
import { Transform, type Readable } from 'node:stream';
import type { UploadProgress, UploadResult } from './glance-types.js';
import { BackgroundHasher } from './background-hash.js';

export interface HashingReader {
  stream: Readable;
  /** Hashes and size of what has passed through (all of it once the upload succeeded). */
  result(): Promise<UploadResult>;
  /** Ends the hashing threads (after a failed attempt; `result` ends them too). */
  close(): void;
}

export function hashingReader(
  source: Readable,
  total: number,
  algorithms: ('sha512' | 'sha256')[],
  onProgress?: (p: UploadProgress) => void,
): HashingReader {
  const hasher = new BackgroundHasher(algorithms);
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
      (digest ??= hasher.digest().then((d) => ({ size: sent, sha512: d.sha512!, sha256: d.sha256 }))),
    close: () => hasher.close(),
  };
}

export interface TransferProgress {
  /** `done` bytes so far: writes a line every `intervalMs` or each 10 % step, whichever comes first. */
  update(done: number): void;
  /** The closing line: size, time and rate. */
  finish(done: number): void;
}

/**
 * Progress of an upload or download for people watching a log: percent and MB/s since the start,
 * at most every `intervalMs` (2 s) but also at each 10 % so that a fast transfer shows some, then a
 * final line. `verb` is "uploading" or "downloading".
 */
export function transferProgress(
  write: (line: string) => void,
  verb: string,
  what: string,
  /** Unknown for a download whose source does not say (then no percentage, a line every interval). */
  total: number | undefined,
  options: { intervalMs?: number; now?: () => number } = {},
): TransferProgress {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 2000;
  const start = now();
  let last = start;
  let step = 0;
  const mb = (n: number) => (n / 1e6).toFixed(0);
  const rate = (n: number, t: number) => (n / 1e6 / Math.max((t - start) / 1000, 0.001)).toFixed(0);
  return {
    update(done) {
      const t = now();
      if (total === undefined) {
        if (t - last < interval) return;
        last = t;
        write(`${verb} ${what}: ${mb(done)} MB (${rate(done, t)} MB/s)`);
        return;
      }
      const pct = total ? Math.floor((done / total) * 100) : 100;
      if (t - last < interval && Math.floor(pct / 10) <= step) return;
      last = t;
      step = Math.floor(pct / 10);
      write(`${verb} ${what}: ${pct}% (${mb(done)} of ${mb(total)} MB, ${rate(done, t)} MB/s)`);
    },
    finish(done) {
      const t = now();
      write(
        `${verb} ${what}: done, ${mb(done)} MB in ${((t - start) / 1000).toFixed(1)} s (${rate(done, t)} MB/s)`,
      );
    },
  };
}
