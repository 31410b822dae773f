// Hashes a stream of chunks in worker threads, one per algorithm, so that sha256 and sha512 of a
// multi-GiB image are computed beside the transfer, on both cores, instead of in front of it (on the
// main thread, sha512 alone is slower than the network to a nearby Glance). Chunks are packed into a
// fixed ring of shared-memory slots that the workers read: one copy per byte, one message per MiB
// whatever size the chunks arrive in (fetch gives 64 KiB), no garbage, and memory bounded by the ring
// whatever the image size. `update` makes the caller wait while every slot is still being hashed.
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';

const SLOT = 1024 * 1024;
const SLOTS = 8;

// Inline CommonJS so that it runs the same from the single-file bundle and from source.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const hash = require('node:crypto').createHash(workerData.algorithm);
const ring = workerData.ring;
parentPort.on('message', (m) => {
  if (m === null) return parentPort.postMessage(hash.digest('hex'));
  hash.update(new Uint8Array(ring, m.slot * ${SLOT}, m.length));
  parentPort.postMessage(m.slot);
});
`;

export class BackgroundHasher {
  private readonly workers: Worker[];
  private readonly ring = new SharedArrayBuffer(SLOT * SLOTS);
  private readonly free: number[] = Array.from({ length: SLOTS }, (_, i) => i);
  /** Per slot, how many workers have still to read it. */
  private readonly reading = new Array<number>(SLOTS).fill(0);
  /** The slot being filled, and how far. */
  private slot?: number;
  private filled = 0;
  private waiting?: () => void;
  private failure?: Error;
  private closed = false;

  constructor(private readonly algorithms: string[]) {
    this.workers = algorithms.map((algorithm) => {
      const worker = new Worker(WORKER, { eval: true, workerData: { algorithm, ring: this.ring } });
      worker.on('message', (m: number | string) => {
        if (typeof m !== 'number' || --this.reading[m]! > 0) return;
        this.free.push(m);
        this.wake();
      });
      worker.on('error', (err) => {
        this.failure = err;
        this.wake();
      });
      return worker;
    });
  }

  /** Copies the chunk into the ring for the workers; waits only while every slot is in use. */
  async update(chunk: Uint8Array): Promise<void> {
    // Slots are sent in order and each worker handles its messages in order: the hashes see the bytes in order.
    for (let offset = 0; offset < chunk.length;) {
      if (this.slot === undefined) {
        while (!this.failure && this.free.length === 0) await new Promise<void>((r) => (this.waiting = r));
        if (this.failure) throw this.failure;
        this.slot = this.free.shift()!;
        this.filled = 0;
      }
      const part = chunk.subarray(offset, offset + SLOT - this.filled);
      new Uint8Array(this.ring, this.slot * SLOT + this.filled, part.length).set(part);
      this.filled += part.length;
      offset += part.length;
      if (this.filled === SLOT) this.send();
    }
  }

  /** Hex digests by algorithm; the workers end afterwards. */
  async digest(): Promise<Record<string, string>> {
    try {
      if (this.failure) throw this.failure;
      if (this.slot !== undefined) this.send();
      const hex = await Promise.all(
        this.workers.map(
          (worker) =>
            new Promise<string>((resolve, reject) => {
              worker.on('message', (m: number | string) => typeof m === 'string' && resolve(m));
              worker.once('error', reject);
              worker.postMessage(null);
            }),
        ),
      );
      return Object.fromEntries(this.algorithms.map((alg, i) => [alg, hex[i]]));
    } finally {
      this.close();
    }
  }

  /** Ends the workers (also when a transfer failed half-way). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const worker of this.workers) void worker.terminate();
  }

  private send(): void {
    const slot = this.slot!;
    this.reading[slot] = this.workers.length;
    for (const worker of this.workers) worker.postMessage({ slot, length: this.filled });
    this.slot = undefined;
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }
}
/** Hashes a whole file off the main thread (the reads stay here; memory stays at the ring). */
export async function hashFile(path: string, algorithms: string[]): Promise<Record<string, string>> {
  const hasher = new BackgroundHasher(algorithms);
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: SLOT }) as AsyncIterable<Buffer>)
      await hasher.update(chunk);
    return await hasher.digest();
  } finally {
    hasher.close();
  }
}
