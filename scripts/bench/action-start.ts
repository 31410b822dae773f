// Cold start of the bundled action for `command: plan` on kiln's own catalogue, next to bare Node
// (`node -e 0`) and the CLI's `kiln plan` (the same core work without the action adapter), measured
// in the same run, interleaved so all see the same machine load. Target: the action adds less than
// 0.3 s to bare Node.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { machine, target } from './support/report.js';

const ROUNDS = 15;

function time(args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const res = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0) throw new Error(`${args.join(' ')} exited ${res.status}: ${res.stdout}${res.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run(): Promise<void> {
  const root = resolve('.');
  const dist = mkdtempSync(join(tmpdir(), 'kiln-bench-dist-'));
  execFileSync(process.execPath, ['scripts/bundle.mjs', dist], { cwd: root, stdio: 'inherit' });
  const scratch = mkdtempSync(join(tmpdir(), 'kiln-bench-action-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_WORKSPACE: root,
    GITHUB_OUTPUT: join(scratch, 'output'),
    GITHUB_STEP_SUMMARY: join(scratch, 'summary'),
    RUNNER_TEMP: scratch,
    INPUT_COMMAND: 'plan',
  };
  const action = [join(dist, 'index.js')];
  const bare = ['-e', '0'];
  const cli = [join(dist, 'cli.js'), 'plan'];
  const fresh = () => {
    writeFileSync(env.GITHUB_OUTPUT!, '');
    writeFileSync(env.GITHUB_STEP_SUMMARY!, '');
  };
  // One warm-up each: the first run pays for the page cache, not for kiln.
  fresh();
  time(bare, env);
  time(action, env);
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    fresh();
    b.push(time(bare, env));
    a.push(time(action, env));
    c.push(time(cli, env));
  }
  const [ma, mb, mc] = [median(a), median(b), median(c)];
  console.log(`node -e 0:                 median ${mb.toFixed(0)} ms over ${ROUNDS} runs`);
  console.log(`kiln plan (CLI):           median ${mc.toFixed(0)} ms over ${ROUNDS} runs`);
  console.log(`action plan (own catalogue): median ${ma.toFixed(0)} ms over ${ROUNDS} runs`);
  console.log(`action adapter vs CLI: ${((ma - mc) / 1000).toFixed(3)} s (${(ma / mc).toFixed(2)}x)`);
  console.log(`action start = bare node + ${((ma - mb) / 1000).toFixed(3)} s (${(ma / mb).toFixed(2)}x)`);
  target('action start over bare node', `+${((ma - mb) / 1000).toFixed(3)} s`, '< +0.300 s', ma - mb < 300);
  machine();
}
