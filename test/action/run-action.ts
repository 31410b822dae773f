// Runs this test run's bundled action (index.js in testDist(), built by the global setup) the way the runner
// does: a fresh node process with INPUT_* variables (upper-cased, dashes kept), GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files, GITHUB_WORKSPACE and RUNNER_TEMP; returns what the runner would see.
// Asynchronous, so that stand-ins served from the test process (the cache service) keep answering.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testDist } from '../support/test-dist.js';

export const ACTION = join(testDist(), 'index.js');

export interface ActionRun {
  code: number;
  /** The step's log (stdout: workflow commands included). */
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** The step's RUNNER_TEMP (kept, to check what the action left there). */
  runnerTemp: string;
}

/** Parses $GITHUB_OUTPUT as the runner does: `name<<DELIM` ... `DELIM` blocks, or `name=value` lines. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=');
      out[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return out;
}

export async function runAction(
  inputs: Record<string, string>,
  options: {
    workspace: string;
    env?: NodeJS.ProcessEnv;
    /** Sees the log as it grows; can signal the step like the runner cancelling it. */
    watch?: (stdout: string, signal: (sig: NodeJS.Signals) => void) => void;
  },
): Promise<ActionRun> {
  const dir = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'action-'));
  const temp = join(dir, 'runner-temp');
  mkdirSync(temp);
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: temp,
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const child = spawn(process.execPath, [ACTION], {
    cwd: options.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString('utf8');
    options.watch?.(stdout, (sig) => child.kill(sig));
  });
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 128)));
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    runnerTemp: temp,
  };
}
