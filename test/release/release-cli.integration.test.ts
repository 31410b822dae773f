// `kiln release` as users run it: the bundled CLI, a real config (the plan decides what is expected),
// results in job folders, and the GitHub API stand-in driven by the real octokit.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { scratch, writeResult } from './fixtures.js';
import { kilnAsync } from '../support/cli.js';

let gh: GitHubServer;
let repo: string;
let keys: Record<string, string>;

beforeAll(async () => {
  gh = await startGitHubServer({ repos: ['octo/images'] });
  repo = scratch('release-repo');
  mkdirSync(join(repo, 'config'));
  writeFileSync(
    join(repo, 'config/images.yaml'),
    [
      'defaults:',
      '  architectures: [amd64]',
      'images:',
      '  small:',
      '    elements: [debian-minimal]',
      '    properties: { os_distro: debian }',
      '  multi:',
      '    elements: [debian-minimal]',
      '    architectures: [amd64, arm64]',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(repo, 'config/sites.yaml'),
    'sites:\n  kvm: { cloud: site-a, kind: kvm, disk_format: qcow2, visibility: public, keep: 3 }\n',
  );
  const plan = await kilnAsync(['plan', '--config-dir', 'config'], { cwd: repo });
  expect(plan.code, plan.stderr).toBe(0);
  keys = Object.fromEntries(
    (JSON.parse(plan.stdout).images as { name: string; arch: string; key: string }[]).map((i) => [
      `${i.name}/${i.arch}`,
      i.key,
    ]),
  );
});
afterAll(async () => {
  await gh.close();
});

const env = () => ({ GITHUB_TOKEN: gh.token, GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'octo/images' });

describe('kiln release (CLI)', () => {
  it('refuses incomplete results with exit 2 and the missing builds, touching nothing on GitHub', async () => {
    const results = scratch('release-results');
    writeResult(results, 'job-small', 'small', 'amd64', { key: keys['small/amd64'] });
    const before = gh.requests.length;
    const res = await kilnAsync(
      ['release', '--tag', 'v1.0.0', '--results', results, '--config-dir', 'config'],
      { cwd: repo, env: env() },
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('2 of 3 builds missing');
    expect(res.stderr).toContain('multi: no result for multi (amd64)');
    expect(res.stderr).toContain('multi-arm64: no result for multi (arm64)');
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(gh.requests.slice(before).filter((r) => !r.startsWith('GET '))).toEqual([]);
  });

  it('writes manifest.json with URLs under --base-url and releases it', async () => {
    const results = scratch('release-results');
    writeResult(results, 'job-small', 'small', 'amd64', { key: keys['small/amd64'], sites: ['kvm'] });
    writeResult(results, 'job-multi-amd64', 'multi', 'amd64', { key: keys['multi/amd64'] });
    writeResult(results, 'job-multi-arm64/x', 'multi', 'arm64', { key: keys['multi/arm64'] });
    const out = join(results, 'out.json');
    const res = await kilnAsync(
      [
        'release',
        '--tag',
        'v1.0.0',
        '--results',
        results,
        '--config-dir',
        'config',
        '--output',
        out,
        '--base-url',
        'https://images.example.org/v1.0.0/',
      ],
      { cwd: repo, env: env() },
    );
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout);
    expect(summary.images.sort()).toEqual(['multi', 'multi-arm64', 'small']);
    expect(summary.release.created).toBe(true);
    const manifest = JSON.parse(readFileSync(out, 'utf8'));
    expect(manifest['multi-arm64'].url).toBe('https://images.example.org/v1.0.0/multi-arm64.qcow2');
    expect(manifest.small.properties).toEqual({ os_distro: 'debian', architecture: 'x86_64' });
    expect(manifest.small.sites.kvm.image_id).toBe('id-small-amd64-kvm');
    const rel = gh.repos.get('octo/images')!.find((r) => r.tag_name === 'v1.0.0')!;
    expect(JSON.parse(rel.assets.find((a) => a.name === 'manifest.json')!.data.toString())).toEqual(manifest);
    expect(res.stderr).not.toContain(gh.token);
  });

  it('--manifest-only needs no token; a missing token otherwise is bad input', async () => {
    const results = scratch('release-results');
    writeResult(results, 'job', 'small', 'amd64', { key: keys['small/amd64'] });
    const args = [
      'release',
      '--tag',
      'v2',
      '--results',
      results,
      '--config-dir',
      'config',
      '--allow-incomplete',
    ];
    const noToken = await kilnAsync(args, { cwd: repo, env: { GITHUB_TOKEN: '' } });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('GITHUB_TOKEN is not set');
    const local = await kilnAsync([...args, '--manifest-only', '--output', join(results, 'm.json')], {
      cwd: repo,
      env: { GITHUB_TOKEN: '' },
    });
    expect(local.code, local.stderr).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(join(results, 'm.json'), 'utf8')))).toEqual(['small']);
    expect(local.stderr).toContain('left out of the manifest: multi');
  });
});

describe('stopping kiln release', () => {
  it('SIGTERM while GitHub never answers: exits within seconds, saying it was stopped', async () => {
    // Accepts connections and never answers, as a hung GitHub (or proxy) would.
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as { port: number };
    const results = scratch('release-results');
    writeResult(results, 'job', 'small', 'amd64', { key: keys['small/amd64'] });
    let sentAt = 0;
    let exitedAt = 0;
    try {
      const res = await kilnAsync(
        ['release', '--tag', 'v3', '--results', results, '--config-dir', 'config', '--allow-incomplete'],
        {
          cwd: repo,
          env: { ...env(), GITHUB_API_URL: `http://127.0.0.1:${port}` },
          onSpawn: (child) => {
            const poll = setInterval(() => {
              if (sockets.length === 0) return;
              clearInterval(poll);
              sentAt = Date.now();
              child.kill('SIGTERM');
            }, 50);
            child.on('exit', () => {
              clearInterval(poll);
              exitedAt = Date.now();
            });
          },
        },
      );
      expect(sentAt, res.stderr).toBeGreaterThan(0);
      expect((exitedAt - sentAt) / 1000).toBeLessThan(5);
      expect(res.code, res.stderr).toBe(1);
      expect(res.stderr).toMatch(/stopped \(SIGINT\/SIGTERM\)/);
      expect(res.stderr).not.toMatch(/\n\s+at /);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});
