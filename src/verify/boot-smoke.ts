// The boot smoke test: boots the image in qemu from a throw-away overlay, with a NoCloud seed when
// the image has cloud-init, follows the serial console, and passes when it shows what the image's
// test config expects before the timeout. qemu is always stopped at the end (also on abort).
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Arch, ImageTestConfig } from '../config/types.js';
import { WorldError } from '../errors.js';
import { runChecked, type RunResult, type Runner } from '../exec.js';
import type { Logger } from '../log.js';
import { accelPlan, kvmRunsGuests, type AccelChoice } from './accel.js';
import { BootExpectations } from './boot-expectations.js';
import { ConsoleTranscript } from './console-transcript.js';
import { FileFollower } from '../file-follower.js';
import { metaData, userData } from './guest-script.js';
import { qemuFormat } from './qemu-img-checks.js';
import {
  firstAccessible,
  MACHINES,
  onPath,
  qemuArgs,
  type Accel,
  type QemuArgsInput,
} from './qemu-machine.js';

/** Console lines shown when a boot fails. */
const CONSOLE_TAIL_LINES = 50;
const POLL_MS = 250;
const DEFAULT_MEMORY_MIB = 1024;

export interface BootTestInput {
  imagePath: string;
  /** The record's format (qcow2, raw, ...). */
  format: string;
  arch: Arch;
  boot: ImageTestConfig['boot'];
  hasCloudInit: boolean;
  /** An empty scratch folder; the caller removes it. */
  workDir: string;
  /** Where the full serial console is kept (overwritten). */
  consoleLog: string;
}

export interface BootDeps {
  runner: Runner;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  accel?: AccelChoice;
  memoryMiB?: number;
}

export interface BootOutcome {
  status: 'passed' | 'failed' | 'skipped';
  details: string;
}

/** A working KVM guest prints past the firmware within seconds; silence this long means KVM is broken. */
const KVM_SIGNS_OF_LIFE_S = 60;

/** 'silent': under KVM, nothing but firmware output after KVM_SIGNS_OF_LIFE_S. */
type StopReason = 'complete' | 'timeout' | 'aborted' | 'silent';

interface Attempt {
  accel: Accel;
  /** Why kiln stopped qemu; undefined when qemu stopped by itself. */
  reason?: StopReason;
  qemu: RunResult;
  expectations: BootExpectations;
  transcript: ConsoleTranscript;
  seconds: number;
}

/** True when the console shows nothing past the firmware (SeaBIOS, iPXE), i.e. no bootloader or kernel. */
export function onlyFirmwareOutput(lines: readonly string[]): boolean {
  return lines.every((l) => !/\S/.test(l) || /SeaBIOS|Booting from|iPXE|Press ESC/i.test(l));
}

/**
 * A broken KVM either makes qemu fail with a KVM error or leaves the guest silent (nothing past the
 * firmware on the console). A guest that printed more is judged on its merits, so a bad image never
 * gets a second boot under TCG.
 */
function kvmFaulted(a: Attempt): boolean {
  if (a.accel !== 'kvm' || a.reason === 'complete' || a.reason === 'aborted') return false;
  if (a.reason === 'silent') return true;
  if (a.reason === undefined && /kvm/i.test(a.qemu.stderr)) return true;
  return onlyFirmwareOutput(a.transcript.lastLines());
}

async function bootOnce(
  qemu: { binary: string; args: Omit<QemuArgsInput, 'accel'> },
  accel: Accel,
  input: BootTestInput,
  deps: BootDeps,
  nonce: string | undefined,
): Promise<Attempt> {
  await rm(input.consoleLog, { force: true });
  const expectations = new BootExpectations(input.boot, nonce);
  const transcript = new ConsoleTranscript(CONSOLE_TAIL_LINES);
  const follower = new FileFollower(input.consoleLog);
  const stop = new AbortController();
  let reason: StopReason | undefined;
  const halt = (r: StopReason) => {
    reason ??= r;
    stop.abort();
  };
  const onAbort = () => halt('aborted');
  if (deps.signal?.aborted) halt('aborted');
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => halt('timeout'), input.boot.timeout * 1000);
  const liveness =
    accel === 'kvm'
      ? setTimeout(() => {
          if (onlyFirmwareOutput(transcript.lastLines())) halt('silent');
        }, KVM_SIGNS_OF_LIFE_S * 1000)
      : undefined;

  const poll = async () => {
    const text = await follower.read();
    if (!text) return;
    for (const line of transcript.feed(text)) {
      deps.logger.debug(`console: ${line}`);
      expectations.line(line);
    }
    expectations.partial(transcript.currentLine);
    if (expectations.complete) halt('complete');
  };
  const started = Date.now();
  let running = true;
  let pollError: unknown;
  const watching = (async () => {
    while (running) {
      try {
        await poll();
      } catch (err) {
        // Reading the console failed: stop the guest, and report the error once qemu is gone.
        pollError ??= err;
        halt('aborted');
      }
      await sleep(POLL_MS);
    }
  })();
  let result: RunResult;
  try {
    result = await deps.runner(qemu.binary, qemuArgs({ ...qemu.args, accel }), {
      signal: stop.signal,
      killGraceSeconds: 5,
      maxBuffer: 64 * 1024,
    });
  } finally {
    running = false;
    clearTimeout(timer);
    clearTimeout(liveness);
    deps.signal?.removeEventListener('abort', onAbort);
    await watching;
  }
  try {
    if (pollError) throw pollError;
    await poll();
  } finally {
    await follower.close();
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  return { accel, reason, qemu: result, expectations, transcript, seconds };
}

function describe(a: Attempt, input: BootTestInput): BootOutcome {
  const failures = a.expectations.failures();
  if (a.reason === 'complete' && failures.length === 0) {
    return {
      status: 'passed',
      details: `booted under ${a.accel} in ${a.seconds} s: ${a.expectations.summary()}`,
    };
  }
  const lines = a.transcript.lastLines();
  return {
    status: 'failed',
    details: [
      `boot under ${a.accel} failed: ${failureReason(a, input)}`,
      ...failures.map((f) => `- ${f}`),
      `last ${lines.length} console lines (full console: ${input.consoleLog}):`,
      ...lines.map((l) => `  | ${l}`),
    ].join('\n'),
  };
}

function failureReason(a: Attempt, input: BootTestInput): string {
  if (a.reason === 'timeout') return `no success within the ${input.boot.timeout} s boot timeout`;
  if (a.reason === 'silent') {
    return `KVM could not run the guest: nothing past the firmware on the console after ${KVM_SIGNS_OF_LIFE_S} s (set KILN_QEMU_ACCEL=tcg)`;
  }
  if (a.expectations.fatal !== undefined) return `the console shows a failed boot after ${a.seconds} s`;
  if (a.reason === 'complete') return 'the guest booted but its checks failed';
  const stderr = a.qemu.stderr.trim().split('\n').slice(-5).join('\n');
  return `qemu stopped after ${a.seconds} s (exit ${a.qemu.signal ?? a.qemu.code})${stderr ? `: ${stderr}` : ''}`;
}

/** Boots the image and reports passed/failed, or skipped when this host cannot boot its architecture. */
export async function bootSmokeTest(input: BootTestInput, deps: BootDeps): Promise<BootOutcome> {
  const machine = MACHINES[input.arch];
  if (!(await onPath(machine.binary, deps.env))) {
    return { status: 'skipped', details: `not tested: ${machine.binary} not installed` };
  }
  let firmware: string | undefined;
  if (machine.firmwareCandidates.length > 0) {
    firmware = await firstAccessible(machine.firmwareCandidates, constants.R_OK);
    if (!firmware) {
      return {
        status: 'skipped',
        details: `not tested: no UEFI firmware for ${input.arch} guests (looked for ${machine.firmwareCandidates.join(', ')})`,
      };
    }
  }
  const overlay = join(input.workDir, 'boot-overlay.qcow2');
  await runChecked(
    deps.runner,
    'qemu-img',
    ['create', '-q', '-f', 'qcow2', '-F', qemuFormat(input.format), '-b', resolve(input.imagePath), overlay],
    { doing: 'creating the boot overlay', target: input.imagePath, signal: deps.signal },
  );
  let seed: string | undefined;
  let nonce: string | undefined;
  if (input.hasCloudInit) {
    nonce = randomBytes(6).toString('hex');
    const ud = join(input.workDir, 'user-data');
    const md = join(input.workDir, 'meta-data');
    await writeFile(ud, userData(nonce, machine.guestTty, input.boot.commands));
    await writeFile(md, metaData(nonce));
    seed = join(input.workDir, 'seed.img');
    await runChecked(deps.runner, 'cloud-localds', [seed, ud, md], { doing: 'making the NoCloud seed' });
  }
  const qemu = {
    binary: machine.binary,
    args: {
      machine,
      firmware,
      overlay,
      seed,
      consoleLog: input.consoleLog,
      memoryMiB: deps.memoryMiB ?? DEFAULT_MEMORY_MIB,
    },
  };
  const plan = await accelPlan(deps.accel ?? 'auto', input.arch, () =>
    kvmRunsGuests(deps.runner, input.workDir, deps.signal),
  );
  let attempt: Attempt | undefined;
  for (const [i, accel] of plan.entries()) {
    deps.logger.info(
      `booting under ${accel} (timeout ${input.boot.timeout} s, console: ${input.consoleLog})`,
    );
    attempt = await bootOnce(qemu, accel, input, deps, nonce);
    if (attempt.reason === 'aborted') {
      throw new WorldError({ doing: 'boot smoke test', target: input.imagePath, answer: 'aborted' });
    }
    const next = plan[i + 1];
    if (!next || !kvmFaulted(attempt)) break;
    deps.logger.warn(`KVM could not run the guest (after ${attempt.seconds} s); retrying under ${next}`);
  }
  return describe(attempt!, input);
}
