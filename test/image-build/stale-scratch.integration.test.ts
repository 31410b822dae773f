// Scratch folders of dead kilns are removed when `kiln build` starts, unless a process still uses
// them. Owners and users are real processes (a `sleep` stands in for a kiln or an orphaned builder);
// the last test kills a real kiln (the bundled CLI) mid-build and starts another one.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BuildIndex } from '../../src/image-build/build-index.js';
import { OWNER_FILE, stampOf, type OwnerStamp } from '../../src/image-build/scratch-owner.js';
import { orphanWait, sweepScratch } from '../../src/image-build/stale-scratch.js';
import type { Logger } from '../../src/log.js';
import { CLI } from '../support/cli.js';
import { standInProject } from '../support/stand-in-dib.js';
import { describeIfInstalled } from '../support/requires.js';

const KEY = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    debug: () => {},
    group: (_t, fn) => fn(),
    secret: () => {},
  };
}

async function until(what: string, ok: () => boolean, detail: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}\n${detail()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const started: ChildProcess[] = [];
/** Stand-in builders that kilns under test started: pid files their stand-ins append to. */
const builderPidFiles: string[] = [];

/** A process in its own group (so it and its children can be killed together). */
function start(cmd: string, args: string[], options: { cwd?: string } = {}): ChildProcess {
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true, ...options });
  started.push(child);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = once(child, 'close');
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    process.kill(child.pid!, 'SIGKILL'); // a kiln under test: not a group leader
  }
  await closed;
}

afterEach(async () => {
  for (const child of started.splice(0)) await stop(child);
  for (const file of builderPidFiles.splice(0)) {
    for (const pid of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      // Only if that pid is still the stand-in (each leads its own process group).
      const args = existsSync(`/proc/${pid}`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
      try {
        if (args.includes(join(file, '..', '..', 'bin'))) process.kill(-Number(pid), 'SIGKILL');
      } catch {
        // ended meanwhile
      }
    }
  }
});

/** The stamp of a kiln that has died (a real process, started and killed). */
async function deadKiln(): Promise<OwnerStamp> {
  const child = start('sleep', ['1000']);
  await once(child, 'spawn');
  const stamp = (await stampOf(child.pid!))!;
  await stop(child);
  return stamp;
}

async function liveKiln(): Promise<OwnerStamp> {
  const child = start('sleep', ['1000']);
  await once(child, 'spawn');
  return (await stampOf(child.pid!))!;
}

function buildsRoot(): string {
  const root = join(mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'stale-scratch-')), 'builds');
  mkdirSync(root);
  return root;
}

/** A scratch folder as BuildIndex.workDir makes it, for `owner`, with 1 MiB of "image" in it. */
function scratch(root: string, owner: OwnerStamp | undefined, pid = owner!.pid): string {
  const dir = join(root, `.work-${KEY.slice(0, 16)}-${pid}`);
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'sub', 'image.qcow2'), Buffer.alloc(1024 * 1024, 1));
  if (owner) writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner));
  return dir;
}

describe('sweepScratch', () => {
  it('removes the scratch folder of a dead kiln and logs its size', async () => {
    const root = buildsRoot();
    const owner = await deadKiln();
    const dir = scratch(root, owner);
    const logger = recordingLogger();

    expect(await sweepScratch(root, { logger })).toEqual([]);
    expect(existsSync(dir)).toBe(false);
    expect(logger.lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^info: removed stale scratch folder ${dir} \\(1\\.\\d MiB\\) of a dead kiln \\(pid ${owner.pid}\\)$`,
        ),
      ),
    ]);
  });

  it('keeps the folders of live kilns: another process, and this one (BuildIndex.workDir)', async () => {
    const root = buildsRoot();
    const other = scratch(root, await liveKiln());
    const own = await new BuildIndex(join(root, '..')).workDir(KEY.replace('0', 'f'));
    const logger = recordingLogger();

    expect(await sweepScratch(root, { logger })).toEqual([]);
    expect(existsSync(other)).toBe(true);
    expect(existsSync(own)).toBe(true);
    expect(JSON.parse(readFileSync(join(own, OWNER_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    expect(logger.lines).toEqual([]);
  });

  it('judges a reused pid by its start time: a live process of the same pid is not the owner', async () => {
    const root = buildsRoot();
    const self = (await stampOf(process.pid))!;
    const dir = scratch(root, { ...self, start: self.start - 1 });

    await sweepScratch(root, { logger: recordingLogger() });
    expect(existsSync(dir)).toBe(false);
  });

  it('goes by the pid in the name when the owner file is missing', async () => {
    const root = buildsRoot();
    const dead = scratch(root, undefined, (await deadKiln()).pid);
    const live = scratch(root, undefined, (await liveKiln()).pid);

    await sweepScratch(root, { logger: recordingLogger() });
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });

  it('never judges a folder made on another host or in another pid namespace', async () => {
    const root = buildsRoot();
    const owner = await deadKiln();
    const otherHost = scratch(root, { ...owner, host: 'elsewhere.example' });
    const otherNs = scratch(root, { ...owner, pidns: 'pid:[1]' }, owner.pid + 1_000_000);
    const logger = recordingLogger();

    await sweepScratch(root, { logger });
    expect(existsSync(otherHost)).toBe(true);
    expect(existsSync(otherNs)).toBe(true);
    expect(logger.lines).toContainEqual(
      expect.stringContaining(`kept scratch folder ${otherHost}: made by kiln`),
    );
    expect(logger.lines).toContainEqual(expect.stringContaining('elsewhere.example'));
  });

  it('keeps a dead kiln folder while a live process works inside it, and removes it once that process exits', async () => {
    const root = buildsRoot();
    const dir = scratch(root, await deadKiln());
    const holder = start('sleep', ['1000'], { cwd: join(dir, 'sub') });
    await once(holder, 'spawn');
    const logger = recordingLogger();

    const orphans = await sweepScratch(root, { logger });
    expect(existsSync(dir)).toBe(true);
    expect(orphans).toEqual([{ dir, users: [expect.objectContaining({ pid: holder.pid })] }]);
    expect(logger.lines).toContainEqual(
      expect.stringMatching(
        `^info: kept scratch folder ${dir} of a dead kiln .*still used by pid ${holder.pid} \\(sleep 1000\\)`,
      ),
    );

    await stop(holder);
    expect(await sweepScratch(root, { logger })).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });

  it('counts an open file inside the folder, and a builder that names it in its arguments, as use', async () => {
    const root = buildsRoot();
    const owner = await deadKiln();
    const byFd = scratch(root, owner);
    // bash opens fd 3 on a file inside, then becomes `sleep`, which keeps it; cwd is elsewhere.
    const fdHolder = start('bash', ['-c', 'exec 3>>"$1/sub/image.qcow2"; exec sleep 1000', 'bash', byFd]);
    const byArgs = scratch(root, owner, owner.pid + 1_000_000);
    // Like DIB's main process: it names the folder (-o) for its whole life, holding nothing in it.
    const builder = start('bash', ['-c', 'sleep 1000; :', 'disk-image-create', '-o', join(byArgs, 'img')]);
    await until('the fd holder to open its file', () => {
      try {
        return (
          readdirSync(`/proc/${fdHolder.pid}/fd`).length > 3 &&
          readFileSync(`/proc/${fdHolder.pid}/comm`, 'utf8') === 'sleep\n'
        );
      } catch {
        return false;
      }
    });
    await once(builder, 'spawn');

    const orphans = await sweepScratch(root, { logger: recordingLogger() });
    expect(orphans.map((o) => o.dir).sort()).toEqual([byArgs, byFd].sort());
    expect(existsSync(byFd) && existsSync(byArgs)).toBe(true);

    await stop(fdHolder);
    await stop(builder);
    await sweepScratch(root, { logger: recordingLogger() });
    expect(existsSync(byFd) || existsSync(byArgs)).toBe(false);
  });
});

describe('orphanWait', () => {
  it('holds a build back while an orphaned builder uses its DIB image cache, then sweeps its folder', async () => {
    const root = buildsRoot();
    const cache = join(root, '..');
    const dir = scratch(root, await deadKiln());
    const amd64 = join(cache, 'dib-image-cache', 'amd64');
    const orphan = start('bash', [
      '-c',
      'sleep 1000; :',
      'disk-image-create',
      '-o',
      join(dir, 'img'),
      '--image-cache',
      amd64,
    ]);
    await once(orphan, 'spawn');
    const logger = recordingLogger();
    const wait = orphanWait(await sweepScratch(root, { logger }), root, { logger });

    // Another architecture's cache is not waited for.
    await wait(join(cache, 'dib-image-cache', 'arm64'));
    let done = false;
    const waiting = wait(amd64).then(() => (done = true));
    await until('the warning', () => logger.lines.some((l) => l.startsWith('warn: an orphaned builder')));
    expect(logger.lines).toContainEqual(
      expect.stringContaining(`uses the DIB image cache ${amd64}: pid ${orphan.pid}`),
    );
    expect(logger.lines).toContainEqual(expect.stringContaining(`kill -TERM ${orphan.pid}`));
    expect(done).toBe(false);
    expect(existsSync(dir)).toBe(true);

    await stop(orphan);
    await waiting;
    expect(existsSync(dir)).toBe(false);
    expect(logger.lines).toContainEqual(expect.stringContaining(`removed stale scratch folder ${dir}`));
  });

  it('stops waiting when the build is aborted, and leaves the folder', async () => {
    const root = buildsRoot();
    const dir = scratch(root, await deadKiln());
    const amd64 = join(root, '..', 'dib-image-cache', 'amd64');
    const orphan = start('bash', [
      '-c',
      'sleep 1000; :',
      'x',
      '-o',
      join(dir, 'img'),
      '--image-cache',
      amd64,
    ]);
    await once(orphan, 'spawn');
    const logger = recordingLogger();
    const wait = orphanWait(await sweepScratch(root, { logger }), root, { logger });
    const abort = new AbortController();

    const waiting = wait(amd64, abort.signal);
    await until('the warning', () => logger.lines.some((l) => l.startsWith('warn: an orphaned builder')));
    abort.abort();
    await waiting;
    expect(existsSync(dir)).toBe(true);
  });
});

// A stand-in disk-image-create first on PATH (as in builder-log.test.ts): it notes whether another
// stand-in is still running when it starts, waits for the test's go-ahead, writes the image.
const STAND_IN = `#!/bin/bash
set -eu
while [ $# -gt 0 ]; do
  case "$1" in -o) out=$2; shift 2 ;; -t) fmt=$2; shift 2 ;; *) shift ;; esac
done
# Running: its /proc entry is there and it is not a zombie (state Z after the parenthesised name).
if [ -e "$STAND_IN_STATE/pid" ] && grep -qv ') Z ' "/proc/$(cat "$STAND_IN_STATE/pid")/stat" 2>/dev/null; then
  echo "started while pid $(cat "$STAND_IN_STATE/pid") ran" >> "$STAND_IN_STATE/overlap"
fi
echo $$ > "$STAND_IN_STATE/pid"
echo $$ >> "$STAND_IN_STATE/pids"
echo "dib-run-parts Running /tmp/dib/hooks/root.d/10-stand-in"
while [ ! -e "$STAND_IN_STATE/go" ]; do sleep 0.1; done
qemu-img create -q -f "$fmt" "$out.$fmt" 1M
`;

describeIfInstalled(['qemu-img'])('kiln build after a kiln was SIGKILLed mid-build', () => {
  it('waits for the orphaned builder sharing its DIB image cache, removes its folder, then builds', async () => {
    const { dir, state, cache, ...project } = standInProject(
      'stale-scratch-cli-',
      'defaults:\n  builders: { dib: "3.13.0", packer: "1.6.6" }\nimages:\n  stand-in:\n    elements: [debian-minimal]\n    env: { DIB_RELEASE: bookworm }\n',
      STAND_IN,
    );
    const env = { ...process.env, ...project.env };
    const kilnBuild = () => {
      const cli = spawn(process.execPath, [CLI, 'build', 'stand-in', '--output', join(dir, 'out')], {
        cwd: dir,
        env,
      });
      started.push(cli);
      let output = '';
      cli.stdout!.on('data', (d) => (output += d));
      cli.stderr!.on('data', (d) => (output += d));
      const closed = once(cli, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
      return { cli, output: () => output, closed };
    };
    writeFileSync(join(state, 'pids'), '');
    builderPidFiles.push(join(state, 'pids'));
    const workDirs = () => readdirSync(join(cache, 'builds')).filter((n) => n.startsWith('.work-'));

    const first = kilnBuild();
    await until(
      'the first build to start',
      () => first.output().includes('root.d 10-stand-in'),
      first.output,
    );
    const orphanPid = Number(readFileSync(join(state, 'pid'), 'utf8'));
    first.cli.kill('SIGKILL');
    expect((await first.closed)[1]).toBe('SIGKILL');
    const [orphanDir] = workDirs();

    const second = kilnBuild();
    await until(
      'the second kiln to wait',
      () => second.output().includes('waiting for it to end'),
      second.output,
    );
    expect(second.output()).toContain(
      `kept scratch folder ${join(cache, 'builds', orphanDir)} of a dead kiln`,
    );
    expect(second.output()).toContain(`pid ${orphanPid}`);
    // The orphan finishes (it was only waiting for the go-ahead); then the second build runs.
    writeFileSync(join(state, 'go'), '');
    const [code] = await second.closed;
    expect(code, second.output()).toBe(0);
    expect(second.output()).toMatch(/build summary: 1 built/);
    expect(second.output()).toContain(`removed stale scratch folder ${join(cache, 'builds', orphanDir)}`);
    expect(existsSync(join(state, 'overlap'))).toBe(false);
    expect(workDirs()).toEqual([]);
  }, 300_000);
});
