// `kiln build` end to end with the real Packer 1.6 (null builder + shell-local + manifest
// post-processor), run as users run it: the bundled CLI in a real process.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { CLI, kiln, type CliResult } from '../support/cli.js';
import { describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled(['packer', 'qemu-img']);

const FIXTURE = resolve('test/image-build/fixtures/packer-repo');

interface Repo {
  dir: string;
  out: string;
  journal: string;
  env: NodeJS.ProcessEnv;
}

function makeRepo(imagesYaml?: string): Repo {
  const dir = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'packer-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const journal = join(dir, 'journal.txt');
  writeFileSync(join(dir, 'packer/vars/common.pkrvars.hcl'), `size = "64M"\njournal = "${journal}"\n`);
  if (imagesYaml) writeFileSync(join(dir, 'config/images.yaml'), imagesYaml);
  return {
    dir,
    out: join(dir, 'out'),
    journal,
    env: { KILN_CACHE_DIR: join(dir, '.kiln-cache'), GITHUB_ACTIONS: '' },
  };
}

/** Like kiln() but without blocking this process, so a server in this process can answer the CLI. */
function kilnAsync(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CliResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code: code ?? 128, stdout, stderr }));
  });
}

const journal = (r: Repo) =>
  existsSync(r.journal) ? readFileSync(r.journal, 'utf8').trim().split('\n') : [];
const record = (r: Repo, name: string) =>
  JSON.parse(readFileSync(join(r.out, name, 'amd64', 'record.json'), 'utf8'));

describe('kiln build with Packer', () => {
  let repo: Repo;
  beforeEach(() => {
    repo = makeRepo();
  });

  it('builds an image, writes its record, and passes kiln variables and var files', () => {
    const res = kiln(['build', 'base', '--output', repo.out], { cwd: repo.dir, env: repo.env });
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(res.code).toBe(0);
    const rec = record(repo, 'base');
    expect(rec).toMatchObject({
      name: 'base',
      arch: 'amd64',
      builder: 'packer',
      builder_version: '1.6.6',
      format: 'qcow2',
    });
    expect(rec.file).toBe('base.qcow2');
    const bytes = readFileSync(join(repo.out, 'base/amd64', rec.file));
    expect(rec.size).toBe(bytes.length);
    expect(rec.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(rec.virtual_size).toBe(64 * 1024 * 1024);
    const log = readFileSync(join(repo.out, 'base/amd64/build.log'), 'utf8');
    expect(log).toContain(`building base for amd64 key ${rec.key}`);
    expect(res.stdout).toMatch(/build summary: 1 built, 0 unchanged .*0 failed/);
    expect(res.stderr).toContain('base/amd64: build started');
  });

  it('does not rebuild an unchanged key, and rebuilds with --force', () => {
    expect(kiln(['build', 'base', '--output', repo.out], { cwd: repo.dir, env: repo.env }).code).toBe(0);
    const first = record(repo, 'base');
    expect(journal(repo)).toEqual(['base']);

    const again = kiln(['build', 'base', '--output', join(repo.dir, 'out2')], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 built, 1 unchanged/);
    expect(journal(repo)).toEqual(['base']);
    const reused = JSON.parse(readFileSync(join(repo.dir, 'out2/base/amd64/record.json'), 'utf8'));
    expect(reused).toEqual(first);
    expect(existsSync(join(repo.dir, 'out2/base/amd64/base.qcow2'))).toBe(true);

    const forced = kiln(['build', 'base', '-f', '--output', repo.out], { cwd: repo.dir, env: repo.env });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/1 built, 0 unchanged/);
    expect(journal(repo)).toEqual(['base', 'base']);
    const rebuilt = record(repo, 'base');
    expect(rebuilt.key).toBe(first.key);
    expect(rebuilt.built_at >= first.built_at).toBe(true);

    // The index now holds the forced build: a plain build reuses that one.
    const after = kiln(['build', 'base', '--output', join(repo.dir, 'out3')], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(after.stdout).toMatch(/1 unchanged/);
    expect(JSON.parse(readFileSync(join(repo.dir, 'out3/base/amd64/record.json'), 'utf8')).built_at).toBe(
      rebuilt.built_at,
    );
  });

  it('builds a requested child after its parent and hands it the parent image', () => {
    const res = kiln(['build', 'child', '--output', repo.out], { cwd: repo.dir, env: repo.env });
    expect(res.code).toBe(0);
    expect(journal(repo)).toEqual(['base', `child from ${join(repo.out, 'base/amd64/base.qcow2')}`]);
    expect(record(repo, 'child').virtual_size).toBe(64 * 1024 * 1024);
    expect(res.stdout).toMatch(/2 built/);
  });

  it('fails only the failing image and its descendants, shows the end of its log, exits 1', () => {
    const res = kiln(['build', 'bad-child', 'child', 'other', '-t', '2', '--output', repo.out], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(
      'build summary: 3 built, 0 unchanged (reused from the build index), 1 failed, 1 not built because a parent failed',
    );
    expect(res.stdout).toMatch(/FAILED\s+bad\/amd64\s+building bad \(amd64\): packer exited with status 1/);
    expect(res.stdout).toMatch(/not built\s+bad-child\/amd64\s+parent bad\/amd64 failed/);
    expect(res.stderr).toContain('bad/amd64: build failed');
    expect(res.stderr).toContain('the provisioner fails on purpose');
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(repo.out, 'other/amd64/record.json'))).toBe(true);
    expect(existsSync(join(repo.out, 'child/amd64/record.json'))).toBe(true);
    expect(existsSync(join(repo.out, 'bad/amd64/record.json'))).toBe(false);
    expect(journal(repo)).not.toContain('bad-child');
  });

  it('prints grouped log sections in GitHub Actions', () => {
    const res = kiln(['build', 'base', '--output', repo.out], {
      cwd: repo.dir,
      env: { ...repo.env, GITHUB_ACTIONS: 'true' },
    });
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/::group::base\/amd64 log\n[\s\S]*building base for amd64[\s\S]*::endgroup::/);
  });

  it('names the Debian package when packer is not installed', () => {
    const bin = join(repo.dir, 'bin');
    mkdirSync(bin);
    symlinkSync('/usr/bin/git', join(bin, 'git'));
    const res = kiln(['build', 'base', '--output', repo.out], {
      cwd: repo.dir,
      env: { ...repo.env, PATH: bin },
    });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(
      'running packer: program not found; install it with: apt-get install --no-install-recommends packer',
    );
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects bad usage with exit 2 before building anything', () => {
    expect(kiln(['build', '--output', repo.out], { cwd: repo.dir, env: repo.env }).code).toBe(2);
    const unknown = kiln(['build', 'nope', '--output', repo.out], { cwd: repo.dir, env: repo.env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown image 'nope'");
    expect(kiln(['build', 'base', '-t', 'x'], { cwd: repo.dir, env: repo.env }).code).toBe(2);
    expect(journal(repo)).toEqual([]);
  });
});

describe('kiln build with artifacts', () => {
  const content = Buffer.from('an artifact too awkward to fetch at build time\n');
  const sha = createHash('sha256').update(content).digest('hex');
  let server: Server;
  let url: string;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      if (req.url === '/runfile') res.end(content);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/runfile`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const yaml = (sha256: string) => `defaults:
  architectures: [amd64]
  builders: { dib: "3.13.0", packer: "1.6.6" }
images:
  base:
    builder: packer
    template: packer/disk.pkr.hcl
    var_files: [common]
    artifacts:
      KILN_TEST_ARTIFACT: { url: "${url}", sha256: "${sha256}" }
`;

  it('downloads once, verifies, and exports the local path under the variable name', async () => {
    const repo = makeRepo(yaml(sha));
    hits = 0;
    const res = await kilnAsync(['build', 'base', '--output', repo.out], { cwd: repo.dir, env: repo.env });
    expect(res.code).toBe(0);
    const log = readFileSync(join(repo.out, 'base/amd64/build.log'), 'utf8');
    expect(log).toContain(`artifact: ${join(repo.dir, '.kiln-cache/artifacts/sha256', sha)}`);
    expect(readFileSync(join(repo.dir, '.kiln-cache/artifacts/sha256', sha))).toEqual(content);
    expect(hits).toBe(1);
    const again = await kilnAsync(['build', 'base', '-f', '--output', repo.out], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(again.code).toBe(0);
    expect(hits).toBe(1);
  });

  it('fails the image naming both hashes when the download does not match', async () => {
    const wrong = 'ab'.repeat(32);
    const repo = makeRepo(yaml(wrong));
    const res = await kilnAsync(['build', 'base', '--output', repo.out], { cwd: repo.dir, env: repo.env });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`expected ${wrong} (from the config) but the download has ${sha}`);
    expect(journal(repo)).toEqual([]);
    expect(existsSync(join(repo.dir, '.kiln-cache/artifacts/sha256', wrong))).toBe(false);
  });
});

describe('kiln build without DIB installed', () => {
  it('names the Debian package that provides disk-image-create', () => {
    const repo = makeRepo(`defaults:
  architectures: [amd64]
  builders: { dib: "3.13.0", packer: "1.6.6" }
images:
  plain:
    elements: [debian-minimal, vm]
`);
    const bin = join(repo.dir, 'bin');
    mkdirSync(bin);
    symlinkSync('/usr/bin/git', join(bin, 'git'));
    const res = kiln(['build', 'plain', '--output', repo.out], {
      cwd: repo.dir,
      env: { ...repo.env, PATH: bin },
    });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(
      'running disk-image-create: program not found; install it with: apt-get install --no-install-recommends python3-diskimage-builder',
    );
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
