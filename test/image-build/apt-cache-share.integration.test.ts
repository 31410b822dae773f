// Two DIB builds of one architecture at once share kiln's DIB image cache, and DIB's dpkg element
// bind-mounts the same apt archive folder of it into both: apt then fails the second one ("Could not
// get lock /var/cache/apt/archives/lock", seen with two real builds on one machine). kiln gives the
// shared apt cache to one build at a time; another builds meanwhile without it. The builder here is a
// stand-in disk-image-create first on PATH that notes what it was given and waits for the go-ahead.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CLI } from '../support/cli.js';
import { standInProject } from '../support/stand-in-dib.js';
import { describeIfInstalled } from '../support/requires.js';

const STAND_IN = `#!/bin/bash
set -eu
while [ $# -gt 0 ]; do
  case "$1" in -o) out=$2; shift 2 ;; -t) fmt=$2; shift 2 ;; *) shift ;; esac
done
echo "$KILN_IMAGE_NAME apt-cache=\${DIB_APT_LOCAL_CACHE:-shared}" >> "$STAND_IN_STATE/seen"
while [ ! -e "$STAND_IN_STATE/go" ]; do sleep 0.1; done
qemu-img create -q -f "$fmt" "$out.$fmt" 1M
`;

const YAML = `defaults:
  architectures: [amd64]
  builders: { dib: "3.13.0", packer: "1.6.6" }
images:
  first:
    elements: [debian-minimal]
  second:
    elements: [debian-minimal]
`;

describeIfInstalled(['qemu-img'])('DIB builds running side by side', () => {
  it('give the shared apt cache to one build at a time', async () => {
    const { dir, state, cache, ...project } = standInProject('apt-cache-', YAML, STAND_IN);
    const env = { ...process.env, ...project.env };
    const seen = () => (existsSync(join(state, 'seen')) ? readFileSync(join(state, 'seen'), 'utf8') : '');
    const kilnBuild = async (args: string[]) => {
      const cli = spawn(process.execPath, [CLI, 'build', ...args, '--output', join(dir, 'out')], {
        cwd: dir,
        env,
      });
      let output = '';
      cli.stdout!.on('data', (d) => (output += d));
      cli.stderr!.on('data', (d) => (output += d));
      const [code] = (await once(cli, 'close')) as [number | null];
      return { code, output };
    };

    const both = kilnBuild(['first', 'second', '--threads', '2']);
    const deadline = Date.now() + 120_000;
    while (seen().split('\n').filter(Boolean).length < 2) {
      if (Date.now() > deadline) throw new Error(`both builds never started; seen: ${seen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    writeFileSync(join(state, 'go'), '');
    const { code, output } = await both;
    expect(code, output).toBe(0);
    expect(output).toMatch(/build summary: 2 built/);
    const lines = seen().trim().split('\n').sort();
    // Whichever started first holds the cache; the other goes without.
    expect(lines.map((l) => l.split(' ')[1]).sort()).toEqual(['apt-cache=0', 'apt-cache=shared']);
    const without = lines.find((l) => l.endsWith('apt-cache=0'))!.split(' ')[0];
    expect(output).toContain(
      `${without}/amd64: DIB's apt cache for amd64 is in use by another build: this build downloads its packages itself`,
    );
    expect(readdirSync(join(cache, 'locks'))).toEqual([]);

    // Released with the build: the next build has the cache again.
    writeFileSync(join(state, 'seen'), '');
    const again = await kilnBuild(['first', '--force']);
    expect(again.code, again.output).toBe(0);
    expect(seen()).toBe('first apt-cache=shared\n');
  }, 300_000);
});
