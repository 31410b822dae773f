// Runs this test run's bundled CLI (built by the global setup) as a real process, the way users run it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { testDist } from './test-dist.js';

export const CLI = join(testDist(), 'cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function kiln(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): CliResult {
  const res = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: res.status ?? 128, stdout: res.stdout, stderr: res.stderr };
}
