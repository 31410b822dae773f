// `kiln plan` on a generated catalogue of 1,000 images in deep parent chains (each image adds an
// element of its own, so closures grow with depth), timed as a whole CLI run of the bundle next to
// bare Node (`node -e 0`), interleaved so both see the same machine load. Also `--since` with no
// change (git says so) and with one element changed (the config is loaded again at the commit).
// Targets: the whole `kiln plan` run under 0.5 s wall; `--since` at most 1.2x a plain plan.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { machine, target } from './support/report.js';

const IMAGES = 1000;
const CHAINS = 10; // 10 chains of 100: the deepest image has 100 ancestors
const ROUNDS = 7;

function generate(dir: string): void {
  const write = (path: string, text: string, mode = 0o644) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
    chmodSync(join(dir, path), mode);
  };
  const lines = ['defaults:', '  architectures: [amd64, arm64]', 'images:'];
  for (let i = 0; i < IMAGES; i++) {
    const chain = i % CHAINS;
    const depth = Math.floor(i / CHAINS);
    lines.push(`  img-${i}:`);
    if (depth === 0) lines.push(`    elements: [debian-minimal, vm, shared-${chain}, el-${i}]`);
    else lines.push(`    parent: img-${i - CHAINS}`, `    elements: [el-${i}]`);
    lines.push(`    properties: { chain: "${chain}", depth: "${depth}" }`);
    // Each image's element pulls in a shared helper and the previous element of its chain.
    const deps = [`helper-${i % 25}`, ...(depth > 0 ? [`el-${i - CHAINS}`] : [])];
    write(`elements/el-${i}/element-deps`, deps.join('\n') + '\n');
    write(`elements/el-${i}/install.d/50-el-${i}`, `#!/bin/bash\nset -eu -o pipefail\necho ${i}\n`, 0o755);
    write(`elements/el-${i}/package-installs.yaml`, `pkg-${i}:\n`);
  }
  for (let c = 0; c < CHAINS; c++) write(`elements/shared-${c}/element-deps`, 'cloud-init\n');
  for (let h = 0; h < 25; h++)
    write(`elements/helper-${h}/environment.d/10-helper`, `export HELPER_${h}=1\n`);
  write('config/images.yaml', lines.join('\n') + '\n');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.org', ...args], {
      cwd: dir,
    });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'catalogue');
  // A second commit changing one element in the middle of a chain, for `--since HEAD~1`.
  write('elements/el-505/install.d/50-el-505', '#!/bin/bash\nset -eu -o pipefail\necho changed\n', 0o755);
  git('commit', '-q', '-a', '-m', 'change el-505');
}

// Each child reports its own CPU time (user + system) as it exits: unlike wall time, that hardly
// depends on how busy the shared machine is.
const REPORT_CPU = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\nkiln-bench-cpu '+(u.user+u.system)/1000+'\\n')})`;

function time(args: string[], cwd: string): { wall: number; cpu: number } {
  const start = process.hrtime.bigint();
  const res = spawnSync(process.execPath, ['--import', REPORT_CPU, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0) throw new Error(`${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  const cpu = Number(/kiln-bench-cpu ([\d.]+)/.exec(res.stderr)?.[1]);
  return { wall, cpu };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run(): Promise<void> {
  const dist = mkdtempSync(join(tmpdir(), 'kiln-bench-dist-'));
  execFileSync(process.execPath, ['scripts/bundle.mjs', dist], { cwd: resolve('.'), stdio: 'inherit' });
  const repo = mkdtempSync(join(tmpdir(), 'kiln-bench-plan-'));
  generate(repo);
  const cli = join(dist, 'cli.js');
  const planned = JSON.parse(execFileSync(process.execPath, [cli, 'plan'], { cwd: repo, encoding: 'utf8' }));
  if (planned.images.length !== IMAGES * 2)
    throw new Error(`expected ${IMAGES * 2} builds, got ${planned.images.length}`);

  const changed = JSON.parse(
    execFileSync(process.execPath, [cli, 'plan', '--since', 'HEAD~1'], { cwd: repo, encoding: 'utf8' }),
  );
  // el-505 is at depth 50 of chain 5: it and its 49 descendants, on both architectures.
  if (changed.images.length !== 100)
    throw new Error(`expected 100 changed builds, got ${changed.images.length}`);

  const runs = {
    bare: ['-e', '0'],
    plan: [cli, 'plan'],
    since: [cli, 'plan', '--since', 'HEAD'],
    sinceChange: [cli, 'plan', '--since', 'HEAD~1'],
  };
  const times: Record<keyof typeof runs, { wall: number; cpu: number }[]> = {
    bare: [],
    plan: [],
    since: [],
    sinceChange: [],
  };
  for (const args of Object.values(runs)) time(args, repo); // warm-up: page cache, not kiln
  for (let i = 0; i < ROUNDS; i++) {
    for (const [name, args] of Object.entries(runs)) times[name as keyof typeof runs].push(time(args, repo));
  }
  const wall = (name: keyof typeof runs) => median(times[name].map((t) => t.wall));
  const cpu = (name: keyof typeof runs) => median(times[name].map((t) => t.cpu));
  const row = (label: string, name: keyof typeof runs) =>
    console.log(
      `${label.padEnd(48)} ${wall(name).toFixed(0).padStart(6)} ms wall ${cpu(name).toFixed(0).padStart(6)} ms CPU` +
        (name === 'bare' ? '' : `  (+${(wall(name) - wall('bare')).toFixed(0)} ms wall over node -e 0)`),
    );
  console.log(
    `catalogue: ${IMAGES} images in ${CHAINS} chains of ${IMAGES / CHAINS}, 2 architectures; median of ${ROUNDS}`,
  );
  row('node -e 0', 'bare');
  row('kiln plan (whole CLI run)', 'plan');
  row('kiln plan --since HEAD (nothing changed)', 'since');
  row('kiln plan --since HEAD~1 (one element changed)', 'sinceChange');
  target('kiln plan, whole CLI run', `${wall('plan').toFixed(0)} ms`, '< 500 ms wall', wall('plan') < 500);
  for (const [name, what] of [
    ['since', 'plan --since, nothing changed'],
    ['sinceChange', 'plan --since, one element changed'],
  ] as const) {
    const ratio = wall(name) / wall('plan');
    target(what, `${ratio.toFixed(2)}x a plain plan`, '<= 1.2x', ratio <= 1.2);
  }
  machine();
}
