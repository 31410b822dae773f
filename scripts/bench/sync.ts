// `kiln sync` end to end (the bundled CLI: the download from a local HTTP server going straight into
// the dev cloud's real Glance, sha256 + sha512 checked on the way, the image named) next to what an operator
// would do by hand with the same file in the same run: `curl -o` then `openstack image create --file`.
// Interleaved rounds, best of each. Target: kiln's speed >= 0.8x the peers' (their time / kiln's).
// Size: KILN_BENCH_SYNC_MIB (default 1024); rounds: KILN_BENCH_SYNC_ROUNDS (default 2).
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { devCloudDown, devCloudUp } from '../../src/devcloud/dev-cloud.js';
import { streamLogger } from '../../src/log.js';
import { serveFile } from './support/file-server.js';
import { machine, target } from './support/report.js';

const MB = 1e6;

function seconds(fn: () => void): number {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1000;
}

export async function run(): Promise<void> {
  const root = resolve('.');
  const size = Number(process.env.KILN_BENCH_SYNC_MIB ?? 1024) * 1024 * 1024;
  const rounds = Number(process.env.KILN_BENCH_SYNC_ROUNDS ?? 2);
  const work = join(root, '.cache/bench/sync');
  mkdirSync(work, { recursive: true });
  const logger = streamLogger();
  const dist = mkdtempSync(join(tmpdir(), 'kiln-bench-dist-'));
  execFileSync(process.execPath, ['scripts/bundle.mjs', dist], { cwd: root, stdio: 'inherit' });

  // Random data, so no layer can shortcut it.
  const file = join(work, 'image.raw');
  const sha256 = createHash('sha256');
  const out = createWriteStream(file);
  for (let left = size; left > 0; left -= 8 * 1024 * 1024) {
    const chunk = randomBytes(Math.min(left, 8 * 1024 * 1024));
    sha256.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  const checksum = sha256.digest('hex');

  const cloud = await devCloudUp({ dir: join(work, 'dev-cloud'), logger });
  const env = { ...process.env, OS_CLIENT_CONFIG_FILE: cloud.cloudsYaml, OS_CLOUD: cloud.clouds.admin };
  const server = await serveFile(file);
  const osc = (...args: string[]) =>
    execFileSync('openstack', args, { env, encoding: 'utf8', stdio: 'pipe' });
  try {
    const kiln: number[] = [];
    const peers: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // An entry with name, URL, sha256 checksum and disk_format, so the download goes straight into
      // Glance as a kiln manifest's does (an azimuth-images entry gives no disk_format: qemu-img reads
      // the format from the downloaded file, the disk path `sync-download` measures).
      const name = `bench-sync-${process.pid}-${i}`;
      const manifest = join(work, 'manifest.json');
      writeFileSync(
        manifest,
        JSON.stringify({ [name]: { name, url: server.url, checksum, disk_format: 'raw' } }),
      );
      const args = ['sync', '--manifest', manifest, '--cloud', cloud.clouds.admin, '--work-dir', work];
      // Its log (progress lines) is kept out of the report; a failure shows it.
      const cli = [join(dist, 'cli.js'), ...args];
      kiln.push(seconds(() => execFileSync(process.execPath, cli, { env, stdio: 'pipe' })));
      osc('image', 'delete', name);

      const copy = join(work, 'curl.raw');
      peers.push(
        seconds(() => {
          execFileSync('curl', ['-sS', '-f', '-o', copy, server.url]);
          const create = ['image', 'create', '--file', copy, '--disk-format', 'raw'];
          osc(...create, '--container-format', 'bare', '-f', 'value', '-c', 'id', `${name}-osc`);
        }),
      );
      osc('image', 'delete', `${name}-osc`);
      rmSync(copy);
    }
    const best = (xs: number[]) => Math.min(...xs);
    const [k, p] = [best(kiln), best(peers)];
    const rate = (s: number) => `${(size / MB / s).toFixed(0)} MB/s`;
    console.log(`${size / 1024 / 1024} MiB file, best of ${rounds} interleaved rounds:`);
    console.log(`  kiln sync (download, check, upload, name): ${k.toFixed(1)} s  ${rate(k)}`);
    console.log(`  curl -o, then openstack image create:      ${p.toFixed(1)} s  ${rate(p)}`);
    target(
      'kiln sync / (curl -o + openstack image create) speed',
      `${(p / k).toFixed(2)}x`,
      '>= 0.8x',
      p / k >= 0.8,
    );
    machine();
  } finally {
    server.close();
    rmSync(file, { force: true });
    rmSync(dist, { recursive: true, force: true });
    await devCloudDown({ dir: join(work, 'dev-cloud'), logger });
  }
}
