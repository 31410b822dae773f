// The bundled action run as the runner runs it, for `plan`: the matrix output parsed back, runner
// labels from the `runners` input, the job summary (table + Mermaid), --since through git, and bad
// input (a config error becomes an annotation on the file and line, exit code 2).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { bigCatalogue } from '../plan/fixture.js';
import { runAction } from './run-action.js';

const IMAGES = `defaults:
  runners:
    amd64: [self-hosted, linux, x64]
images:
  base:
    elements: [debian-minimal, vm]
    env: { DIB_RELEASE: bookworm }
  base-dev:
    parent: base
    elements: [devuser]
`;

function repo(images: string): string {
  const dir = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'repo-'));
  mkdirSync(join(dir, 'config'));
  writeFileSync(join(dir, 'config/images.yaml'), images);
  return dir;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    stdio: 'ignore',
  });
}

describe('action: plan', () => {
  let workspace: string;
  beforeAll(() => {
    workspace = repo(IMAGES);
  });

  it('outputs the matrix, the images and a summary with the graph', async () => {
    const res = await runAction({ command: 'plan' }, { workspace });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const matrix = JSON.parse(res.outputs.matrix) as Plan['matrix'];
    expect(matrix.include).toEqual([
      { group: 'base', arch: 'amd64', runner: ['self-hosted', 'linux', 'x64'], images: 'base base-dev' },
    ]);
    const images = JSON.parse(res.outputs.images) as Plan['images'];
    expect(images.map((i) => `${i.name}/${i.arch}`)).toEqual(['base/amd64', 'base-dev/amd64']);
    expect(images.every((i) => /^[0-9a-f]{64}$/.test(i.key))).toBe(true);
    expect(res.outputs['has-images']).toBe('true');

    expect(res.summary).toContain('## kiln plan');
    expect(res.summary).toMatch(
      new RegExp(`\\| \`base\` \\| amd64 \\| \`${images[0].key.slice(0, 12)}\` \\| 📋 planned`),
    );
    expect(res.summary).toContain('```mermaid\ngraph TD');
    expect(res.summary).toMatch(/n0 --> n1/);
  });

  it('takes runner labels per architecture from the runners input', async () => {
    const res = await runAction({ command: 'plan', runners: '{"amd64": ["big-x86"]}' }, { workspace });
    expect(res.code, res.stdout).toBe(0);
    expect((JSON.parse(res.outputs.matrix) as Plan['matrix']).include[0].runner).toEqual(['big-x86']);
  });

  it('plans nothing when nothing changed since a git ref', async () => {
    const ws = repo(IMAGES);
    git(ws, 'init', '-q');
    git(ws, 'add', '.');
    git(ws, 'commit', '-qm', 'images');
    const same = await runAction({ command: 'plan', since: 'HEAD' }, { workspace: ws });
    expect(same.code, same.stdout).toBe(0);
    expect(same.outputs['has-images']).toBe('false');
    expect(JSON.parse(same.outputs.matrix)).toEqual({ include: [] });

    writeFileSync(
      join(ws, 'config/images.yaml'),
      IMAGES.replace('elements: [devuser]', 'elements: [devuser]\n    env: { X: "1" }'),
    );
    const changed = await runAction({ command: 'plan', since: 'HEAD' }, { workspace: ws });
    expect(changed.code, changed.stdout).toBe(0);
    expect((JSON.parse(changed.outputs.images) as Plan['images']).map((i) => i.name)).toContain('base-dev');
    expect(JSON.parse(changed.outputs.images).map((i: { name: string }) => i.name)).not.toContain('base');
  });

  it('turns a config error into an annotation on the file and line, exit 2, nothing output', async () => {
    const ws = repo(
      IMAGES.replace(
        '    env: { DIB_RELEASE: bookworm }',
        '    env: { DIB_RELEASE: bookworm }\n    colour: blue',
      ),
    );
    const res = await runAction({ command: 'plan' }, { workspace: ws });
    expect(res.code).toBe(2);
    expect(res.stdout).toMatch(/^::error file=config\/images\.yaml,line=8,col=5::.*colour/m);
    expect(res.outputs.matrix).toBeUndefined();
    expect(res.summary).toContain('kiln plan: failed');
    expect(res.summary).toContain('colour');
    expect(res.stdout + res.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects bad action inputs before doing anything', async () => {
    const bad = await runAction({ command: 'frobnicate' }, { workspace });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/::error::input 'command': unknown command 'frobnicate'/);
    const runners = await runAction({ command: 'plan', runners: '{"sparc": ["x"]}' }, { workspace });
    expect(runners.code).toBe(2);
    expect(runners.stdout).toMatch(/::error::input 'runners' must be a JSON object/);
  });
});

describe('action: plan of a 5,000-image catalogue', () => {
  it('gives a matrix GitHub runs, outputs under 1 MB and a summary under 1 MiB', async () => {
    const res = await runAction({ command: 'plan' }, { workspace: repo(bigCatalogue()) });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const matrix = JSON.parse(res.outputs.matrix) as Plan['matrix'];
    expect(matrix.include.length).toBeLessThanOrEqual(256);
    expect(matrix.include.flatMap((m) => m.images.split(' '))).toHaveLength(6001);
    for (const value of Object.values(res.outputs)) expect(Buffer.byteLength(value)).toBeLessThan(1_000_000);
    expect(JSON.parse(res.outputs.images)).toHaveLength(6001);
    expect(Buffer.byteLength(res.summary)).toBeLessThan(1024 * 1024);
    expect(res.summary).toMatch(
      /> 859 image groups x architectures are more than GitHub's 256 jobs per matrix/,
    );
    expect(res.summary).toMatch(/> the images output lists only name, arch, key and group/);
    expect(res.summary).toMatch(/more rows left out|The image graph \(\d+ characters/);
    expect(res.stdout).toMatch(/::warning::the images output lists only/);
  });
});
