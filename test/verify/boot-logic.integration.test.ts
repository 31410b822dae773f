// The parts of the boot smoke test that need no guest: the first-boot script (run here with the
// host's sh, its "serial port" a file), reading its report back, the pass/fail decision, the console
// transcript, and the accelerator choice (the KVM probe sector booted for real under TCG).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ImageTestConfig } from '../../src/config/types.js';
import { run } from '../../src/exec.js';
import { accelPlan, probeBootSector } from '../../src/verify/accel.js';
import { BootExpectations } from '../../src/verify/boot-expectations.js';
import { onlyFirmwareOutput } from '../../src/verify/boot-smoke.js';
import { ConsoleTranscript } from '../../src/verify/console-transcript.js';
import { metaData, parseGuestLine, userData, type GuestCommand } from '../../src/verify/guest-script.js';
import { describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled(['qemu-system-x86_64']);

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR ?? '/tmp', 'verify-boot-logic-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const boot = (over: Partial<ImageTestConfig['boot']> = {}): ImageTestConfig['boot'] => ({
  enabled: true,
  timeout: 60,
  commands: [],
  ...over,
});

/** Runs the seed's script on this host with `tty` as the serial port; returns what it wrote there. */
function runSeedScript(nonce: string, commands: GuestCommand[]): string[] {
  const tty = join(work, `tty-${nonce}`);
  writeFileSync(tty, '');
  const config = parse(userData(nonce, tty, commands).replace(/^#cloud-config\n/, '')) as {
    write_files: { path: string; permissions: string; content: string }[];
    runcmd: string[][];
  };
  expect(config.runcmd).toEqual([['sh', config.write_files[0].path]]);
  expect(config.write_files[0].permissions).toBe('0700');
  const script = join(work, `script-${nonce}.sh`);
  writeFileSync(script, config.write_files[0].content);
  execFileSync('sh', [script]);
  return readFileSync(tty, 'utf8').split('\n').filter(Boolean);
}

describe('first-boot script and its report', () => {
  it('reports booted, each command with exit code and output, then done', () => {
    const commands = [
      { run: 'uname -m', expect: '.' },
      { run: "printf 'two\\nlines'; echo \"it's\" >&2; exit 3", expect: '.' },
    ];
    const lines = runSeedScript('abc123', commands);
    const events = lines.map((l) => parseGuestLine(`[   52.1] cloud-init[99]: ${l}`, 'abc123'));
    expect(events).toEqual([
      { kind: 'booted' },
      {
        kind: 'command',
        index: 0,
        rc: 0,
        output: execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim(),
      },
      { kind: 'command', index: 1, rc: 3, output: "two\nlinesit's" },
      { kind: 'done' },
    ]);
  });

  it('never contains its own tag, so an echo of the script cannot pass for the report', () => {
    const ud = userData('f00d', '/dev/ttyS0', [{ run: 'true', expect: '' }]);
    expect(ud).not.toContain('KILN-f00d');
    expect(parseGuestLine('KILN-f00d booted', 'beef')).toBeUndefined();
    expect(metaData('f00d')).toContain('instance-id: kiln-smoke-f00d');
  });
});

describe('boot expectations', () => {
  const nonce = 'n1';
  it('with cloud-init: passes when every command matched and the script finished', () => {
    const e = new BootExpectations(boot({ commands: [{ run: 'uname -m', expect: '^x86_64$' }] }), nonce);
    e.line(`KILN-${nonce} booted`);
    expect(e.complete).toBe(false);
    e.line(`KILN-${nonce} cmd 0 rc=0 out=${Buffer.from('x86_64\n').toString('base64')}`);
    e.line(`KILN-${nonce} done`);
    expect(e.complete).toBe(true);
    expect(e.failures()).toEqual([]);
    expect(e.summary()).toContain('uname -m -> "x86_64"');
  });

  it('fails a command whose output does not match, or that exits non-zero', () => {
    const e = new BootExpectations(
      boot({
        commands: [
          { run: 'uname -m', expect: '^x86_64$' },
          { run: 'systemctl is-active ssh', expect: 'active' },
        ],
      }),
      nonce,
    );
    e.line(`KILN-${nonce} booted`);
    e.line(`KILN-${nonce} cmd 0 rc=0 out=${Buffer.from('aarch64').toString('base64')}`);
    e.line(`KILN-${nonce} cmd 1 rc=3 out=${Buffer.from('inactive').toString('base64')}`);
    e.line(`KILN-${nonce} done`);
    expect(e.failures()).toEqual([
      'command "uname -m" exited 0 with output "aarch64", expected exit 0 and /^x86_64$/',
      'command "systemctl is-active ssh" exited 3 with output "inactive", expected exit 0 and /active/',
    ]);
  });

  it('without cloud-init: waits for a login prompt that has no newline yet', () => {
    const e = new BootExpectations(boot(), undefined);
    e.line('Debian GNU/Linux 12 debian ttyS0');
    expect(e.complete).toBe(false);
    e.partial('debian login: ');
    expect(e.complete).toBe(true);
    expect(e.failures()).toEqual([]);
  });

  it('without cloud-init: commands cannot run, and says why', () => {
    const e = new BootExpectations(
      boot({ marker: 'Reached target', commands: [{ run: 'true', expect: '' }] }),
      undefined,
    );
    e.line('[  OK  ] Reached target multi-user.target');
    expect(e.failures()).toEqual([
      'test.boot.commands need cloud-init in the image to run them, and the image has none',
    ]);
  });

  it('ends the boot at once on a terminal console message', () => {
    const e = new BootExpectations(boot(), nonce);
    e.line("error: file `/boot/vmlinuz-6.1.0-56-amd64' not found.");
    expect(e.complete).toBe(false);
    e.line('  Failed to boot both default and fallback entries.');
    expect(e.complete).toBe(true);
    expect(e.failures()[0]).toBe('the boot failed: "Failed to boot both default and fallback entries."');
  });

  it('reports a seed that never ran', () => {
    const e = new BootExpectations(boot(), nonce);
    e.line('[  OK  ] Reached target multi-user.target - Multi-User System.');
    expect(e.complete).toBe(false);
    expect(e.failures()).toEqual([
      "cloud-init never ran kiln's smoke-test seed (no report on the serial console)",
    ]);
  });
});

describe('console transcript', () => {
  it('strips escape sequences and CRs, keeps the last lines, and joins split chunks', () => {
    const t = new ConsoleTranscript(3);
    expect(t.feed('\x1bc\x1b[?7l\x1b[2J\x1b[0mSeaBIOS (version 1.16)\r\nline 2\r\nli')).toEqual([
      'SeaBIOS (version 1.16)',
      'line 2',
    ]);
    expect(t.currentLine).toBe('li');
    t.feed('ne 3\r\n\x1b[');
    t.feed('1;1Hdebian login: ');
    expect(t.lastLines()).toEqual(['line 2', 'line 3', 'debian login: '].slice(-3));
  });
});

describe('accelerator choice', () => {
  it('uses what was asked for, and TCG for a guest of another architecture', async () => {
    const probe = async () => true;
    expect(await accelPlan('tcg', 'amd64', probe)).toEqual(['tcg']);
    expect(await accelPlan('kvm', 'amd64', probe)).toEqual(['kvm']);
    expect(await accelPlan('auto', 'arm64', probe, 'x64')).toEqual(['tcg']);
    expect(await accelPlan('auto', 'amd64', probe, 'arm64')).toEqual(['tcg']);
  });

  it('tells a guest silent past the firmware (broken KVM) from one that booted', () => {
    expect(onlyFirmwareOutput([])).toBe(true);
    expect(
      onlyFirmwareOutput(['SeaBIOS (version 1.16.2-debian-1.16.2-1)', '', 'Booting from Hard Disk..']),
    ).toBe(true);
    expect(onlyFirmwareOutput(['SeaBIOS (version 1.16.2)', 'GNU GRUB  version 2.06-13+deb12u2'])).toBe(false);
    expect(onlyFirmwareOutput(['[    0.000000] Linux version 6.1.0-56-amd64'])).toBe(false);
  });

  it('the KVM probe sector prints its line when booted (here under TCG)', async () => {
    const disk = join(work, 'probe.img');
    writeFileSync(disk, probeBootSector());
    const stop = new AbortController();
    let seen = '';
    const timer = setTimeout(() => stop.abort(), 60_000);
    await run(
      'qemu-system-x86_64',
      [
        '-machine',
        'pc',
        '-accel',
        'tcg',
        '-m',
        '16',
        '-nodefaults',
        '-display',
        'none',
        '-no-reboot',
        '-serial',
        'stdio',
        '-drive',
        `file=${disk},format=raw,if=ide`,
      ],
      {
        signal: stop.signal,
        killGraceSeconds: 2,
        onLine: (l) => {
          if (l.includes('KILN-KVM-PROBE-OK')) {
            seen = l;
            stop.abort();
          }
        },
      },
    );
    clearTimeout(timer);
    expect(seen).toContain('KILN-KVM-PROBE-OK');
  });
});
