// SIGTERM to `kiln build` while DIB has the image's partitions mapped and mounted: kiln forwards it,
// waits for DIB to clean up, exits 1, and nothing of that build stays mounted or attached.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { CLI } from '../support/cli.js';
import { builderEnv, writeTestRepo } from '../support/debian-image.js';
import { DIB, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DIB]);

const YAML = `defaults:
  architectures: [amd64]
  builders: { dib: "3.13.0", packer: "1.6.6" }
images:
  kiln-sigterm:
    elements: [debian-minimal, vm]
    env: { DIB_RELEASE: bookworm, DIB_DEBOOTSTRAP_CACHE: "1", DIB_DEBIAN_USE_DEBOOTSTRAP_CACHE: "1" }
`;

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

describe('SIGTERM during a real DIB build', () => {
  let child: ChildProcess | undefined;
  // Never leave a build running (and its mounts) when the test fails early.
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child!.on('close', r));
      child.kill('SIGTERM');
      await gone;
    }
  });

  it(
    'stops the build and leaves no mounts or loop devices behind',
    async () => {
      const dir = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'sigterm-'));
      await writeTestRepo(dir, YAML);
      const logFile = join(dir, 'out/kiln-sigterm/amd64/build.log');
      child = spawn(process.execPath, [CLI, 'build', 'kiln-sigterm', '--output', join(dir, 'out')], {
        cwd: dir,
        env: builderEnv({ GITHUB_ACTIONS: '' }),
      });
      let stdout = '';
      child.stdout!.on('data', (d) => (stdout += d));
      child.stderr!.resume();
      const exited = new Promise<number | null>((r) => child!.on('close', (code) => r(code)));

      // Wait until the image is partitioned, mounted and being finalised.
      const deadline = Date.now() + 20 * 60_000;
      while (!/dib-run-parts Running \S+\/finalise\.d\//.test(read(logFile))) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`build never reached finalise.d:\n${read(logFile).slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 500));
      }
      const log = read(logFile);
      const buildDir = /Building in (\/\S+)/.exec(log)?.[1];
      const imageDir = /(\/\S*dib_image\.\w+)/.exec(log)?.[1];
      expect(buildDir).toBeDefined();
      expect(imageDir).toBeDefined();
      const mountsNow = read('/proc/mounts');
      expect(mountsNow).toContain(buildDir!);

      child!.kill('SIGTERM');
      const code = await exited;
      expect(code).toBe(1);
      expect(stdout).toMatch(
        /FAILED\s+kiln-sigterm\/amd64\s+building kiln-sigterm \(amd64\): disk-image-create (was stopped by SIGTERM|exited with status)/,
      );

      const mounts = read('/proc/mounts');
      expect(mounts).not.toContain(buildDir!);
      expect(mounts).not.toContain(imageDir!);
      const loops = execFileSync('losetup', ['--list', '--noheadings', '--output', 'NAME,BACK-FILE'], {
        encoding: 'utf8',
      });
      expect(loops).not.toContain(imageDir!);
    },
    30 * 60_000,
  );
});
