// Upload throughput of kiln's Glance client next to its peers, in one run against the local dev
// cloud (real Keystone + Glance): `curl -T` (chunked, token fetched from Keystone beforehand) and
// `openstack image create --file`. Printed as ratios; kiln's peak RSS is read from its own process.
// Targets: kiln >= 0.95 x curl (upload alone), >= 1.25 x the openstack CLI (end to end, both paying
// their start-up and authentication), peak RSS < 150 MB for 1 GiB and 4 GiB files.
// Sizes: KILN_BENCH_UPLOAD_GIB (default "1,4"); rounds per size: KILN_BENCH_UPLOAD_ROUNDS (default 2).
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
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
  const kilnUpload = async (file: string) => {
    let out = '';
    const wall = seconds(() => {
      const res = spawnSync(process.execPath, [child, file, cloud.clouds.admin, 'bench-kiln'], {
        env,
        encoding: 'utf8',
      });
      if (res.status !== 0) throw new Error(`kiln upload failed: ${res.stderr}`);
      out = res.stdout;
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as {
      id: string;
      uploadSeconds: number;
      maxRssBytes: number;
    };
    await glanceDelete(r.id);
    return { wall, upload: r.uploadSeconds, rss: r.maxRssBytes };
  };
  const osUpload = (file: string) => {
    let id = '';
    const args = ['image', 'create', '--file', file, '--disk-format', 'raw', '--container-format', 'bare'];
    const t = seconds(() => {
      id = execFileSync('openstack', [...args, '-f', 'value', '-c', 'id', 'bench-osc'], {
        env,
        encoding: 'utf8',
      });
    });
    execFileSync('openstack', ['image', 'delete', id.trim()], { env });
    return t;
  };

  try {
    for (const gib of sizes) {
      const file = join(work, `data-${gib}g.raw`);
      const bytes = gib * GIB;
      await makeFile(file, bytes);
      // Interleaved rounds, best of each: the machine's other load hits all three alike.
      const curl: number[] = [];
      const kiln: { wall: number; upload: number; rss: number }[] = [];
      const osc: number[] = [];
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
        best(osc),
      ];
      const rss = Math.max(...kiln.map((k) => k.rss));
      const rate = (t: number) => `${(bytes / MB / t).toFixed(0)} MB/s`;
      console.log(`${gib} GiB file, best of ${rounds} interleaved rounds:`);
      console.log(`  curl -T (chunked), upload only:           ${c.toFixed(1)} s  ${rate(c)}`);
      console.log(`  kiln client, upload only (sha512):        ${ku.toFixed(1)} s  ${rate(ku)}`);
      console.log(`  kiln, end to end (start, auth, upload):   ${kw.toFixed(1)} s  ${rate(kw)}`);
      console.log(`  openstack image create --file:            ${o.toFixed(1)} s  ${rate(o)}`);
      console.log(`  kiln / curl:          ${(c / ku).toFixed(2)}x (target >= 0.95)`);
      console.log(`  kiln / openstack CLI: ${(o / kw).toFixed(2)}x (target >= 1.25, end to end)`);
      console.log(`  kiln peak RSS:        ${(rss / MB).toFixed(0)} MB (target < 150)`);
      rmSync(file, { force: true });
    }
  } finally {
    await devCloudDown({ dir: join(work, 'dev-cloud'), logger });
  }
}
