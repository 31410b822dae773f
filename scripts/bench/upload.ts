// Upload throughput of kiln's Glance client next to its peers, in one run against the local dev
// cloud (real Keystone + Glance): `curl -T` (chunked, token fetched from Keystone beforehand) and
// `openstack image create --file`. Printed as ratios; kiln's peak RSS is read from its own process.
// Targets: kiln >= 0.95 x curl (upload alone), >= 1.25 x the openstack CLI (end to end, both paying
// their start-up and authentication), CPU (user + system of the whole process, /usr/bin/time) per GiB
// <= 1.1 x the openstack CLI's, peak RSS < 150 MB for 1 GiB and 4 GiB files. Also printed: kiln's
// time from its process start to the first uploaded byte.
// Sizes: KILN_BENCH_UPLOAD_GIB (default "1,4"); rounds per size: KILN_BENCH_UPLOAD_ROUNDS (default 2).
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { machine, target } from './support/report.js';
import { devCloudDown, devCloudUp } from '../../src/devcloud/dev-cloud.js';
import { streamLogger } from '../../src/log.js';

const GIB = 1024 ** 3;
const MB = 1e6;

async function makeFile(path: string, bytes: number): Promise<void> {
  if (existsSync(path) && statSync(path).size === bytes) return;
  // Random data, so no layer can shortcut it; written in 8 MiB blocks of one random buffer.
  const block = randomBytes(8 * 1024 * 1024);
  const out = createWriteStream(path);
  for (let done = 0; done < bytes; done += block.length) {
    if (!out.write(block.subarray(0, Math.min(block.length, bytes - done)))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function token(keystoneUrl: string, password: string): Promise<string> {
  const res = await fetch(`${keystoneUrl}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'admin', domain: { name: 'Default' }, password } },
        },
        scope: { project: { name: 'admin', domain: { name: 'Default' } } },
      },
    }),
  });
  if (res.status !== 201) throw new Error(`Keystone answered ${res.status}`);
  return res.headers.get('x-subject-token')!;
}

function seconds(fn: () => void): number {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1000;
}

/** Runs a command under /usr/bin/time: its stdout, and its CPU seconds (user + system). */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeFile: string) {
  const res = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, cmd, ...args], {
    env,
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`${cmd} failed: ${res.stderr}`);
  const [user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { stdout: res.stdout, cpu: user! + sys! };
}

export async function run(): Promise<void> {
  const root = resolve('.');
  const work = join(root, '.cache/bench/upload');
  mkdirSync(work, { recursive: true });
  const logger = streamLogger();
  const cloud = await devCloudUp({ dir: join(work, 'dev-cloud'), logger });
  const env = { ...process.env, OS_CLIENT_CONFIG_FILE: cloud.cloudsYaml, OS_CLOUD: cloud.clouds.admin };
  const glanceUrl = cloud.glances[0]!.url;
  const child = join(work, 'child.mjs');
  await build({
    entryPoints: [join(root, 'scripts/bench/upload/child.ts')],
    outfile: child,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  const sizes = (process.env.KILN_BENCH_UPLOAD_GIB ?? '1,4').split(',').map(Number);
  const rounds = Number(process.env.KILN_BENCH_UPLOAD_ROUNDS ?? 2);
  const tok = await token(cloud.keystoneUrl, cloud.passwords.admin);
  const glanceDelete = (id: string) =>
    fetch(`${glanceUrl}/v2/images/${id}`, { method: 'DELETE', headers: { 'X-Auth-Token': tok } });

  // curl: the image is created beforehand through the API and the token is ready; only the PUT is timed.
  const curlUpload = async (file: string) => {
    const res = await fetch(`${glanceUrl}/v2/images`, {
      method: 'POST',
      headers: { 'X-Auth-Token': tok, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'bench-curl', disk_format: 'raw', container_format: 'bare' }),
    });
    const { id } = (await res.json()) as { id: string };
    const url = `${glanceUrl}/v2/images/${id}/file`;
    const headers = [
      'X-Auth-Token: ' + tok,
      'Content-Type: application/octet-stream',
      'Transfer-Encoding: chunked',
    ];
    const t = seconds(() =>
      execFileSync('curl', ['-sS', '-f', '-X', 'PUT', '-T', file, ...headers.flatMap((h) => ['-H', h]), url]),
    );
    await glanceDelete(id);
    return t;
  };
  // kiln: its own process, end to end; the upload alone is timed inside it.
  const timeFile = join(work, 'time.txt');
  const kilnUpload = async (file: string) => {
    let out = { stdout: '', cpu: 0 };
    const wall = seconds(() => {
      out = timed(process.execPath, [child, file, cloud.clouds.admin, 'bench-kiln'], env, timeFile);
    });
    const r = JSON.parse(out.stdout.trim().split('\n').pop()!) as {
      id: string;
      uploadSeconds: number;
      firstByteSeconds: number;
      maxRssBytes: number;
    };
    await glanceDelete(r.id);
    return { wall, upload: r.uploadSeconds, rss: r.maxRssBytes, cpu: out.cpu, firstByte: r.firstByteSeconds };
  };
  const osUpload = (file: string) => {
    let out = { stdout: '', cpu: 0 };
    const args = ['image', 'create', '--file', file, '--disk-format', 'raw', '--container-format', 'bare'];
    const wall = seconds(() => {
      out = timed('openstack', [...args, '-f', 'value', '-c', 'id', 'bench-osc'], env, timeFile);
    });
    execFileSync('openstack', ['image', 'delete', out.stdout.trim()], { env });
    return { wall, cpu: out.cpu };
  };

  try {
    for (const gib of sizes) {
      const file = join(work, `data-${gib}g.raw`);
      const bytes = gib * GIB;
      await makeFile(file, bytes);
      // Interleaved rounds, best of each: the machine's other load hits all three alike.
      const curl: number[] = [];
      const kiln: Awaited<ReturnType<typeof kilnUpload>>[] = [];
      const osc: ReturnType<typeof osUpload>[] = [];
      for (let i = 0; i < rounds; i++) {
        curl.push(await curlUpload(file));
        kiln.push(await kilnUpload(file));
        osc.push(osUpload(file));
      }
      const best = (xs: number[]) => Math.min(...xs);
      const [c, ku, kw, o] = [
        best(curl),
        best(kiln.map((k) => k.upload)),
        best(kiln.map((k) => k.wall)),
        best(osc.map((x) => x.wall)),
      ];
      // CPU per GiB of the whole client process, start-up and authentication included.
      const [kc, oc] = [best(kiln.map((k) => k.cpu)) / gib, best(osc.map((x) => x.cpu)) / gib];
      const firstByte = best(kiln.map((k) => k.firstByte));
      const rss = Math.max(...kiln.map((k) => k.rss));
      const rate = (t: number) => `${(bytes / MB / t).toFixed(0)} MB/s`;
      console.log(`${gib} GiB file, best of ${rounds} interleaved rounds:`);
      console.log(`  curl -T (chunked), upload only:           ${c.toFixed(1)} s  ${rate(c)}`);
      console.log(`  kiln client, upload only (sha512):        ${ku.toFixed(1)} s  ${rate(ku)}`);
      console.log(`  kiln, end to end (start, auth, upload):   ${kw.toFixed(1)} s  ${rate(kw)}`);
      console.log(`  openstack image create --file:            ${o.toFixed(1)} s  ${rate(o)}`);
      console.log(`  CPU per GiB: kiln ${kc.toFixed(2)} s, openstack CLI ${oc.toFixed(2)} s (whole process)`);
      console.log(`  kiln, process start to first uploaded byte: ${firstByte.toFixed(2)} s`);
      target(`${gib} GiB kiln / curl speed`, `${(c / ku).toFixed(2)}x`, '>= 0.95x', c / ku >= 0.95);
      target(
        `${gib} GiB kiln / openstack CLI speed, end to end`,
        `${(o / kw).toFixed(2)}x`,
        '>= 1.25x',
        o / kw >= 1.25,
      );
      target(
        `${gib} GiB kiln / openstack CLI CPU per GiB`,
        `${(kc / oc).toFixed(2)}x`,
        '<= 1.1x',
        kc / oc <= 1.1,
      );
      target(`${gib} GiB kiln peak RSS`, `${(rss / MB).toFixed(0)} MB`, '< 150 MB', rss < 150 * MB);
      rmSync(file, { force: true });
    }
    machine();
  } finally {
    await devCloudDown({ dir: join(work, 'dev-cloud'), logger });
  }
}
