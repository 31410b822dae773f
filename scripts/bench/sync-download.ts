// `kiln sync`'s verified download (streamed to disk, sha256 + sha512 on the way) next to `curl -o`
// of the same file from the same local server and to curl piped into sha256sum + sha512sum, in one run, plus the RSS growth of this process
// during kiln's download (the image must never be held in memory). A 512 MiB file, 3 rounds each.
// Target: flat memory, RSS growth under 32 MB in the rounds after the first (the first also loads
// the HTTP client's and the hasher's code and starts the first worker thread, whatever the file
// size; its growth is printed beside). (The speed target of sync is end to end, with the
// upload: `npm run bench sync`.)
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { silentLogger } from '../../src/log.js';
import { downloadVerified } from '../../src/release/download.js';
import { serveFile } from './support/file-server.js';
import { machine, target } from './support/report.js';

// The peers run without blocking this process's event loop, so kiln's connection pool sees any
// socket the server closes between rounds.
const exec = promisify(execFile);

const SIZE = 512 * 1024 * 1024;
const ROUNDS = 3;
const MB = 1e6;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kiln-bench-sync-'));
  const file = join(dir, 'image.bin');
  const sha256 = createHash('sha256');
  const sha512 = createHash('sha512');
  const out = createWriteStream(file);
  for (let left = SIZE; left > 0; left -= 8 * 1024 * 1024) {
    const chunk = randomBytes(Math.min(left, 8 * 1024 * 1024));
    sha256.update(chunk);
    sha512.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  const want = { size: SIZE, sha256: sha256.digest('hex'), sha512: sha512.digest('hex') };

  const server = await serveFile(file);
  const { url } = server;
  try {
    const kiln: number[] = [];
    const curl: number[] = [];
    const curlHash: number[] = [];
    const growth: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      let peakGrowth = 0;
      const dest = join(dir, `kiln-${i}`);
      const base = process.memoryUsage().rss;
      const sampler = setInterval(
        () => (peakGrowth = Math.max(peakGrowth, process.memoryUsage().rss - base)),
        20,
      );
      let t = process.hrtime.bigint();
      await downloadVerified(url, dest, want, { logger: silentLogger, label: 'bench' });
      kiln.push(Number(process.hrtime.bigint() - t) / 1e9);
      clearInterval(sampler);
      growth.push(peakGrowth);
      rmSync(dest);
      t = process.hrtime.bigint();
      await exec('curl', ['-sS', '-o', join(dir, `curl-${i}`), url]);
      curl.push(Number(process.hrtime.bigint() - t) / 1e9);
      rmSync(join(dir, `curl-${i}`));
      // The same work as kiln's: the file on disk and both hashes (coreutils, in parallel processes).
      t = process.hrtime.bigint();
      await exec('bash', [
        '-c',
        'curl -sS "$1" | tee "$2" >(sha256sum >/dev/null) | sha512sum >/dev/null',
        'bench',
        url,
        join(dir, `curlh-${i}`),
      ]);
      curlHash.push(Number(process.hrtime.bigint() - t) / 1e9);
      rmSync(join(dir, `curlh-${i}`));
    }
    const best = (xs: number[]) => Math.min(...xs);
    const rate = (s: number) => SIZE / MB / s;
    console.log(`file: ${SIZE / 1024 / 1024} MiB, best of ${ROUNDS}`);
    console.log(`kiln download + sha256 + sha512: ${rate(best(kiln)).toFixed(0)} MB/s`);
    console.log(`curl -o (no hashing):            ${rate(best(curl)).toFixed(0)} MB/s`);
    console.log(`curl | tee | sha256sum, sha512sum: ${rate(best(curlHash)).toFixed(0)} MB/s`);
    console.log(`ratio kiln / curl: ${(best(curl) / best(kiln)).toFixed(2)}`);
    console.log(`ratio kiln / curl + coreutils hashes: ${(best(curlHash) / best(kiln)).toFixed(2)}`);
    const steady = Math.max(...growth.slice(1));
    console.log(`RSS growth per round: ${growth.map((g) => `${(g / MB).toFixed(0)} MB`).join(', ')}`);
    target(
      `RSS growth during kiln's download of ${(SIZE / MB).toFixed(0)} MB, rounds 2-${ROUNDS}`,
      `${(steady / MB).toFixed(0)} MB`,
      '< 32 MB',
      steady < 32 * MB,
    );
    machine();
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
