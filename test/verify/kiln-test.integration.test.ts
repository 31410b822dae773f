// `kiln test` end to end on the shared real Debian image (built once by DIB, see
// test/support/debian-image.ts), through the bundled CLI: it boots under TCG with kiln's NoCloud seed
// and passes a guest command; a kernel-less copy fails with the console in the message; a forbidden
// file, a missing required file and a truncated qcow2 fail the static checks without a boot; an arm64
// record is skipped when qemu-system-aarch64 is absent. Every result lands in record.json.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  readdirSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RECORD_FILE, type BuildRecord } from '../../src/record/record.js';
import { loadConfig } from '../../src/config/load.js';
import { run, type RunResult, type Runner } from '../../src/exec.js';
import { BOOT_TEST_TOOLS } from '../../src/debian-packages.js';
import { silentLogger } from '../../src/log.js';
import { testImages } from '../../src/verify/test-images.js';
import { kiln } from '../support/cli.js';
import { debianImage, TEST_IMAGE_NAME, writeTestRepo, type DebianImage } from '../support/debian-image.js';
import { DIB, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DIB, ...BOOT_TEST_TOOLS, 'qemu-system-x86_64']);

const BOOT_TEST_TIMEOUT_MS = 420_000;

let image: DebianImage;
let work: string;

/** images.yaml for the fixture image with the given `test:` block (YAML, indented under the image). */
function imagesYaml(test: string, arches = '[amd64]'): string {
  return `defaults:
  architectures: ${arches}
  disk_format: qcow2
images:
  ${TEST_IMAGE_NAME}:
    builder: dib
    elements: [debian-minimal, vm, kiln-common, kiln-test-marker]
    env: { DIB_RELEASE: bookworm }
    test:
${test
  .trim()
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
`;
}

async function repoWith(name: string, yaml: string): Promise<string> {
  const repo = join(work, name, 'repo');
  await writeTestRepo(repo, yaml);
  return repo;
}

/** A private copy of the fixture's build output (record + image) as `<out>/<name>/<arch>/`. */
function copyBuild(name: string, arch = 'amd64'): { out: string; dir: string } {
  const out = join(work, name, 'out');
  const dir = join(out, TEST_IMAGE_NAME, arch);
  mkdirSync(dir, { recursive: true });
  cpSync(image.imagePath, join(dir, image.record.file));
  writeRecord(dir, { ...image.record, arch: arch as BuildRecord['arch'] });
  return { out, dir };
}

function writeRecord(dir: string, record: BuildRecord): void {
  writeFileSync(join(dir, RECORD_FILE), JSON.stringify(record, null, 2));
}

function readRecord(dir: string): BuildRecord {
  return JSON.parse(readFileSync(join(dir, RECORD_FILE), 'utf8')) as BuildRecord;
}

/**
 * Replaces the copy's qcow2 by a raw image whose root filesystem was changed with debugfs; `edit`
 * gets a directory lister and returns the debugfs commands.
 */
function editedRawCopy(dir: string, edit: (ls: (path: string) => string[]) => string[]): void {
  const raw = join(dir, 'disk.raw');
  const qcow2 = join(dir, image.record.file);
  execFileSync('qemu-img', ['convert', '-O', 'raw', qcow2, raw]);
  rmSync(qcow2);
  const start = execFileSync('partx', ['--raw', '--noheadings', '-o', 'START', '-n', '1', raw], {
    encoding: 'utf8',
  });
  const fs = `${raw}?offset=${Number(start.trim()) * 512}`;
  const ls = (path: string) =>
    execFileSync('debugfs', ['-R', `ls -p ${path}`, fs], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .split('\n')
      .map((l) => l.split('/')[5])
      .filter((n) => n && n !== '.' && n !== '..');
  execFileSync('debugfs', ['-w', '-f', '-', fs], {
    input: edit(ls).join('\n') + '\n',
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  const size = statSync(raw).size;
  writeRecord(dir, { ...readRecord(dir), format: 'raw', file: 'disk.raw', size, virtual_size: size });
}

beforeAll(async () => {
  image = await debianImage();
  work = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR ?? '/tmp', 'verify-e2e-'));
});
// Each case holds a copy of the image (and some a raw one): gigabytes per run.
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('kiln test on a real image', () => {
  it(
    'boots the image under TCG with the seed, checks `uname -m`, and records "passed"',
    async () => {
      // A space and a comma in the output path: qemu reads commas in its options as separators.
      const repo = await repoWith(
        'boot ok,1',
        imagesYaml(`boot:\n  timeout: 300\n  commands:\n    - { run: uname -m, expect: "^x86_64$" }`),
      );
      const { out, dir } = copyBuild('boot ok,1');
      const res = kiln(['test', TEST_IMAGE_NAME, '--output', out], {
        cwd: repo,
        env: { KILN_QEMU_ACCEL: 'tcg' },
      });
      expect(res.stderr).toContain('static checks passed');
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(
        new RegExp(`^${TEST_IMAGE_NAME}\tamd64\tpassed\tbooted under tcg in \\d+ s`),
      );
      const test = readRecord(dir).test!;
      expect(test.status).toBe('passed');
      expect(test.details).toContain('cloud-init ran the smoke-test seed');
      expect(test.details).toContain('uname -m -> "x86_64"');
      expect(Date.now() - Date.parse(test.at)).toBeLessThan(3600_000);
      expect(readFileSync(join(dir, 'console.log'), 'utf8')).toContain('Linux version');
    },
    BOOT_TEST_TIMEOUT_MS,
  );

  it(
    'fails a copy without its kernel, showing the console in the result',
    async () => {
      const repo = await repoWith('no-kernel', imagesYaml('boot: { timeout: 60 }'));
      const { out, dir } = copyBuild('no-kernel');
      editedRawCopy(dir, (ls) => {
        const kernels = ls('/boot').filter((n) => n.startsWith('vmlinuz'));
        expect(kernels.length).toBeGreaterThan(0);
        return kernels.map((k) => `rm /boot/${k}`);
      });
      const res = kiln(['test', TEST_IMAGE_NAME, '--output', out], {
        cwd: repo,
        env: { KILN_QEMU_ACCEL: 'tcg' },
      });
      expect(res.code).toBe(1);
      // GRUB's own "Failed to boot" ends the test at once instead of at the timeout.
      expect(res.stdout).toMatch(
        /\tfailed\tboot under tcg failed: the console shows a failed boot after \d+ s/,
      );
      const test = readRecord(dir).test!;
      expect(test.status).toBe('failed');
      expect(test.details).toContain(
        '- the boot failed: "Failed to boot both default and fallback entries."',
      );
      expect(test.details).toContain("cloud-init never ran kiln's smoke-test seed");
      expect(test.details).toMatch(/last \d+ console lines/);
      expect(test.details).toMatch(/\| error: file `\/boot\/vmlinuz-\S+' not found/);
      expect(res.stderr).toContain('GRUB');
    },
    BOOT_TEST_TIMEOUT_MS,
  );
});

describe('kiln test aborted', () => {
  it(
    'stops qemu, removes its scratch files and leaves the record untouched',
    async () => {
      const repo = await repoWith('abort', imagesYaml('boot: { timeout: 300 }'));
      const { out, dir } = copyBuild('abort');
      const tmpDir = join(work, 'abort', 'tmp');
      mkdirSync(tmpDir);
      const stop = new AbortController();
      const qemuRuns: Promise<RunResult>[] = [];
      const runner: Runner = (cmd, args, options) => {
        const running = run(cmd, args, options);
        if (cmd === 'qemu-system-x86_64') {
          qemuRuns.push(running);
          setTimeout(() => stop.abort(), 3000);
        }
        return running;
      };
      const config = await loadConfig({ cwd: repo, env: {} });
      const testing = testImages(
        { names: [TEST_IMAGE_NAME], output: out, accel: 'tcg' },
        { config, runner, logger: silentLogger, env: process.env, signal: stop.signal, tmpDir },
      );
      await expect(testing).rejects.toThrow(/boot smoke test .*: aborted/);
      expect(qemuRuns).toHaveLength(1);
      // Resolved means qemu's process has exited.
      await expect(qemuRuns[0]).resolves.toBeDefined();
      expect(readdirSync(tmpDir)).toEqual([]);
      expect(readRecord(dir).test).toBeUndefined();
    },
    BOOT_TEST_TIMEOUT_MS,
  );
});

describe('kiln test static checks (no boot)', () => {
  it('names a forbidden file added to the image and a missing required file', async () => {
    const repo = await repoWith(
      'static-files',
      imagesYaml('required_files: [/etc/kiln/test-marker, /etc/kiln/not-there]\nboot: { timeout: 60 }'),
    );
    const { out, dir } = copyBuild('static-files');
    const key = join(work, 'static-files', 'host_key');
    writeFileSync(key, '-----BEGIN OPENSSH PRIVATE KEY-----\n');
    // debian-minimal has no /etc/ssh; mkdir fails harmlessly where it exists.
    editedRawCopy(dir, () => ['mkdir /etc/ssh', `write ${key} /etc/ssh/ssh_host_rsa_key`]);
    const res = kiln(['test', TEST_IMAGE_NAME, '--output', out], { cwd: repo });
    expect(res.code).toBe(1);
    const test = readRecord(dir).test!;
    expect(test.status).toBe('failed');
    expect(test.details.split('\n')).toEqual([
      'static checks failed (boot not attempted):',
      '- required file missing: /etc/kiln/not-there',
      '- forbidden file present: /etc/ssh/ssh_host_rsa_key (matches /etc/ssh/ssh_host_*_key)',
    ]);
    expect(res.stderr).not.toContain('booting');
  });

  it('catches a truncated qcow2', async () => {
    const repo = await repoWith('truncated', imagesYaml('boot: { timeout: 60 }'));
    const { out, dir } = copyBuild('truncated');
    const file = join(dir, image.record.file);
    truncateSync(file, Math.floor(image.record.size / 2));
    writeRecord(dir, { ...readRecord(dir), size: statSync(file).size });
    const res = kiln(['test', TEST_IMAGE_NAME, '--output', out], { cwd: repo });
    expect(res.code).toBe(1);
    const test = readRecord(dir).test!;
    expect(test.status).toBe('failed');
    expect(test.details).toMatch(
      /^static checks failed \(boot not attempted\):\n- qemu-img check failed \(exit 2\): [1-9]\d* corruptions/,
    );
    expect(test.details).toContain('file checks not run');
  });

  it('skips the boot of an arm64 image when qemu-system-aarch64 is not installed', async () => {
    const repo = await repoWith('arm64', imagesYaml('boot: { timeout: 60 }', '[amd64, arm64]'));
    const { out, dir } = copyBuild('arm64', 'arm64');
    // A PATH with only the programs the static checks need, so that qemu-system-aarch64 is absent.
    const bin = join(work, 'arm64', 'bin');
    mkdirSync(bin);
    for (const p of ['qemu-img', 'debugfs']) {
      symlinkSync(execFileSync('sh', ['-c', `command -v ${p}`], { encoding: 'utf8' }).trim(), join(bin, p));
    }
    const res = kiln(['test', TEST_IMAGE_NAME, '--output', out], { cwd: repo, env: { PATH: bin } });
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(
      `${TEST_IMAGE_NAME}\tarm64\tskipped\tnot tested: qemu-system-aarch64 not installed\n`,
    );
    expect(readRecord(dir).test).toMatchObject({ status: 'skipped' });
  });
});

describe('kiln test bad input (exit 2, nothing run)', () => {
  it('points at the image for an invalid marker regex and names unknown images and missing records', async () => {
    const repo = await repoWith('bad-input', imagesYaml('boot: { marker: "login(" }'));
    const { out, dir } = copyBuild('bad-input');
    const bad = kiln(['test', TEST_IMAGE_NAME, '--output', out], { cwd: repo });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /config\/images\.yaml:\d+:\d+: not a valid regular expression: \/login\(\/: Unterminated group/,
    );
    expect(readRecord(dir).test).toBeUndefined();

    const okRepo = await repoWith('bad-input-2', imagesYaml('boot: { timeout: 60 }'));
    const unknown = kiln(['test', 'kiln-test-debain', '--output', out], { cwd: okRepo });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown image 'kiln-test-debain' (did you mean 'kiln-test-debian'?)");
    const none = kiln(['test', TEST_IMAGE_NAME, '--output', join(work, 'bad-input', 'empty')], {
      cwd: okRepo,
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('does not exist');
    expect(kiln(['test'], { cwd: okRepo }).code).toBe(2);
    const misplaced = copyBuild('bad-input-3');
    writeRecord(misplaced.dir, { ...readRecord(misplaced.dir), arch: 'arm64' });
    const moved = kiln(['test', TEST_IMAGE_NAME, '--output', misplaced.out], { cwd: okRepo });
    expect(moved.code).toBe(2);
    expect(moved.stderr).toMatch(
      /record\.json:1:1: build record is for kiln-test-debian \(arm64\) but sits in kiln-test-debian\/amd64\//,
    );
    expect(
      kiln(['test', TEST_IMAGE_NAME], { cwd: okRepo, env: { KILN_QEMU_ACCEL: 'fast' } }).stderr,
    ).toContain("KILN_QEMU_ACCEL must be auto, kvm, tcg, not 'fast'");
  });
});
