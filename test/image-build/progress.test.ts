import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgress } from '../../src/image-build/progress.js';
import type { Logger } from '../../src/log.js';

function recordingLogger() {
  const lines: string[] = [];
  const logger: Logger = {
    info: (m) => void lines.push(m),
    warn: (m) => void lines.push(`warning: ${m}`),
    error: (m) => void lines.push(`error: ${m}`),
    debug() {},
    async group(title, fn) {
      lines.push(`<group ${title}>`);
      try {
        return await fn();
      } finally {
        lines.push('</group>');
      }
    },
    secret() {},
  };
  return { logger, lines };
}

function logFile(lines: number): string {
  const dir = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'progress-'));
  const path = join(dir, 'build.log');
  writeFileSync(path, Array.from({ length: lines }, (_, n) => `line ${n + 1}`).join('\n') + '\n');
  return path;
}

describe('build progress', () => {
  it('without a terminal: start and phase lines, the log as a group, the last 40 lines on failure', async () => {
    const { logger, lines } = recordingLogger();
    let t = 0;
    const p = buildProgress({ logger, now: () => t });
    p.start('img/amd64');
    t = 75_000;
    p.phase('img/amd64', 'install.d 50-x');
    p.phase('img/amd64', 'install.d 50-x');
    const log = logFile(100);
    await p.end('img/amd64', true, log);
    p.close();
    expect(lines[0]).toBe('img/amd64: build started');
    expect(lines[1]).toBe('img/amd64: install.d 50-x (1m15s)');
    expect(lines[2]).toBe('<group img/amd64 log>');
    expect(lines[3].split('\n')).toHaveLength(100);
    expect(lines[4]).toBe('</group>');
    expect(lines[5]).toBe(`error: img/amd64: build failed after 1m15s; last lines of ${log}:`);
    expect(lines[6].split('\n')).toEqual(Array.from({ length: 40 }, (_, n) => `line ${n + 61}`));
    expect(lines).toHaveLength(7);
  });

  it('on a terminal: one live line per running build, erased before other output', async () => {
    const { logger, lines } = recordingLogger();
    const screen: string[] = [];
    let t = 0;
    const p = buildProgress({
      logger,
      now: () => t,
      tty: { write: (s) => void screen.push(s), columns: 40 },
    });
    p.start('a/amd64');
    p.start('b/amd64');
    t = 5_000;
    p.phase('b/amd64', 'a very long phase name that would wrap the terminal line');
    const frame = screen[screen.length - 1];
    expect(frame).toBe('  a/amd64  5s  starting\n  b/amd64  5s  a very long phase name t\n');
    await p.end('a/amd64', false, logFile(3));
    expect(screen).toContain('\x1b[2A\x1b[J');
    expect(screen[screen.length - 1]).toBe('  b/amd64  5s  a very long phase name t\n');
    p.close();
    expect(screen[screen.length - 1]).toBe('\x1b[1A\x1b[J');
    // On a terminal the log stays in its file: no group.
    expect(lines).toEqual([
      'a/amd64: build started',
      'b/amd64: build started',
      'a/amd64: build finished after 5s',
    ]);
  });
});
