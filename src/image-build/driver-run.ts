// What the DIB and Packer drivers share: how a builder process is run (environment, log file,
// cancellation, phase reports) and how its failure is reported.
//
// A builder writes its output straight into its log file (exec.ts `logFile`), so it survives a kiln
// that is killed outright and still runs its own cleanup. That file never passes kiln's masker, so
// "no secret in a log" holds by construction instead: a builder's environment carries no credentials
// (withoutCredentials). What kiln re-emits from the file (phases, CI log groups, failure tails) goes
// through its logger, masked like everything else it logs.
import { readFile } from 'node:fs/promises';
import { WorldError } from '../errors.js';
import type { RunResult } from '../exec.js';

/**
 * Variable names that hold credentials (OS_PASSWORD, OS_APPLICATION_CREDENTIAL_SECRET, OS_TOKEN,
 * GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, ...). Builders need none of them (DIB elements and kiln's
 * Packer templates build locally), and element scripts and templates may echo their environment.
 */
const CREDENTIAL_NAME =
  /(^|_)(PASSWORD|PASSWD|PASS|SECRET|TOKEN|CREDENTIALS?|PRIVATE_KEY|API_KEY|ACCESS_KEY)(_|$)/i;

/** kiln's environment as a builder may see it: without any variable that holds a credential. */
export function withoutCredentials(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !CREDENTIAL_NAME.test(k)));
}

export interface DriverRun {
  /** The environment the builder starts from: kiln's own (the drivers drop credentials from it). */
  env: NodeJS.ProcessEnv;
  /** The builder writes its stdout and stderr straight into this file (appended). */
  logFile: string;
  /** Aborting sends SIGTERM to the builder's process group, SIGKILL after the grace period. */
  signal?: AbortSignal;
  killGraceSeconds?: number;
  /** The builder announced a new phase (DIB hook dir, Packer step). */
  onPhase: (phase: string) => void;
  /** Something the operator should know about how the build runs (logged with the image's name). */
  onNote: (note: string) => void;
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
