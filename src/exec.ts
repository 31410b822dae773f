// Running external programs (disk-image-create, packer, qemu-img, qemu, git). Always an argument
// array, never a shell string built from config. Output can be streamed line by line, or written by
// the program straight into a log file that kiln follows; an AbortSignal stops the program with
// SIGTERM (then SIGKILL after a grace period) so builders get the chance to unmount and detach their
// loop devices.
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync } from 'node:fs';
import { WorldError } from './errors.js';
import { FileFollower } from './file-follower.js';
import { packageOf } from './debian-packages.js';
import { SIGNING_KEY_ENV } from './signing/signing-key.js';

export interface RunOptions {
  cwd?: string;
  /** Complete environment for the child; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, then stdin is closed. */
  input?: string | Buffer;
  /** Called for every complete output line (stdout and stderr). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /**
   * The program's stdout and stderr go straight into this file (appended). The program holds the
   * file itself, not a pipe to kiln: if kiln dies (SIGKILL, OOM), the program neither dies of SIGPIPE
   * nor blocks, and finishes or fails on its own terms, running its own cleanup. kiln follows the
   * file for `onLine` (both streams as 'stdout'); the result's stdout is the tail of what was
   * written, its stderr empty. Nothing kiln masks is applied to the file: keep secrets out of
   * such a program's environment.
   */
  logFile?: string;
  signal?: AbortSignal;
  /** Seconds between SIGTERM and SIGKILL when aborted. */
  killGraceSeconds?: number;
  /** Keep at most this many bytes of stdout/stderr in the result (the tail). */
  maxBuffer?: number;
  /** Run as the leader of a new process group so an abort reaches its children too. */
  processGroup?: boolean;
}

export interface RunResult {
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export type Runner = (cmd: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

export function missingProgramHint(cmd: string): string {
  const pkg = packageOf(cmd);
  return pkg
    ? `install it with: apt-get install --no-install-recommends ${pkg} (or run scripts/setup-host.sh)`
    : `install ${cmd} and make sure it is on PATH`;
}

class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly max: number) {}
  push(b: Buffer): void {
    this.chunks.push(b);
    this.size += b.length;
    // Drop whole chunks while the rest still holds `max` bytes, then cut into the first one.
    while (this.chunks.length > 1 && this.size - this.chunks[0].length >= this.max)
      this.size -= this.chunks.shift()!.length;
    if (this.size > this.max) {
      this.chunks[0] = this.chunks[0].subarray(this.size - this.max);
      this.size = this.max;
    }
  }
  toString(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** How often a followed log file is read for new lines. */
const FOLLOW_INTERVAL_MS = 200;

/** Splits text arriving in pieces into complete lines (a partial last line waits for the rest). */
class LineSplitter {
  private pending = '';
  constructor(private readonly onLine: (line: string) => void) {}
  push(text: string): void {
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    for (const l of lines) this.onLine(l.replace(/\r$/, ''));
  }
  flush(): void {
    if (this.pending) this.onLine(this.pending);
    this.pending = '';
  }
}

/** The program's output as kiln sees it: through pipes, or by following the file the program writes. */
interface OutputTap {
  stdout: TailBuffer;
  stderr: TailBuffer;
  /** Everything written has been seen (the program has exited). */
  finish(): Promise<void>;
}

function pipeTap(
  stdout: NodeJS.ReadableStream,
  stderr: NodeJS.ReadableStream,
  options: RunOptions,
  max: number,
): OutputTap {
  const tap: OutputTap = { stdout: new TailBuffer(max), stderr: new TailBuffer(max), finish: async () => {} };
  const splitters: LineSplitter[] = [];
  for (const [stream, name] of [
    [stdout, 'stdout'],
    [stderr, 'stderr'],
  ] as const) {
    const onLine = options.onLine;
    const lines = onLine ? new LineSplitter((l) => onLine(l, name)) : undefined;
    if (lines) splitters.push(lines);
    stream.on('data', (chunk: Buffer) => {
      tap[name].push(chunk);
      lines?.push(chunk.toString('utf8'));
    });
  }
  tap.finish = async () => splitters.forEach((l) => l.flush());
  return tap;
}

function fileTap(logFile: string, startAt: number, options: RunOptions, max: number): OutputTap {
  const follower = new FileFollower(logFile, startAt);
  const stdout = new TailBuffer(max);
  const onLine = options.onLine;
  const lines = onLine ? new LineSplitter((l) => onLine(l, 'stdout')) : undefined;
  // One read at a time: the follower keeps a single position.
  let reading = Promise.resolve();
  const pump = () =>
    (reading = reading.then(async () => {
      const text = await follower.read().catch(() => '');
      if (!text) return;
      stdout.push(Buffer.from(text));
      lines?.push(text);
    }));
  const timer = setInterval(() => void pump(), FOLLOW_INTERVAL_MS);
  return {
    stdout,
    stderr: new TailBuffer(0),
    async finish() {
      clearInterval(timer);
      await pump();
      lines?.flush();
      await follower.close().catch(() => {});
    },
  };
}

/** Opens `logFile` for appending; returns the descriptor (for the child) and the size before it. */
function openLog(logFile: string): { fd: number; size: number } {
  try {
    const fd = openSync(logFile, 'a', 0o644);
    return { fd, size: fstatSync(fd).size };
  } catch (err) {
    throw new WorldError(
      { doing: 'opening the log file', target: logFile, answer: (err as Error).message },
      { cause: err },
    );
  }
}

/** The signing key is kiln's alone (docs/signing.md): no program kiln runs inherits it. */
function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env[SIGNING_KEY_ENV] === undefined) return env;
  const rest = { ...env };
  delete rest[SIGNING_KEY_ENV];
  return rest;
}

/** The real runner: spawns the program directly (no shell). */
export const run: Runner = (cmd, args, options = {}) =>
  new Promise<RunResult>((resolve, reject) => {
    const log = options.logFile ? openLog(options.logFile) : undefined;
    const stdin = options.input !== undefined || !log ? 'pipe' : 'ignore';
    const child = (() => {
      try {
        return spawn(cmd, [...args], {
          cwd: options.cwd,
          env: childEnv(options.env ?? process.env),
          stdio: [stdin, log?.fd ?? 'pipe', log?.fd ?? 'pipe'],
          detached: options.processGroup ?? false,
        });
      } finally {
        // The child has its own copy of the descriptor now.
        if (log) closeSync(log.fd);
      }
    })();
    const max = options.maxBuffer ?? 1024 * 1024;
    const tap = log
      ? fileTap(options.logFile!, log.size, options, max)
      : pipeTap(child.stdout!, child.stderr!, options, max);

    let killTimer: NodeJS.Timeout | undefined;
    const kill = (sig: NodeJS.Signals) => {
      try {
        if (options.processGroup && child.pid) process.kill(-child.pid, sig);
        else child.kill(sig);
      } catch {
        // already gone
      }
    };
    const onAbort = () => {
      kill('SIGTERM');
      killTimer = setTimeout(() => kill('SIGKILL'), (options.killGraceSeconds ?? 60) * 1000);
      killTimer.unref();
    };
    if (options.signal) {
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener('abort', onAbort, { once: true });
    }

    child.on('error', (e: NodeJS.ErrnoException) => {
      options.signal?.removeEventListener('abort', onAbort);
      void tap.finish();
      if (e.code === 'ENOENT') {
        reject(
          new WorldError({
            doing: `running ${cmd}`,
            answer: `program not found; ${missingProgramHint(cmd)}`,
          }),
        );
      } else {
        reject(new WorldError({ doing: `running ${cmd}`, answer: e.message }, { cause: e }));
      }
    });
    child.on('close', (code, signal) => {
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      void tap.finish().then(() =>
        resolve({
          code: code ?? 128,
          signal,
          stdout: tap.stdout.toString(),
          stderr: tap.stderr.toString(),
        }),
      );
    });
    if (child.stdin) {
      // A program may exit without reading its input; the EPIPE that follows is not kiln's failure.
      child.stdin.on('error', () => {});
      if (options.input !== undefined) child.stdin.end(options.input);
      else child.stdin.end();
    }
  });

/** Runs and fails with a WorldError carrying the tail of stderr when the exit code is not 0. */
export async function runChecked(
  runner: Runner,
  cmd: string,
  args: readonly string[],
  options: RunOptions & { doing?: string; target?: string } = {},
): Promise<RunResult> {
  const res = await runner(cmd, args, options);
  if (res.code !== 0) {
    const tail = (res.stderr || res.stdout).trim().split('\n').slice(-20).join('\n');
    throw new WorldError({
      doing: options.doing ?? `running ${cmd}`,
      target: options.target,
      answer: `exit ${res.signal ?? res.code}${tail ? `\n${tail}` : ''}`,
    });
  }
  return res;
}
