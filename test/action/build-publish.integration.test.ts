// The bundled action run as the runner runs it, for `build` (a real Packer build of a tiny image,
// its downloaded artifact cached through @actions/cache against the local cache service, the build
// index reused) and `publish` to the real dev cloud (Keystone + Glance) with the clouds.yaml secret:
// masked, written for the step only, and the Glance ID in the outputs and the summary.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { startCacheServer, type CacheServer } from '../support/cache-server.js';
import { startGitHubServer } from '../support/github-server.js';
import { runAction, type ActionRun } from './run-action.js';
import { ACTIONS_CACHE, DEV_CLOUD, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD, ...ACTIONS_CACHE, 'packer', 'qemu-img']);

const FIXTURES = resolve('test/action/fixtures');

interface Built {
  name: string;
  arch: string;
  key: string;
  status: string;
  record?: string;
}

/** A plain HTTP server answering every GET with the file `path()` names (the released image). */
async function serveImages(path: () => string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    if (!existsSync(path())) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': statSync(path()).size });
    createReadStream(path()).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0.0`, server };
}

describe('action: build and publish', () => {
  let cloud: DevCloud;
  let cache: CacheServer;
  let scratch: string;
  let workspace: string;
  let image: string;
  let cloudsYaml: string;
  /** Serves the released image files (the manifest's base URL) for sync. */
  let files: { url: string; server: Server };
  let releasedManifest = '';

  const dir = (name: string) => {
    const d = join(scratch, name);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const act = (
    inputs: Record<string, string>,
    env: Record<string, string> = {},
    watch?: Parameters<typeof runAction>[1]['watch'],
  ): Promise<ActionRun> => {
    const res = runAction(
      { 'setup-tools': 'true', ...inputs },
      // The dev cloud's clouds.yaml reaches the action only through the clouds-yaml input.
      {
        workspace,
        env: { ...cache.env, GITHUB_SERVER_URL: 'https://github.com', OS_CLIENT_CONFIG_FILE: '', ...env },
        watch,
      },
    );
    return res;
  };

  beforeAll(async () => {
    [cloud, cache] = await Promise.all([devCloud(), startCacheServer()]);
    files = await serveImages(() => join(scratch, 'results-1', image, 'amd64', `${image}.qcow2`));
    cloudsYaml = readFileSync(cloud.cloudsYaml, 'utf8');
    scratch = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'action-build-'));
    workspace = dir('repo');
    image = cloud.uniqueName('action-tiny');
    // An artifact, so the build has a download to cache.
    const blob = join(scratch, 'vendor-blob.bin');
    writeFileSync(blob, 'vendor bits\n');
    const sha = createHash('sha256').update('vendor bits\n').digest('hex');
    mkdirSync(join(workspace, 'config'));
    mkdirSync(join(workspace, 'packer'));
    for (const f of ['tiny.pkr.hcl', 'broken.pkr.hcl', 'slow.pkr.hcl'])
      copyFileSync(join(FIXTURES, f), join(workspace, 'packer', f));
    writeFileSync(
      join(workspace, 'config/images.yaml'),
      `defaults:
  builders: { packer: "1.6.6" }
images:
  ${image}:
    builder: packer
    template: packer/tiny.pkr.hcl
    architectures: [amd64]
    artifacts:
      VENDOR_BLOB: { url: "file://${blob}", sha256: ${sha} }
  ${image}-broken:
    builder: packer
    template: packer/broken.pkr.hcl
    architectures: [amd64]
  ${image}-slow:
    builder: packer
    template: packer/slow.pkr.hcl
    architectures: [amd64]
`,
    );
    writeFileSync(
      join(workspace, 'config/sites.yaml'),
      `sites:
  dev:
    cloud: ${cloud.clouds.admin}
    kind: kvm
    keep: 2
    require_tests: false
`,
    );
  });
  afterAll(async () => {
    // Either may be missing when beforeAll failed: an unanswered close would hang the hook.
    await cache?.close();
    if (files) await new Promise((r) => files.server.close(r));
  });

  it('builds, caches the artifact, reuses the build index', async () => {
    const first = await act({
      command: 'build',
      images: image,
      'results-dir': dir('results-1'),
      'cache-dir': dir('cache-a'),
    });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const built = JSON.parse(first.outputs.built) as Built[];
    expect(built).toMatchObject([{ name: image, arch: 'amd64', status: 'built' }]);
    expect(existsSync(built[0].record!)).toBe(true);
    expect(first.outputs['cache-hit']).toBe('false');
    expect(cache.keys().filter((k) => k.startsWith('kiln-artifacts-amd64-'))).toHaveLength(1);
    expect(first.summary).toMatch(
      new RegExp(`\\| \`${image}\` \\| amd64 \\| \`${built[0].key.slice(0, 12)}\` \\| 🔨 built \\| \\d`),
    );
    expect(first.summary).toContain(':::built');

    // A fresh runner (same cache path, nothing in it): the artifact comes back from the Actions
    // cache (the cache version covers the paths), the image is built again.
    renameSync(join(scratch, 'cache-a'), join(scratch, 'cache-a.kept'));
    const second = await act({
      command: 'build',
      images: image,
      'results-dir': dir('results-2'),
      'cache-dir': dir('cache-a'),
    });
    expect(second.code, second.stdout).toBe(0);
    expect(second.outputs['cache-hit']).toBe('true');
    expect((JSON.parse(second.outputs.built) as Built[])[0].status).toBe('built');
    expect(readdirSync(join(scratch, 'cache-a/artifacts/sha256'))).toHaveLength(1);
    rmSync(join(scratch, 'cache-a'), { recursive: true });
    renameSync(join(scratch, 'cache-a.kept'), join(scratch, 'cache-a'));

    // The first runner again: the build index has the key.
    const third = await act({
      command: 'build',
      images: image,
      'results-dir': dir('results-3'),
      'cache-dir': dir('cache-a'),
    });
    expect(third.code, third.stdout).toBe(0);
    expect((JSON.parse(third.outputs.built) as Built[])[0].status).toBe('unchanged');
  });

  it('fails the step for a failed build, still reporting every image', async () => {
    const res = await act({
      command: 'build',
      images: `${image} ${image}-broken`,
      'results-dir': dir('results-broken'),
      'cache-dir': dir('cache-a'),
    });
    expect(res.code).toBe(1);
    const built = JSON.parse(res.outputs.built) as Built[];
    expect(Object.fromEntries(built.map((b) => [b.name, b.status]))).toEqual({
      [image]: 'unchanged',
      [`${image}-broken`]: 'failed',
    });
    expect(res.stdout).toMatch(/^::error::1 of 2 builds did not finish: .*-broken\/amd64/m);
    expect(res.summary).toMatch(/❌ failed \(/);
    expect(res.summary).toContain(':::failed');
  });

  it('stops the build when the runner cancels the step, and still cleans up and reports', async () => {
    let sent = false;
    const res = await act(
      {
        command: 'build',
        images: `${image}-slow`,
        'results-dir': dir('results-cancel'),
        'cache-dir': dir('cache-cancel'),
        'clouds-yaml': cloudsYaml,
      },
      {},
      (log, signal) => {
        // The runner cancels with SIGINT once the builder is running.
        if (!sent && /Running local shell script/.test(log)) {
          sent = true;
          signal('SIGINT');
        }
      },
    );
    expect(sent).toBe(true);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/^::error::1 of 1 builds did not finish: .*-slow\/amd64/m);
    expect(res.summary).toContain('❌ failed');
    expect(readdirSync(res.runnerTemp).filter((f) => f.startsWith('kiln-clouds-'))).toEqual([]);
  });

  it('tests the builds and fails the step for an image that fails its checks', async () => {
    // The tiny image is an empty disk: its static checks fail, and the record says so.
    const res = await act({ command: 'test', images: image, 'results-dir': join(scratch, 'results-2') });
    expect(res.code).toBe(1);
    const tested = JSON.parse(res.outputs.tested) as { status: string; record: string }[];
    expect(tested).toMatchObject([{ status: 'failed' }]);
    expect(JSON.parse(readFileSync(tested[0].record, 'utf8')).test.status).toBe('failed');
    expect(res.stdout).toMatch(/^::error::1 of 1 images failed their tests/m);
    expect(res.summary).toMatch(/❌ failed \(static checks failed/);
  });

  it('publishes to the dev cloud with the clouds.yaml secret, then finds nothing to do', async () => {
    const results = join(scratch, 'results-1');
    const res = await act({
      command: 'publish',
      images: image,
      'results-dir': results,
      'clouds-yaml': cloudsYaml,
    });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const published = JSON.parse(res.outputs.published) as {
      site: string;
      image_id: string;
      status: string;
    }[];
    expect(published).toMatchObject([{ site: 'dev', status: 'published' }]);

    const glance = await cloud.glance();
    const found = await glance.listImages({ name: image });
    expect(found.map((i) => [i.id, i.status])).toEqual([[published[0].image_id, 'active']]);
    expect(res.summary).toContain(`🚀 published`);
    expect(res.summary).toContain(`dev: \`${published[0].image_id}\``);

    // The password is masked before anything else and appears nowhere but in the add-mask command.
    const password = cloud.passwords.admin;
    expect(res.stdout).toContain(`::add-mask::${password}`);
    const elsewhere = (res.stdout + res.stderr).split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(elsewhere.join('\n')).not.toContain(password);
    expect(res.summary).not.toContain(password);
    // The secret file lived in RUNNER_TEMP for the step only.
    expect(readdirSync(res.runnerTemp).filter((f) => f.startsWith('kiln-clouds-'))).toEqual([]);

    const again = await act({
      command: 'publish',
      images: image,
      'results-dir': results,
      'clouds-yaml': cloudsYaml,
    });
    expect(again.code, again.stdout).toBe(0);
    expect(JSON.parse(again.outputs.published)).toMatchObject([
      { image_id: published[0].image_id, status: 'unchanged' },
    ]);
  });

  it('promotes the published build on a fresh runner instead of building it (promote-from)', async () => {
    const original = JSON.parse(
      readFileSync(join(scratch, 'results-1', image, 'amd64', 'record.json'), 'utf8'),
    ) as { key: string; sha512: string; size: number };
    const res = await act({
      command: 'build',
      images: image,
      'results-dir': dir('results-promoted'),
      'cache-dir': dir('cache-promote'),
      'promote-from': 'dev',
      'clouds-yaml': cloudsYaml,
    });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const built = JSON.parse(res.outputs.built) as Built[];
    expect(built).toMatchObject([{ name: image, status: 'promoted', key: original.key }]);
    const record = JSON.parse(readFileSync(built[0].record!, 'utf8'));
    expect(record).toMatchObject({
      sha512: original.sha512,
      size: original.size,
      promoted_from: { site: 'dev' },
    });
    expect(res.summary).toContain('⏩ promoted');
    // Packer never ran: its artifact was never fetched into the fresh cache.
    expect(existsSync(join(scratch, 'cache-promote', 'artifacts'))).toBe(false);
    expect(readdirSync(res.runnerTemp).filter((f) => f.startsWith('kiln-clouds-'))).toEqual([]);
  });

  it('releases the published build with its manifest', async () => {
    // A config of just the published image: a release must hold every image of its config.
    mkdirSync(join(workspace, 'config-release'), { recursive: true });
    const images = readFileSync(join(workspace, 'config/images.yaml'), 'utf8');
    writeFileSync(
      join(workspace, 'config-release/images.yaml'),
      images.slice(0, images.indexOf(`  ${image}-broken:`)),
    );
    copyFileSync(join(workspace, 'config/sites.yaml'), join(workspace, 'config-release/sites.yaml'));
    const github = await startGitHubServer({ repos: ['octo/images'] });
    try {
      const res = await act(
        {
          command: 'release',
          'config-dir': 'config-release',
          tag: 'v1.0.0',
          'results-dir': join(scratch, 'results-1'),
          repository: 'octo/images',
          'github-token': github.token,
          'base-url': files.url,
        },
        { GITHUB_API_URL: github.url },
      );
      expect(res.code, res.stdout + res.stderr).toBe(0);
      const manifest = JSON.parse(readFileSync(res.outputs.manifest, 'utf8')) as Record<
        string,
        Record<string, unknown>
      >;
      expect(Object.keys(manifest)).toEqual([image]);
      expect(manifest[image]).toMatchObject({ arch: 'amd64', url: `${files.url}/${image}.qcow2` });
      releasedManifest = res.outputs.manifest;
      const [rel] = github.repos.get('octo/images')!;
      expect(rel.tag_name).toBe('v1.0.0');
      expect(rel.assets.map((a) => a.name)).toEqual(['manifest.json']);
      expect(res.outputs['release-url']).toContain('v1.0.0');
      expect(res.stdout).toContain(`::add-mask::${github.token}`);
      expect(res.summary).toContain('## kiln release v1.0.0');
      expect(res.summary).toMatch(/dev: `[0-9a-f-]{36}`/);
    } finally {
      await github.close();
    }
  });

  it('syncs the released manifest into another cloud, then finds it present', async () => {
    const inputs = {
      command: 'sync',
      manifest: releasedManifest,
      cloud: cloud.clouds.siteB,
      'clouds-yaml': cloudsYaml,
    };
    const res = await act(inputs);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const synced = JSON.parse(res.outputs.synced) as { name: string; status: string; image_id: string }[];
    expect(synced).toMatchObject([{ name: image, status: 'uploaded' }]);
    const siteB = await cloud.glance(cloud.clouds.siteB);
    expect((await siteB.getImage(synced[0].image_id))?.status).toBe('active');
    expect(res.summary).toContain(`${cloud.clouds.siteB}: \`${synced[0].image_id}\``);

    const again = await act(inputs);
    expect(again.code, again.stdout).toBe(0);
    expect(JSON.parse(again.outputs.synced)).toMatchObject([{ name: image, status: 'present' }]);
  });

  it('removes the clouds.yaml it wrote, also when publishing fails', async () => {
    const res = await act({
      command: 'publish',
      images: image,
      'results-dir': join(scratch, 'results-1'),
      'clouds-yaml': cloudsYaml.replace(cloud.passwords.admin, 'wrong-password-123'),
    });
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/::error::/);
    expect(res.stdout + res.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(res.runnerTemp).filter((f) => f.startsWith('kiln-clouds-'))).toEqual([]);
  });

  it('refuses a publish without images as bad input', async () => {
    const res = await act({ command: 'publish', 'clouds-yaml': cloudsYaml });
    expect(res.code).toBe(2);
    expect(res.stdout).toContain("::error::input 'images' is required for publish");
  });
});
