import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/openstack/background-hash.ts
import { createReadStream } from "node:fs";
import { Worker } from "node:worker_threads";
var SLOT = 1024 * 1024;
var SLOTS = 8;
var WORKER = `
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
var BackgroundHasher = class {
  constructor(algorithms) {
    this.algorithms = algorithms;
    this.worker = new Worker(WORKER, { eval: true, workerData: { algorithms, ring: this.ring } });
    this.worker.on("message", (m) => {
      if (typeof m === "number") {
        this.free.push(m);
        this.wake();
      } else this.digested?.(m);
    });
    this.worker.on("error", (err) => {
      this.failure = err;
      this.wake();
    });
  }
  algorithms;
  worker;
  ring = new SharedArrayBuffer(SLOT * SLOTS);
  free = Array.from({ length: SLOTS }, (_, i) => i);
  /** The slot being filled, and how far. */
  slot;
  filled = 0;
  waiting;
  digested;
  failure;
  closed = false;
  /** Copies the chunk into the ring for the worker; waits only while every slot is in use. */
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
  /** Hex digests by algorithm; the worker ends afterwards. */
  async digest() {
    try {
      if (this.slot !== void 0) this.send();
      const hex = await new Promise((resolve, reject) => {
        if (this.failure) return reject(this.failure);
        this.digested = resolve;
        this.worker.once("error", reject);
        this.worker.postMessage(null);
      });
      return Object.fromEntries(this.algorithms.map((alg, i) => [alg, hex[i]]));
    } finally {
      this.close();
    }
  }
  /** Ends the worker (also when a transfer failed half-way). */
  close() {
    if (this.closed) return;
    this.closed = true;
    void this.worker.terminate();
  }
  send() {
    this.worker.postMessage({ slot: this.slot, length: this.filled });
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
