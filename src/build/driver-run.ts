// What the DIB and Packer drivers share: how a builder process is run (environment, log file,
// cancellation, phase reports) and how its failure is reported.
import { readFile } from 'node:fs/promises';
import { WorldError } from '../errors.js';
import type { RunResult } from '../exec.js';

export interface DriverRun {
  /** The environment the builder starts from (kiln's own, minus what must not leak). */
  env: NodeJS.ProcessEnv;
  /** Every output line of the builder is appended here. */
  logFile: string;
  /** Aborting sends SIGTERM to the builder's process group, SIGKILL after the grace period. */
  signal?: AbortSignal;
  killGraceSeconds?: number;
  /** The builder announced a new phase (DIB hook dir, Packer step). */
  onPhase: (phase: string) => void;
}

export function builderFailure(
  program: string,
  name: string,
  arch: string,
  res: RunResult,
  run: DriverRun,
): WorldError {
  const how = res.signal ? `was stopped by ${res.signal}` : `exited with status ${res.code}`;
  return new WorldError({
    doing: `building ${name} (${arch})`,
    answer: `${program} ${how}; full log: ${run.logFile}`,
  });
}

/** The last `lines` lines of a log file ('' when it cannot be read). */
export async function logTail(path: string, lines = 40): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.replace(/\n+$/, '').split('\n').slice(-lines).join('\n');
}
