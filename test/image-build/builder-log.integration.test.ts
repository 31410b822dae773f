// A builder writes its output straight into its log file, which kiln follows: kiln can die outright
// (SIGKILL, the OOM killer) and the builder still finishes, logs and runs its own cleanup instead of
// dying of SIGPIPE half-way; the next `kiln build` builds again rather than taking its leftovers.
// The builder here is a stand-in `disk-image-create` script first on PATH (DIB itself is exercised
// by dib-build and dib-sigterm); kiln is the bundled CLI in a real process.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withoutCredentials } from '../../src/image-build/driver-run.js';
import { run } from '../../src/exec.js';
import { CLI, kiln } from '../support/cli.js';
import { standInProject } from '../support/stand-in-dib.js';
import { describeIfInstalled } from '../support/requires.js';

const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');

async function until(what: string, ok: () => boolean, detail: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}\n${detail()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('exec run() with a log file', () => {
  it('lets the program write both streams into the file and reports every line from it', async () => {
    const dir = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'exec-log-'));
    const logFile = join(dir, 'build.log');
    writeFileSync(logFile, 'from an earlier run\n');
    const seen: string[] = [];
    const script =
      'for i in 1 2 3; do echo "out $i"; echo "err $i" >&2; sleep 0.1; done; printf "no newline"';
    const res = await run('bash', ['-c', script], { logFile, onLine: (l) => seen.push(l), maxBuffer: 16 });

    expect(res.code).toBe(0);
    const written = ['out 1', 'err 1', 'out 2', 'err 2', 'out 3', 'err 3', 'no newline'];
    expect(read(logFile)).toBe(`from an earlier run\n${written.join('\n')}`);
    // Only what this run wrote, in order, the unterminated last line included.
    expect(seen).toEqual(written);
    expect(res.stdout).toBe('err 3\nno newline');
    expect(res.stderr).toBe('');
  });

  it('reports a missing program as such, not as a log file problem', async () => {
    const dir = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'exec-log-'));
    await expect(run('kiln-no-such-program', [], { logFile: join(dir, 'x.log') })).rejects.toThrow(
      /program not found/,
    );
  });
});

describe('builder environment', () => {
  it('carries no credentials, and everything else', () => {
    const env = withoutCredentials({
      PATH: '/usr/bin',
      DIB_RELEASE: 'bookworm',
      KILN_HOST_MIRRORS: '1',
      OS_PASSWORD: 'x',
      OS_APPLICATION_CREDENTIAL_SECRET: 'x',
      OS_APPLICATION_CREDENTIAL_ID: 'x',
      OS_TOKEN: 'x',
      GITHUB_TOKEN: 'x',
      ACTIONS_RUNTIME_TOKEN: 'x',
      AWS_SECRET_ACCESS_KEY: 'x',
      DIB_DEV_USER_PASSWORD: 'x',
      my_api_key: 'x',
    });
    expect(env).toEqual({ PATH: '/usr/bin', DIB_RELEASE: 'bookworm', KILN_HOST_MIRRORS: '1' });
  });
});

// Stands in for disk-image-create: logs a DIB phase, waits for the test's go-ahead, then writes a lot
// more (a dead reader on a pipe would kill it with SIGPIPE at the first of these lines), the image,
// and on exit runs its "cleanup", which records its exit status.
const STAND_IN = `#!/bin/bash
set -eu
while [ $# -gt 0 ]; do
  case "$1" in -o) out=$2; shift 2 ;; -t) fmt=$2; shift 2 ;; *) shift ;; esac
done
trap 'rc=$?; echo "cleanup: unmounted, loop devices detached"; echo "$rc" > "$STAND_IN_STATE/cleanup"' EXIT
echo $$ > "$STAND_IN_STATE/pid"
env > "$STAND_IN_STATE/env"
echo "dib-run-parts Running /tmp/dib/hooks/root.d/10-stand-in"
while [ ! -e "$STAND_IN_STATE/go" ]; do sleep 0.1; done
for i in $(seq 1 3000); do echo "finishing line $i of 3000"; done
qemu-img create -q -f "$fmt" "$out.$fmt" 1M
echo "image written"
`;

const IMAGES_YAML = `defaults:
  builders: { dib: "3.13.0", packer: "1.6.6" }
images:
  stand-in:
    elements: [debian-minimal]
    env: { DIB_RELEASE: bookworm }
`;

const setup = () => {
  const project = standInProject('builder-log-', IMAGES_YAML, STAND_IN);
  return { ...project, env: { ...project.env, OS_PASSWORD: 'kiln-test-secret-password' } };
};

describeIfInstalled(['qemu-img'])('kiln killed with SIGKILL mid-build', () => {
  let standIn: number | undefined;
  let cli: ChildProcess | undefined;
  afterEach(() => {
    for (const pid of [standIn && -standIn, cli?.pid]) {
      try {
        if (pid) process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  });

  it('leaves the builder to finish and clean up; the next build builds again', async () => {
    const s = setup();
    const logFile = join(s.out, 'stand-in', 'amd64', 'build.log');
    cli = spawn(process.execPath, [CLI, 'build', 'stand-in', '--output', s.out], {
      cwd: s.dir,
      env: { ...process.env, ...s.env },
    });
    let stderr = '';
    cli.stderr!.on('data', (d) => (stderr += d));
    cli.stdout!.resume();
    const died = new Promise<NodeJS.Signals | null>((r) => cli!.on('close', (_c, sig) => r(sig)));

    // kiln reports the phase it read from the file the builder writes.
    await until(
      'kiln to report the stand-in phase',
      () => stderr.includes('stand-in/amd64: root.d 10-stand-in'),
      () => stderr,
    );
    standIn = Number(read(join(s.state, 'pid')));
    cli.kill('SIGKILL');
    expect(await died).toBe('SIGKILL');

    writeFileSync(join(s.state, 'go'), '');
    await until(
      'the builder to finish',
      () => read(join(s.state, 'cleanup')) !== '',
      () => read(logFile),
    );
    expect(read(join(s.state, 'cleanup')).trim()).toBe('0');
    const log = read(logFile);
    expect(log).toContain('finishing line 3000 of 3000');
    expect(log).toContain('image written');
    expect(log).toContain('cleanup: unmounted, loop devices detached');
    // The builder never saw kiln's credentials.
    expect(read(join(s.state, 'env'))).not.toContain('kiln-test-secret-password');
    expect(read(join(s.state, 'env'))).toContain('DIB_RELEASE=bookworm');

    // Nothing of the orphaned build counts as built: no record, no build index entry.
    expect(existsSync(join(s.out, 'stand-in', 'amd64', 'record.json'))).toBe(false);
    expect(readdirSync(join(s.cache, 'builds')).filter((n) => /^[0-9a-f]{64}$/.test(n))).toEqual([]);

    const again = kiln(['build', 'stand-in', '--output', s.out], { cwd: s.dir, env: s.env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/build summary: 1 built, 0 unchanged/);
    const record = JSON.parse(read(join(s.out, 'stand-in', 'amd64', 'record.json')));
    expect(record).toMatchObject({ name: 'stand-in', arch: 'amd64', file: 'stand-in.qcow2' });
    expect(readdirSync(join(s.cache, 'builds'))).toContain(record.key);
  }, 300_000);
});
