// What a person sees while builds run. On a terminal: one live status line per running build
// (elapsed time and the current DIB phase or Packer step), redrawn in place. Elsewhere (CI, a pipe):
// a line when a build starts or changes phase, then the build's whole log as one collapsible group
// (so parallel builds never interleave their logs), and on failure the last lines of the log.
import { readFile } from 'node:fs/promises';
import type { Logger } from '../log.js';
import { logTail } from './driver-run.js';

const FAILURE_TAIL_LINES = 40;

export interface Progress {
  start(id: string): void;
  phase(id: string, phase: string): void;
  /** The build ended; `logFile` is shown as a group (CI) and its tail on failure. */
  end(id: string, failed: boolean, logFile?: string): Promise<void>;
  /** Stops redrawing; call once at the end. */
  close(): void;
}

export interface ProgressOptions {
  logger: Logger;
  /** A terminal: redraw status lines with escape codes written here. */
  tty?: { write: (text: string) => void; columns?: number };
  now?: () => number;
  /** Redraw interval on a terminal. */
  intervalMs?: number;
}

function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function buildProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const running = new Map<string, { since: number; phase: string }>();
  const { logger, tty } = options;
  let drawn = 0;

  const erase = () => {
    if (tty && drawn > 0) tty.write(`\x1b[${drawn}A\x1b[J`);
    drawn = 0;
  };
  const draw = () => {
    if (!tty) return;
    erase();
    // A wrapped line would break the cursor-up count: keep each one within the terminal's width.
    const width = Math.max(20, (tty.columns ?? 100) - 1);
    const lines = [...running].map(
      ([id, r]) => `  ${id}  ${elapsed(now() - r.since)}  ${r.phase}`.slice(0, width) + '\n',
    );
    tty.write(lines.join(''));
    drawn = lines.length;
  };
  // Other output must not land in the middle of the status block: erase, print, redraw.
  const say = (fn: () => void) => {
    erase();
    fn();
    draw();
  };
  const timer = tty ? setInterval(draw, options.intervalMs ?? 1000) : undefined;
  timer?.unref();

  return {
    start(id) {
      running.set(id, { since: now(), phase: 'starting' });
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
      const took = r ? ` after ${elapsed(now() - r.since)}` : '';
      const full = !tty && logFile ? await readFile(logFile, 'utf8').catch(() => '') : '';
      const tail = failed && logFile ? await logTail(logFile, FAILURE_TAIL_LINES) : '';
      erase();
      if (full) await logger.group(`${id} log`, async () => logger.info(full.replace(/\n$/, '')));
      if (failed) {
        logger.error(`${id}: build failed${took}${logFile ? `; last lines of ${logFile}:` : ''}`);
        if (tail) logger.info(tail);
      } else {
        logger.info(`${id}: build finished${took}`);
      }
      draw();
    },
    close() {
      if (timer) clearInterval(timer);
      erase();
    },
  };
}
