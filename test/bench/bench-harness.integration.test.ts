// The benchmark harnesses themselves: the download benchmark's file server keeps a connection
// open across a round in which this process is busy (the peers' runs), and `npm run bench dib-cache`
// stopped with Ctrl-C leaves no diskimage-builder running.
import { createHash } from 'node:crypto';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listProcesses } from '../../src/image-build/processes.js';
import { silentLogger } from '../../src/log.js';
import { downloadVerified } from '../../src/release/download.js';
import { serveFile } from '../../scripts/bench/support/file-server.js';
import { DIB, describeIfInstalled } from '../support/requires.js';

function fixture() {
  const dir = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'bench-serve-'));
  const data = Buffer.alloc(256 * 1024, 7);
  writeFileSync(join(dir, 'image.bin'), data);
  const want = {
    size: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    sha512: createHash('sha512').update(data).digest('hex'),
  };
  return { dir, want };
}

/**
 * Two downloads with this process blocked for 4 s in between, as when the benchmark ran a peer
 * synchronously: the server closes the idle connection meanwhile, and undici reuses it unaware.
 */
async function twoRounds(idleMs?: number): Promise<void> {
  const { dir, want } = fixture();
  const server = await serveFile(join(dir, 'image.bin'), idleMs);
  try {
    const get = (n: number) =>
      downloadVerified(server.url, join(dir, `out-${n}`), want, { logger: silentLogger, label: 'bench' });
    await get(1);
    execFileSync('sleep', ['4']);
    await get(2);
  } finally {
    server.close();
  }
}

describe('sync-download harness', () => {
  it('a keep-alive shorter than a busy round breaks the next download (the harness bug)', async () => {
    await expect(twoRounds(3000)).rejects.toThrow(/downloading/);
  });

  it("the harness's server keeps the connection usable across a busy round", async () => {
    await expect(twoRounds()).resolves.toBeUndefined();
  });
});

/** DIB processes of a `bench dib-cache` run: they build under its scratch folder. */
const dibOfBench = async () =>
  (await listProcesses()).filter(
    (p) =>
      p.state !== 'Z' &&
      p.args.some((a) => a.includes('.cache/bench-dib-')) &&
      p.args.join(' ').includes('disk-image-create'),
  );

describeIfInstalled(DIB)('dib-cache harness', () => {
  let bench: ChildProcess | undefined;
  afterEach(async () => {
    // Never leave a build running when the test fails: stop what is left as kiln would.
    bench?.kill('SIGKILL');
    for (const p of await dibOfBench()) process.kill(p.pid, 'SIGTERM');
  });

  it('Ctrl-C stops the benchmark and its DIB build, leaving no DIB running', async () => {
    // Its own process group, like a terminal's foreground job: Ctrl-C signals that group.
    bench = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', 'dib-cache'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    bench.stdout!.on('data', (d) => (log += d));
    bench.stderr!.on('data', (d) => (log += d));
    const exited = new Promise<number | null>((r) => bench!.on('close', (code) => r(code)));
    const deadline = Date.now() + 5 * 60_000;
    while ((await dibOfBench()).length === 0) {
      if (Date.now() > deadline || bench.exitCode !== null) throw new Error(`DIB never started:\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    process.kill(-bench.pid!, 'SIGINT');
    expect(await exited).not.toBe(0);
    expect((await dibOfBench()).map((p) => p.args.join(' '))).toEqual([]);
    expect(log).toContain('bench stopped');
  }, 600_000);
});
