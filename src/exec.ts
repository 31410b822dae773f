// Running external programs (disk-image-create, packer, qemu-img, qemu, git). Always an argument
// array, never a shell string built from config. Output can be streamed line by line and teed into
// a log file; an AbortSignal stops the program with SIGTERM (then SIGKILL after a grace period) so
// builders get the chance to unmount and detach their loop devices.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { WorldError } from './errors.js';

export interface RunOptions {
  cwd?: string;
  /** Complete environment for the child; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, then stdin is closed. */
  input?: string | Buffer;
  /** Called for every complete output line (stdout and stderr). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Every output byte is appended here as well. */
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

/** Debian packages that provide the programs kiln runs, for the "missing program" message. */
const PROVIDERS: Record<string, string> = {
  'disk-image-create': 'python3-diskimage-builder',
  'qemu-img': 'qemu-utils',
  'qemu-system-x86_64': 'qemu-system-x86',
  'qemu-system-aarch64': 'qemu-system-arm',
  packer: 'packer',
  git: 'git',
  'cloud-localds': 'cloud-image-utils',
};

export function missingProgramHint(cmd: string): string {
  const pkg = PROVIDERS[cmd];
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
    while (this.size > this.max && this.chunks.length > 1) this.size -= this.chunks.shift()!.length;
  }
  toString(): string {
    const s = Buffer.concat(this.chunks).toString('utf8');
    return s.length > this.max ? s.slice(s.length - this.max) : s;
  }
}

/** The real runner: spawns the program directly (no shell). */
export const run: Runner = (cmd, args, options = {}) =>
  new Promise<RunResult>((resolve, reject) => {
    const child = spawn(cmd, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: options.processGroup ?? false,
    });
    const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
    const max = options.maxBuffer ?? 1024 * 1024;
    const out = new TailBuffer(max);
    const err = new TailBuffer(max);
    const pending = { stdout: '', stderr: '' };
    const feed = (stream: 'stdout' | 'stderr', buf: TailBuffer) => (chunk: Buffer) => {
      buf.push(chunk);
      log?.write(chunk);
      if (!options.onLine) return;
      const text = pending[stream] + chunk.toString('utf8');
      const lines = text.split('\n');
      pending[stream] = lines.pop() ?? '';
      for (const l of lines) options.onLine(l.replace(/\r$/, ''), stream);
    };
    child.stdout.on('data', feed('stdout', out));
    child.stderr.on('data', feed('stderr', err));

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
      log?.end();
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
      for (const stream of ['stdout', 'stderr'] as const) {
        if (options.onLine && pending[stream]) options.onLine(pending[stream], stream);
      }
      log?.end();
      resolve({ code: code ?? 128, signal, stdout: out.toString(), stderr: err.toString() });
    });
    // A program may exit without reading its input; the EPIPE that follows is not kiln's failure.
    child.stdin.on('error', () => {});
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
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
