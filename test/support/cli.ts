// Runs this test run's bundled CLI (built by the global setup) as a real process, the way users run it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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

/**
 * The same without blocking this process: for tests that serve kiln from here (a proxy, a stand-in
 * service) while it runs. `onSpawn` gets the process (to signal it).
 */
export function kilnAsync(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; onSpawn?: (child: ChildProcess) => void } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 137 : 128), stdout, stderr }));
    options.onSpawn?.(child);
  });
}
