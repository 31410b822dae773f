// One table says which Debian package provides each program: the action's setup, the missing-program
// message and scripts/setup-host.sh all read it, so each program kiln runs must be in it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOOT_TEST_TOOLS, IMAGE_BUILDER_PACKAGES, packageOf } from '../src/debian-packages.js';
import { missingProgramHint } from '../src/exec.js';
import { MACHINES } from '../src/verify/qemu-machine.js';

describe('Debian packages of the programs kiln runs', () => {
  it('names the package of every boot-test tool and emulator', () => {
    for (const program of [...BOOT_TEST_TOOLS, ...Object.values(MACHINES).map((m) => m.binary)])
      expect(packageOf(program), program).toMatch(/^[a-z0-9][a-z0-9.+-]+$/);
  });

  it('tells how to install a missing program from the table, and only what it knows', () => {
    expect(missingProgramHint('qemu-img')).toContain('apt-get install --no-install-recommends qemu-utils');
    expect(missingProgramHint('no-such-tool')).toBe('install no-such-tool and make sure it is on PATH');
  });

  it('is what scripts/setup-host.sh installs', () => {
    const script = readFileSync('scripts/setup-host.sh', 'utf8');
    const reader = /node -e '([\s\S]*?)' "/.exec(script)![1];
    const listed = execFileSync(
      process.execPath,
      ['-e', reader, `${process.cwd()}/src/debian-packages.json`],
      {
        encoding: 'utf8',
      },
    ).split('\n');
    for (const pkg of [...IMAGE_BUILDER_PACKAGES, packageOf('disk-image-create')!, packageOf('packer')!])
      expect(listed).toContain(pkg);
  });
});
