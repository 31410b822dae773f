// `kiln plan` as users run it: the bundled CLI in a real process.
import { execFileSync } from 'node:child_process';
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { kiln } from '../support/cli.js';
import { IMAGES_YAML, scratch, writeRepo } from './fixture.js';

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe('kiln plan (CLI)', () => {
  const repo = writeRepo(scratch('cli'));

  it('prints the plan as JSON by default', () => {
    const res = kiln(['plan'], { cwd: repo });
    expect(res.code).toBe(0);
    const plan = JSON.parse(res.stdout) as Plan;
    expect(plan.images).toHaveLength(8);
    expect(plan.matrix.include.map((m) => `${m.group}/${m.arch}`)).toEqual([
      'base-os/amd64',
      'base-os/arm64',
      'other/amd64',
      'k8s/amd64',
    ]);
  });

  it('prints $GITHUB_OUTPUT lines with --format github, honouring images and -a', () => {
    const res = kiln(['plan', 'base-os-gpu', '-a', 'amd64', '--format', 'github'], { cwd: repo });
    expect(res.code).toBe(0);
    const [matrix, images, any] = res.stdout.trimEnd().split('\n');
    expect(JSON.parse(matrix.replace(/^matrix=/, ''))).toEqual({
      include: [
        { group: 'base-os', arch: 'amd64', runner: ['self-hosted', 'x64'], images: 'base-os base-os-gpu' },
      ],
    });
    expect(JSON.parse(images.replace(/^images=/, ''))).toHaveLength(2);
    expect(any).toBe('any=true');
  });

  it('reads another config folder with --config-dir', () => {
    const dir = writeRepo(scratch('cli-dir'));
    renameSync(join(dir, 'config'), join(dir, 'catalogue'));
    expect(kiln(['plan'], { cwd: dir }).code).toBe(2);
    const res = kiln(['plan', '--config-dir', 'catalogue', '--format', 'table'], { cwd: dir });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('8 builds in 4 jobs:');
  });

  it('exits 2 with a clear message for unknown images, architectures and formats', () => {
    for (const [args, message] of [
      [['plan', 'nope'], "unknown image 'nope'"],
      [['plan', 'other', '-a', 'arm64'], "image 'other' is not built for arm64"],
      [['plan', '-a', 'sparc'], "unknown architecture 'sparc'"],
      [['plan', '--format', 'yaml'], "unknown format 'yaml'"],
    ] as const) {
      const res = kiln([...args], { cwd: repo });
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr).toContain(message);
      expect(res.stdout).toBe('');
      noStack(res.stderr);
    }
  });

  it('exits 2 with file:line:col for a config error', () => {
    const dir = writeRepo(scratch('cli-bad'));
    writeFileSync(
      join(dir, 'config/images.yaml'),
      IMAGES_YAML.replace('parent: base-os-gpu\n', 'parent: base-os-gpx\n'),
    );
    const res = kiln(['plan'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^config\/images\.yaml:11:13: unknown parent 'base-os-gpx'/m);
    noStack(res.stderr);
  });

  it('plans only what changed since a git ref, and exits 2 for a bad ref', () => {
    const dir = writeRepo(scratch('cli-git'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: dir });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'catalogue');
    const none = kiln(['plan', '--since', 'HEAD', '--format', 'github'], { cwd: dir });
    expect(none.stdout).toBe('matrix={"include":[]}\nimages=[]\nany=false\n');
    appendFileSync(join(dir, 'elements/ml/package-installs.yaml'), 'git:\n');
    const some = JSON.parse(kiln(['plan', '--since', 'HEAD'], { cwd: dir }).stdout) as Plan;
    expect(some.images.map((i) => `${i.name}/${i.arch}:${i.reason}`)).toEqual([
      'base-os-gpu-ml/amd64:changed',
      'base-os-gpu-ml/arm64:changed',
    ]);
    const bad = kiln(['plan', '--since', 'v9.9.9'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since v9.9.9: no such commit');
    noStack(bad.stderr);
  });
});
