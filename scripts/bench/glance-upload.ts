// Uploading one image file to the dev cloud's Glance three ways in one run, on the same machine load:
//   kiln     a child process of kiln's own client (connect, authenticate, create, stream + hash, end)
//   curl     `curl -T` (chunked) to the same endpoint with a ready token: the raw transfer, no hashing
//   openstack `openstack image create --file`, end to end (start-up, auth, create, upload)
// Prints MB/s for each, kiln's upload against curl's, kiln's whole run against the openstack CLI's,
// and kiln's peak RSS. Targets: >= 0.95 x curl, >= 1.25 x openstack, peak RSS < 150 MB, for 1 and 4 GiB.
// KILN_BENCH_UPLOAD_GIB=1 limits the sizes (comma-separated GiB); KILN_BENCH_UPLOAD_ROUNDS sets the rounds.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { devCloudDown, devCloudUp } from '../../src/devcloud/dev-cloud.js';
import { silentLogger, streamLogger } from '../../src/log.js';
import { connectGlance, keystoneSession, resolveCloud } from '../../src/openstack/connect.js';

const GIB = 1024 ** 3;

const CHILD = `
import { connectGlance } from './src/openstack/connect.ts';
import { silentLogger } from './src/log.ts';
const [cloudsYaml, file, name] = process.argv.slice(2);
const t0 = performance.now();
const glance = await connectGlance({ cloud: 'dev-admin', env: { OS_CLIENT_CONFIG_FILE: cloudsYaml }, cwd: process.cwd(), logger: silentLogger });
const image = await glance.createImage({ name, disk_format: 'raw', container_format: 'bare', visibility: 'private' });
const t1 = performance.now();
await glance.uploadImage(image.id, file);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ id: image.id, upload_s: (t2 - t1) / 1000, total_s: (t2 - t0) / 1000, rss_kb: process.resourceUsage().maxRSS }));
`;

function writeFile(path: string, size: number): void {
  const block = randomBytes(4 * 1024 * 1024);
  const fd = openSync(path, 'w');
  for (let done = 0; done < size; done += block.length)
    writeSync(fd, block, 0, Math.min(block.length, size - done));
  closeSync(fd);
}

function wall(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { seconds: number; stdout: string } {
  const t0 = performance.now();
  const res = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const seconds = (performance.now() - t0) / 1000;
  if (res.status !== 0) throw new Error(`${cmd} failed (${res.status}): ${res.stderr}`);
  return { seconds, stdout: res.stdout };
}

export async function run(): Promise<void> {
  const work = resolve('.cache/bench-upload');
  mkdirSync(work, { recursive: true });
  const childFile = join(work, 'upload-child.mjs');
  await build({
    stdin: { contents: CHILD, resolveDir: resolve('.'), loader: 'ts' },
    outfile: childFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // yaml is CommonJS: give the ESM bundle a require (as scripts/bundle.mjs does).
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  const cloudDir = join(work, 'dev-cloud');
  const state = await devCloudUp({ dir: cloudDir, logger: streamLogger(), ownerPid: process.pid });
  try {
    const env = { OS_CLIENT_CONFIG_FILE: state.cloudsYaml, OS_CLOUD: 'dev-admin' };
    const glance = await connectGlance({ cloud: 'dev-admin', env, cwd: work, logger: silentLogger });
    const session = keystoneSession(
      resolveCloud({ cloud: 'dev-admin', env, cwd: work }),
      'bench',
      silentLogger,
    );
    const glanceUrl = await session.endpoint('image');
    const sizes = (process.env.KILN_BENCH_UPLOAD_GIB ?? '1,4').split(',').map(Number);
    for (const gib of sizes) {
      const file = join(work, `upload-${gib}g.raw`);
      writeFile(file, gib * GIB);
      const mb = (gib * GIB) / 1e6;
      const runs: Record<'kiln' | 'kilnTotal' | 'curl' | 'cli', number[]> = {
        kiln: [],
        kilnTotal: [],
        curl: [],
        cli: [],
      };
      let rssKb = 0;
      const tools: Record<string, () => Promise<void>> = {
        kiln: async () => {
          const out = JSON.parse(
            wall(process.execPath, [childFile, state.cloudsYaml, file, `bench-kiln-${gib}g`]).stdout,
          ) as {
            id: string;
            upload_s: number;
            total_s: number;
            rss_kb: number;
          };
          await glance.deleteImage(out.id);
          runs.kiln.push(out.upload_s);
          runs.kilnTotal.push(out.total_s);
          rssKb = Math.max(rssKb, out.rss_kb);
        },
        curl: async () => {
          const target = await glance.createImage({
            name: `bench-curl-${gib}g`,
            disk_format: 'raw',
            container_format: 'bare',
            visibility: 'private',
          });
          // A token for curl, outside the timed part.
          const token = await session.authToken();
          const res = wall('curl', [
            ...['-sS', '-f', '-X', 'PUT', '-T', file],
            ...['-H', 'Content-Type: application/octet-stream', '-H', 'Transfer-Encoding: chunked'],
            ...['-H', `X-Auth-Token: ${token}`, `${glanceUrl}/v2/images/${target.id}/file`],
          ]);
          await glance.deleteImage(target.id);
          runs.curl.push(res.seconds);
        },
        cli: async () => {
          const res = wall(
            'openstack',
            [
              ...['image', 'create', '--file', file, '--disk-format', 'raw', '--container-format', 'bare'],
              ...['-f', 'value', '-c', 'id', `bench-cli-${gib}g`],
            ],
            { ...process.env, ...env },
          );
          await glance.deleteImage(res.stdout.trim());
          runs.cli.push(res.seconds);
        },
      };
      // Interleaved rounds in rotating order, best of each: the machine's load changes under a long run.
      const rounds = Number(process.env.KILN_BENCH_UPLOAD_ROUNDS ?? (gib <= 1 ? 3 : 2));
      const order = Object.keys(tools);
      for (let r = 0; r < rounds; r++) {
        for (const name of [...order.slice(r % order.length), ...order.slice(0, r % order.length)])
          await tools[name]();
      }
      rmSync(file, { force: true });

      const best = (xs: number[]) => Math.min(...xs);
      const rate = (s: number) => (mb / s).toFixed(0);
      const [kiln, kilnTotal, curl, cli] = [runs.kiln, runs.kilnTotal, runs.curl, runs.cli].map(best);
      console.log(`${gib} GiB upload to Glance (best of ${rounds} interleaved rounds):`);
      console.log(`  kiln      upload ${rate(kiln)} MB/s, end to end ${rate(kilnTotal)} MB/s`);
      console.log(`  curl -T   ${rate(curl)} MB/s`);
      console.log(`  openstack end to end ${rate(cli)} MB/s`);
      console.log(`  kiln / curl:      ${(curl / kiln).toFixed(2)} x  (target >= 0.95)`);
      console.log(`  kiln / openstack: ${(cli / kilnTotal).toFixed(2)} x  (target >= 1.25, end to end)`);
      console.log(`  kiln peak RSS:    ${(rssKb / 1024).toFixed(0)} MB  (target < 150)`);
    }
  } finally {
    await devCloudDown({ dir: cloudDir, logger: silentLogger });
  }
}
