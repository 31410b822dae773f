import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  BackgroundHasher
} from "./chunk-ZTSW2VJH.js";

// src/openstack/upload-stream.ts
import { Transform } from "node:stream";
function hashingReader(source, total, algorithms, onProgress) {
  const hasher = new BackgroundHasher(algorithms);
  let sent = 0;
  const tap = new Transform({
    transform(chunk, _enc, done) {
      sent += chunk.length;
      onProgress?.({ sent, total });
      this.push(chunk);
      hasher.update(chunk).then(() => done(), done);
    }
  });
  source.on("error", (err) => tap.destroy(err));
  tap.on("close", () => {
    source.destroy();
    if (!tap.writableFinished) hasher.close();
  });
  source.pipe(tap);
  let digest;
  return {
    stream: tap,
    result: () => digest ??= hasher.digest().then((d) => ({ size: sent, sha512: d.sha512, sha256: d.sha256 })),
    close: () => hasher.close()
  };
}
function transferProgress(write, verb, what, total, options = {}) {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 2e3;
  const start = now();
  let last = start;
  let step = 0;
  const mb = (n) => (n / 1e6).toFixed(0);
  const rate = (n, t) => (n / 1e6 / Math.max((t - start) / 1e3, 1e-3)).toFixed(0);
  return {
    update(done) {
      const t = now();
      if (total === void 0) {
        if (t - last < interval) return;
        last = t;
        write(`${verb} ${what}: ${mb(done)} MB (${rate(done, t)} MB/s)`);
        return;
      }
      const pct = total ? Math.floor(done / total * 100) : 100;
      if (t - last < interval && Math.floor(pct / 10) <= step) return;
      last = t;
      step = Math.floor(pct / 10);
      write(`${verb} ${what}: ${pct}% (${mb(done)} of ${mb(total)} MB, ${rate(done, t)} MB/s)`);
    },
    finish(done) {
      const t = now();
      write(
        `${verb} ${what}: done, ${mb(done)} MB in ${((t - start) / 1e3).toFixed(1)} s (${rate(done, t)} MB/s)`
      );
    }
  };
}

export {
  hashingReader,
  transferProgress
};
