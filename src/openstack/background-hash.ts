// Hashes a stream of chunks in a worker thread, so that sha256 and sha512 of a multi-GiB image are
// computed beside the transfer instead of in front of it (on the main thread, sha512 alone is slower
// than the network to a nearby Glance; one thread does both faster than Glance takes them, and a second
// would cost memory for no speed). Chunks are packed into a fixed ring of shared-memory slots that the
// worker reads: one copy per byte, one message per MiB whatever size the chunks arrive in (sockets
// give 64 KiB), no garbage, and memory bounded by the ring whatever the image size. `update` makes the
// caller wait while every slot is still being hashed.
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';

const SLOT = 1024 * 1024;
const SLOTS = 8;

// Inline CommonJS so that it runs the same from the single-file bundle and from source.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const hashes = workerData.algorithms.map((alg) => require('node:crypto').createHash(alg));
const ring = workerData.ring;
parentPort.on('message', (m) => {
  if (m === null) return parentPort.postMessage(hashes.map((h) => h.digest('hex')));
  const view = new Uint8Array(ring, m.slot * ${SLOT}, m.length);
  for (const h of hashes) h.update(view);
  parentPort.postMessage(m.slot);
});
`;

export class BackgroundHasher {
  private readonly worker: Worker;
  private readonly ring = new SharedArrayBuffer(SLOT * SLOTS);
  private readonly free: number[] = Array.from({ length: SLOTS }, (_, i) => i);
  /** The slot being filled, and how far. */
  private slot?: number;
  private filled = 0;
  private waiting?: () => void;
  private digested?: (hex: string[]) => void;
  private failure?: Error;
  private closed = false;

  constructor(private readonly algorithms: string[]) {
    this.worker = new Worker(WORKER, { eval: true, workerData: { algorithms, ring: this.ring } });
    this.worker.on('message', (m: number | string[]) => {
      if (typeof m === 'number') {
        this.free.push(m);
        this.wake();
      } else this.digested?.(m);
    });
    this.worker.on('error', (err) => {
      this.failure = err;
      this.wake();
    });
  }

  /** Copies the chunk into the ring for the worker; waits only while every slot is in use. */
  async update(chunk: Uint8Array): Promise<void> {
    // Slots are sent in order and the worker handles its messages in order: the hashes see the bytes in order.
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

  /** Hex digests by algorithm; the worker ends afterwards. */
  async digest(): Promise<Record<string, string>> {
    try {
      if (this.slot !== undefined) this.send();
      const hex = await new Promise<string[]>((resolve, reject) => {
        if (this.failure) return reject(this.failure);
        this.digested = resolve;
        this.worker.once('error', reject);
        this.worker.postMessage(null);
      });
      return Object.fromEntries(this.algorithms.map((alg, i) => [alg, hex[i]]));
    } finally {
      this.close();
    }
  }

  /** Ends the worker (also when a transfer failed half-way). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.worker.terminate();
  }

  private send(): void {
    this.worker.postMessage({ slot: this.slot!, length: this.filled });
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
