import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  logTail
} from "./chunk-ME62NV6M.js";

// src/image-build/progress.ts
import { readFile } from "node:fs/promises";
var FAILURE_TAIL_LINES = 40;
function elapsed(ms) {
  const s = Math.floor(ms / 1e3);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}
function buildProgress(options) {
  const now = options.now ?? Date.now;
  const running = /* @__PURE__ */ new Map();
  const { logger, tty } = options;
  let drawn = 0;
  const erase = () => {
    if (tty && drawn > 0) tty.write(`\x1B[${drawn}A\x1B[J`);
    drawn = 0;
  };
  const draw = () => {
    if (!tty) return;
    erase();
    const width = Math.max(20, (tty.columns ?? 100) - 1);
    const lines = [...running].map(
      ([id, r]) => `  ${id}  ${elapsed(now() - r.since)}  ${r.phase}`.slice(0, width) + "\n"
    );
    tty.write(lines.join(""));
    drawn = lines.length;
  };
  const say = (fn) => {
    erase();
    fn();
    draw();
  };
  const timer = tty ? setInterval(draw, options.intervalMs ?? 1e3) : void 0;
  timer?.unref();
  return {
    start(id) {
      running.set(id, { since: now(), phase: "starting" });
      say(() => logger.info(`${id}: build started`));
    },
    phase(id, phase) {
      const r = running.get(id);
      if (!r || r.phase === phase) return;
      r.phase = phase;
      if (tty) draw();
      else logger.info(`${id}: ${phase} (${elapsed(now() - r.since)})`);
    },
    async end(id, failed, logFile) {
      const r = running.get(id);
      running.delete(id);
      const took = r ? ` after ${elapsed(now() - r.since)}` : "";
      const full = !tty && logFile ? await readFile(logFile, "utf8").catch(() => "") : "";
      const tail = failed && logFile ? await logTail(logFile, FAILURE_TAIL_LINES) : "";
      erase();
      if (full) await logger.group(`${id} log`, async () => logger.info(full.replace(/\n$/, "")));
      if (failed) {
        logger.error(`${id}: build failed${took}${logFile ? `; last lines of ${logFile}:` : ""}`);
        if (tail) logger.info(tail);
      } else {
        logger.info(`${id}: build finished${took}`);
      }
      draw();
    },
    close() {
      if (timer) clearInterval(timer);
      erase();
    }
  };
}

export {
  buildProgress
};
