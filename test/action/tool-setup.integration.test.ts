// Tool setup: Packer through the real @actions/tool-cache from a local HTTP server serving a release
// zip (download, extract, cache, PATH; the second time from the tool cache without a download), and
// the DIB and qemu checks' answers when the runner cannot install packages (or may, through sudo).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupDib, setupPacker, setupQemu } from '../../src/action/tool-setup.js';
import { BOOT_TEST_TOOLS } from '../../src/debian-packages.js';
import { WorldError } from '../../src/errors.js';
import { run, type Runner } from '../../src/exec.js';
import { silentLogger } from '../../src/log.js';
import { MACHINES } from '../../src/verify/qemu-machine.js';
import { DIB, describeIfInstalled, itIfInstalled } from '../support/requires.js';

// A release zip is made with zip; @actions/tool-cache extracts it with unzip.
describeIfInstalled(['zip', 'unzip'])('packer through @actions/tool-cache', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  let work: string;
  const savedPath = process.env.PATH;

  beforeAll(async () => {
    work = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'tools-'));
    // A stand-in release: a zip holding a `packer` that reports its version like the real one.
    const pkg = join(work, 'pkg');
    mkdirSync(pkg);
    writeFileSync(join(pkg, 'packer'), '#!/bin/sh\necho "Packer v9.8.7"\n');
    chmodSync(join(pkg, 'packer'), 0o755);
    execFileSync('zip', ['-q', '-j', join(work, 'packer.zip'), join(pkg, 'packer')]);
    const zip = readFileSync(join(work, 'packer.zip'));
    server = createServer((req, res) => {
      requests.push(req.url!);
      if (req.url === '/packer/9.8.7/packer_9.8.7_linux_amd64.zip') res.writeHead(200).end(zip);
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    mkdirSync(join(work, 'tool-cache'));
    mkdirSync(join(work, 'temp'));
    process.env.RUNNER_TOOL_CACHE = join(work, 'tool-cache');
    process.env.RUNNER_TEMP = join(work, 'temp');
    // core.addPath also appends to GITHUB_PATH for later steps.
    process.env.GITHUB_PATH = join(work, 'github_path');
    writeFileSync(process.env.GITHUB_PATH, '');
  });
  afterAll(async () => {
    process.env.PATH = savedPath;
    await new Promise((r) => server.close(r));
  });

  const url = () => `${base}/packer/{version}/packer_{version}_linux_{arch}.zip`;

  it('downloads, caches and puts on PATH the pinned version, then reuses the tool cache', async () => {
    const dir = await setupPacker({
      version: '9.8.7',
      url: url(),
      runner: run,
      logger: silentLogger,
      arch: 'x64',
    });
    expect(dir).toBe(join(work, 'tool-cache/packer/9.8.7/amd64'));
    expect(requests).toEqual(['/packer/9.8.7/packer_9.8.7_linux_amd64.zip']);
    expect(execFileSync('packer', ['version'], { encoding: 'utf8' })).toContain('9.8.7');
    expect(readFileSync(process.env.GITHUB_PATH!, 'utf8')).toContain(dir);

    process.env.PATH = savedPath;
    const again = await setupPacker({
      version: '9.8.7',
      url: url(),
      runner: run,
      logger: silentLogger,
      arch: 'x64',
    });
    expect(again).toBe(dir);
    expect(requests).toHaveLength(1);
  });

  itIfInstalled(['packer'])('leaves a packer already on PATH at the right version alone', async () => {
    process.env.PATH = savedPath;
    const installed = /(\d+\.\d+\.\d+)/.exec(execFileSync('packer', ['version'], { encoding: 'utf8' }))![1];
    const before = requests.length;
    expect(await setupPacker({ version: installed, url: url(), runner: run, logger: silentLogger })).toBe('');
    expect(requests).toHaveLength(before);
  });

  it('says what it was downloading when the release does not exist', async () => {
    const err = await setupPacker({
      version: '0.0.1',
      url: url(),
      runner: run,
      logger: silentLogger,
      arch: 'x64',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorldError);
    expect((err as Error).message).toMatch(
      /downloading packer 0\.0\.1.*packer_0\.0\.1_linux_amd64\.zip.*404/s,
    );
  });
});

describe('DIB setup', () => {
  // The runner's answers for a host without DIB: only `sudo` decides what happens next.
  const host =
    (sudoOk: boolean, calls: string[][]): Runner =>
    async (cmd, args) => {
      calls.push([cmd, ...args]);
      if (cmd === 'sudo' && args[1] === 'true')
        return { code: sudoOk ? 0 : 1, signal: null, stdout: '', stderr: '' };
      if (cmd === 'disk-image-create' || cmd === 'qemu-img') {
        throw new WorldError({ doing: `running ${cmd}`, answer: 'program not found' });
      }
      return { code: 0, signal: null, stdout: '', stderr: '' };
    };

  it('explains what to install when the runner is neither root nor a sudoer', async () => {
    const calls: string[][] = [];
    const err = await setupDib({ runner: host(false, calls), logger: silentLogger, isRoot: false }).catch(
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(WorldError);
    expect((err as Error).message).toContain('not root and has no password-less sudo');
    expect((err as Error).message).toContain(
      'apt-get install --no-install-recommends python3-diskimage-builder qemu-utils',
    );
    expect(calls.some((c) => c.includes('apt-get'))).toBe(false);
  });

  it('installs through sudo when it may', async () => {
    const calls: string[][] = [];
    await setupDib({ runner: host(true, calls), logger: silentLogger, isRoot: false });
    const apt = calls.filter((c) => c.includes('apt-get'));
    expect(apt[0]).toEqual(['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'update']);
    expect(apt[1]).toContain('python3-diskimage-builder');
  });

  itIfInstalled(DIB)('warns when the installed DIB differs from the pinned one', async () => {
    const warnings: string[] = [];
    await setupDib({
      version: '9.9.9',
      runner: run,
      logger: { ...silentLogger, warn: (m) => void warnings.push(m) },
      isRoot: true,
    });
    expect(warnings.join('\n')).toMatch(/pins DIB 9\.9\.9 but this runner has \d+\.\d+\.\d+/);
  });
});

describe('qemu setup for the test stage', () => {
  const work = () => mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'qemu-setup-'));
  /** A PATH folder holding executable stand-ins named `programs`. */
  const binDir = (programs: string[]) => {
    const dir = work();
    for (const p of programs) {
      writeFileSync(join(dir, p), '#!/bin/sh\nexit 0\n');
      chmodSync(join(dir, p), 0o755);
    }
    return dir;
  };
  /** The runner: answers `sudo -n true`, records apt calls, and runs `onInstall` for `apt-get install`. */
  const host =
    (sudoOk: boolean, calls: string[][], onInstall = () => {}): Runner =>
    async (cmd, args) => {
      calls.push([cmd, ...args]);
      if (cmd === 'sudo' && args[1] === 'true')
        return { code: sudoOk ? 0 : 1, signal: null, stdout: '', stderr: '' };
      if (args.includes('install')) onInstall();
      return { code: 0, signal: null, stdout: '', stderr: '' };
    };

  it('says what to install where the runner lacks root, installing nothing', async () => {
    const calls: string[][] = [];
    const err = await setupQemu({
      arches: ['amd64', 'arm64'],
      runner: host(false, calls),
      logger: silentLogger,
      isRoot: false,
      env: { PATH: binDir([]) },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorldError);
    const message = (err as Error).message;
    expect(message).toContain(
      'qemu-system-x86_64, qemu-system-aarch64, UEFI firmware for arm64 guests missing',
    );
    expect(message).toContain('not root and has no password-less sudo');
    expect(message).toContain(
      'apt-get install --no-install-recommends qemu-utils cloud-image-utils e2fsprogs qemu-system-x86 qemu-system-arm qemu-efi-aarch64',
    );
    expect(calls.some((c) => c.includes('apt-get'))).toBe(false);
  });

  it('installs only the missing UEFI firmware for arm64 guests, through sudo', async () => {
    const calls: string[][] = [];
    const firmwareDir = work();
    const machines = {
      ...MACHINES,
      arm64: { ...MACHINES.arm64, firmwareCandidates: [join(firmwareDir, 'QEMU_EFI.fd')] },
    };
    await setupQemu({
      arches: ['arm64'],
      runner: host(true, calls, () => writeFileSync(join(firmwareDir, 'QEMU_EFI.fd'), '')),
      logger: silentLogger,
      isRoot: false,
      env: { PATH: binDir(['qemu-img', 'cloud-localds', 'debugfs', 'qemu-system-aarch64']) },
      machines,
    });
    const apt = calls.filter((c) => c.includes('apt-get'));
    expect(apt).toEqual([
      ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'update'],
      [
        'sudo',
        '-n',
        'env',
        'DEBIAN_FRONTEND=noninteractive',
        'apt-get',
        'install',
        '-y',
        '--no-install-recommends',
        'qemu-efi-aarch64',
      ],
    ]);
  });

  it('fails clearly when the emulator is still missing after apt-get', async () => {
    const err = await setupQemu({
      arches: ['arm64'],
      runner: host(true, []),
      logger: silentLogger,
      isRoot: true,
      env: { PATH: binDir(['qemu-img', 'cloud-localds', 'debugfs']) },
      machines: { ...MACHINES, arm64: { ...MACHINES.arm64, firmwareCandidates: [] } },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorldError);
    expect((err as Error).message).toMatch(
      /installing qemu-system-arm.*qemu-system-aarch64 still not on PATH/s,
    );
  });

  itIfInstalled([...BOOT_TEST_TOOLS, MACHINES.amd64.binary])(
    'touches nothing when this host already has what the amd64 boot test needs',
    async () => {
      const calls: string[][] = [];
      await setupQemu({
        arches: ['amd64'],
        runner: host(true, calls),
        logger: silentLogger,
        isRoot: true,
        env: process.env,
      });
      expect(calls).toEqual([]);
    },
  );
});
