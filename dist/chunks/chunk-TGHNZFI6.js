import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/openstack/background-hash.ts
import { createReadStream } from "node:fs";
import { Worker } from "node:worker_threads";
var SLOT = 1024 * 1024;
var SLOTS = 8;
var WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const hash = require('node:crypto').createHash(workerData.algorithm);
const ring = workerData.ring;
parentPort.on('message', (m) => {
  if (m === null) return parentPort.postMessage(hash.digest('hex'));
  hash.update(new Uint8Array(ring, m.slot * ${SLOT}, m.length));
  parentPort.postMessage(m.slot);
});
`;
var BackgroundHasher = class {
  constructor(algorithms) {
    this.algorithms = algorithms;
    this.workers = algorithms.map((algorithm) => {
      const worker = new Worker(WORKER, { eval: true, workerData: { algorithm, ring: this.ring } });
      worker.on("message", (m) => {
        if (typeof m !== "number" || --this.reading[m] > 0) return;
        this.free.push(m);
        this.wake();
      });
      worker.on("error", (err) => {
        this.failure = err;
        this.wake();
      });
      return worker;
    });
  }
  algorithms;
  workers;
  ring = new SharedArrayBuffer(SLOT * SLOTS);
  free = Array.from({ length: SLOTS }, (_, i) => i);
  /** Per slot, how many workers have still to read it. */
  reading = new Array(SLOTS).fill(0);
  /** The slot being filled, and how far. */
  slot;
  filled = 0;
  waiting;
  failure;
  closed = false;
  /** Copies the chunk into the ring for the workers; waits only while every slot is in use. */
  async update(chunk) {
    for (let offset = 0; offset < chunk.length; ) {
      if (this.slot === void 0) {
        while (!this.failure && this.free.length === 0) await new Promise((r) => this.waiting = r);
        if (this.failure) throw this.failure;
        this.slot = this.free.shift();
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
  async digest() {
    try {
      if (this.failure) throw this.failure;
      if (this.slot !== void 0) this.send();
      const hex = await Promise.all(
        this.workers.map(
          (worker) => new Promise((resolve, reject) => {
            worker.on("message", (m) => typeof m === "string" && resolve(m));
            worker.once("error", reject);
            worker.postMessage(null);
          })
        )
      );
      return Object.fromEntries(this.algorithms.map((alg, i) => [alg, hex[i]]));
    } finally {
      this.close();
    }
  }
  /** Ends the workers (also when a transfer failed half-way). */
  close() {
    if (this.closed) return;
    this.closed = true;
    for (const worker of this.workers) void worker.terminate();
  }
  send() {
    const slot = this.slot;
    this.reading[slot] = this.workers.length;
    for (const worker of this.workers) worker.postMessage({ slot, length: this.filled });
    this.slot = void 0;
  }
  wake() {
    const w = this.waiting;
    this.waiting = void 0;
    w?.();
  }
};
async function hashFile(path, algorithms) {
  const hasher = new BackgroundHasher(algorithms);
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: SLOT }))
      await hasher.update(chunk);
    return await hasher.digest();
  } finally {
    hasher.close();
  }
}

export {
  BackgroundHasher,
  hashFile
};
