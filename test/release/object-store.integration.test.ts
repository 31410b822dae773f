// `kiln release --object-store SITE` against a real Swift behind the dev cloud's Keystone: the image
// files land in the site's container under its prefix, one version folder per build with a `current`
// pointer a reader can follow, the manifest's URLs serve them without a token, a re-run does not send
// them again, and old versions beyond the site's `keep` are deleted.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runAction } from '../action/run-action.js';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { scratch, writeResult } from './fixtures.js';
import { kilnAsync } from '../support/cli.js';
import { startSwift, type Swift } from './swift.js';
import { fetchArtifact } from '../../src/image-build/artifacts.js';
import { objectArtifactOpener } from '../../src/image-build/object-artifact.js';
import { keystoneSession, resolveCloud } from '../../src/openstack/connect.js';
import { WorldError } from '../../src/errors.js';
import { capturingLogger } from '../openstack/capturing-logger.js';
import { siteConfig } from '../publish/fixtures.js';
import { DEV_CLOUD, SWIFT, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD, ...SWIFT]);

let cloud: DevCloud;
let swift: Swift | undefined;
let repo: string;

describe('kiln release --object-store (real Swift)', () => {
  beforeAll(async () => {
    cloud = await devCloud();
    swift = await startSwift(cloud, scratch('swift'));
    repo = scratch('objstore-repo');
    mkdirSync(join(repo, 'config'));
    writeFileSync(
      join(repo, 'config/images.yaml'),
      'defaults:\n  architectures: [amd64, arm64]\nimages:\n  tiny:\n    elements: [debian-minimal]\n',
    );
    writeFileSync(
      join(repo, 'config/sites.yaml'),
      `sites:\n  store:\n    cloud: ${cloud.clouds.admin}\n    kind: kvm\n    disk_format: qcow2\n    visibility: public\n    keep: 3\n` +
        '    object_store: { container: kiln-images, prefix: releases/v1/ }\n',
    );
  });
  afterAll(async () => {
    await swift?.stop();
  });

  it('uploads the files, the manifest URLs serve them anonymously, and a re-run skips them', async () => {
    const plan = await kilnAsync(['plan', '--config-dir', 'config'], { cwd: repo });
    expect(plan.code, plan.stderr).toBe(0);
    const results = scratch('objstore-results');
    for (const { name, arch, key } of JSON.parse(plan.stdout).images) {
      writeResult(results, `job-${arch}`, name, arch, {
        key,
        content: `bytes of ${name} for ${arch} ${results}`,
      });
    }
    const args = [
      'release',
      '--tag',
      'v1',
      '--results',
      results,
      '--config-dir',
      'config',
      '--manifest-only',
      '--object-store',
      'store',
    ];
    const output = join(results, 'manifest.json');
    const first = await kilnAsync([...args, '--output', output], {
      cwd: repo,
      env: cloud.env(cloud.clouds.admin),
    });
    expect(first.code, first.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(output, 'utf8'));
    expect(Object.keys(manifest).sort()).toEqual(['tiny', 'tiny-arm64']);
    for (const entry of Object.values(manifest) as { url: string; checksum: string }[]) {
      expect(entry.url).toMatch(
        new RegExp(
          `^${swift!.url}/v1/AUTH_[0-9a-f]+/kiln-images/releases/v1/(tiny(-arm64)?)/versions/20261120-[0-9a-f]{8}/\\1\\.qcow2$`,
        ),
      );
      const res = await fetch(entry.url);
      expect(res.status).toBe(200);
      const body = Buffer.from(await res.arrayBuffer());
      expect(`sha256:${createHash('sha256').update(body).digest('hex')}`).toBe(entry.checksum);
    }
    const again = await kilnAsync([...args, '--output', output], {
      cwd: repo,
      env: cloud.env(cloud.clouds.admin),
    });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(
      /releases\/v1\/tiny\/versions\/20261120-[0-9a-f]{8}\/tiny\.qcow2 is already in kiln-images/,
    );
    expect(again.stderr).not.toContain('uploading releases/v1/tiny');
  });

  it('tag run: each build job uploads its own files, the release job releases from the records alone', async () => {
    const dir = scratch('objstore-tag');
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config/images.yaml'), readFileSync(join(repo, 'config/images.yaml')));
    writeFileSync(
      join(dir, 'config/sites.yaml'),
      `sites:\n  store:\n    cloud: ${cloud.clouds.admin}\n    kind: kvm\n` +
        '    object_store: { container: kiln-images, prefix: releases/tag-run/ }\n',
    );
    const env = cloud.env(cloud.clouds.admin);
    const plan = await kilnAsync(['plan'], { cwd: dir });
    expect(plan.code, plan.stderr).toBe(0);
    // Each matrix job's folder holds its records and image files (the runner's disk) ...
    const jobs = scratch('objstore-jobs');
    const records = scratch('objstore-artifacts');
    for (const { name, arch, key } of JSON.parse(plan.stdout).images) {
      const rec = writeResult(jobs, `job-${arch}`, name, arch, { key, content: `${name} ${arch} ${jobs}` });
      // ... and only its record.json travels to the release job as a workflow artifact.
      const rdir = join(records, `kiln-results-${arch}`, name, arch);
      mkdirSync(rdir, { recursive: true });
      writeFileSync(join(rdir, 'record.json'), JSON.stringify(rec));
    }
    const upload = (job: string) =>
      kilnAsync(['release', '--upload-only', '--object-store', 'store', '--results', join(jobs, job)], {
        cwd: dir,
        env,
      });
    const release = () =>
      kilnAsync(
        ['release', '--tag', 'v3', '--results', records, '--manifest-only', '--object-store', 'store'],
        { cwd: dir, env },
      );

    const amd = await upload('job-amd64');
    expect(amd.code, amd.stderr).toBe(0);
    expect(JSON.parse(amd.stdout).uploaded).toEqual([
      {
        name: 'tiny',
        url: expect.stringMatching(/\/kiln-images\/releases\/tag-run\/tiny\/versions\/[^/]+\/tiny\.qcow2$/),
      },
    ]);
    // The arm64 job has not uploaded yet: the release names what is missing and releases nothing.
    let res = await release();
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('1 image files are neither beside their records nor in kiln-images');
    expect(res.stderr).toMatch(/releases\/tag-run\/tiny-arm64\/versions\/[^/]+\/tiny-arm64\.qcow2/);
    expect(res.stderr).not.toMatch(/releases\/tag-run\/tiny\/versions/);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(false);

    // The arm64 job uploads through the action, as kiln.yml's build job does.
    const step = await runAction(
      {
        command: 'release',
        'upload-only': 'true',
        'object-store': 'store',
        'results-dir': join(jobs, 'job-arm64'),
        'clouds-yaml': readFileSync(cloud.cloudsYaml, 'utf8'),
      },
      { workspace: dir, env: { OS_CLIENT_CONFIG_FILE: '' } },
    );
    expect(step.code, step.stdout + step.stderr).toBe(0);
    expect(JSON.parse(step.outputs.uploaded)).toEqual([
      {
        name: 'tiny-arm64',
        url: expect.stringMatching(/\/releases\/tag-run\/tiny-arm64\/versions\/[^/]+\/tiny-arm64\.qcow2$/),
      },
    ]);
    expect(step.summary).toContain('tiny-arm64');
    res = await release();
    expect(res.code, res.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest).sort()).toEqual(['tiny', 'tiny-arm64']);
    for (const entry of Object.values(manifest) as { url: string; checksum: string }[]) {
      expect(entry.url).toContain('/kiln-images/releases/tag-run/');
      const body = Buffer.from(await (await fetch(entry.url)).arrayBuffer());
      expect(`sha256:${createHash('sha256').update(body).digest('hex')}`).toBe(entry.checksum);
    }
  });

  it('keeps each build as a version behind a `current` pointer, and only `keep` old versions', async () => {
    const dir = scratch('objstore-versions');
    mkdirSync(join(dir, 'config'));
    writeFileSync(
      join(dir, 'config/sites.yaml'),
      `sites:\n  store:\n    cloud: ${cloud.clouds.admin}\n    kind: kvm\n    keep: 1\n` +
        '    object_store: { container: kiln-images, prefix: versions-test/ }\n',
    );
    const env = cloud.env(cloud.clouds.admin);
    let container = '';
    const released: { version: string; sha256: string; url: string }[] = [];
    for (const n of [1, 2, 3]) {
      // Another setting, another build key: a new build of the same name.
      writeFileSync(
        join(dir, 'config/images.yaml'),
        `images:\n  tiny:\n    elements: [debian-minimal]\n    env: { BUILD: "${n}" }\n`,
      );
      const plan = await kilnAsync(['plan'], { cwd: dir });
      expect(plan.code, plan.stderr).toBe(0);
      const [{ name, arch, key }] = JSON.parse(plan.stdout).images;
      const results = scratch(`objstore-versions-${n}`);
      const rec = writeResult(results, 'job', name, arch, { key, content: `build ${n} ${results}` });
      const res = await kilnAsync(
        ['release', '--tag', `v${n}`, '--results', results, '--manifest-only', '--object-store', 'store'],
        { cwd: dir, env },
      );
      expect(res.code, res.stderr).toBe(0);
      const entry = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).tiny;
      container = entry.url.slice(0, entry.url.indexOf('/versions-test/'));
      expect(container).toMatch(new RegExp(`^${swift!.url}/v1/AUTH_[0-9a-f]+/kiln-images$`));
      // A reader follows `current` to the version and checks the file against version.json.
      const current = await (await fetch(`${container}/versions-test/tiny/current`)).json();
      expect(current).toEqual({
        version: `20261120-${key.slice(0, 8)}`,
        object: `versions-test/tiny/versions/20261120-${key.slice(0, 8)}/tiny.qcow2`,
        sha256: rec.sha256,
      });
      expect(entry.url).toBe(`${container}/${current.object}`);
      const info = await (
        await fetch(`${container}/versions-test/tiny/versions/${current.version}/version.json`)
      ).json();
      expect(info).toMatchObject({
        name: 'tiny',
        version: current.version,
        sha256: rec.sha256,
        build_key: key,
      });
      const body = Buffer.from(await (await fetch(`${container}/${current.object}`)).arrayBuffer());
      expect(createHash('sha256').update(body).digest('hex')).toBe(info.sha256);
      released.push({ version: current.version, sha256: rec.sha256, url: entry.url });
    }
    // keep: 1 keeps the current version and one older one; the oldest is gone, file and all.
    const exists = async (url: string) => (await fetch(url)).status;
    const infoOf = (r: { version: string }) =>
      `${container}/versions-test/tiny/versions/${r.version}/version.json`;
    expect(await exists(released[0]!.url)).toBe(404);
    expect(await exists(infoOf(released[0]!))).toBe(404);
    for (const r of released.slice(1)) {
      expect(await exists(r.url)).toBe(200);
      expect(await exists(infoOf(r))).toBe(200);
    }
  });

  it('fetches an object-store artifact from a private container with the site credentials', async () => {
    const { logger } = capturingLogger();
    const env = cloud.env(cloud.clouds.admin);
    const session = keystoneSession({
      cloud: resolveCloud({ cloud: cloud.clouds.admin, env, cwd: repo }),
      label: 'test',
      logger,
      env,
    });
    const put = async (path: string, body?: string) => {
      const res = await session.request('object-store', { method: 'PUT', path, body });
      expect(res.status, res.body.toString()).toBeLessThan(300);
    };
    // Private: no read ACL, as CC keeps its licensed files.
    await put('/cc-artifacts');
    const content = `licensed driver ${repo}`;
    await put('/cc-artifacts/nvidia/driver%201.run', content);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const sites = new Map([['CHI@TACC', siteConfig('CHI@TACC', cloud.clouds.admin)]]);
    const openObject = objectArtifactOpener(sites, { env, cwd: repo, logger });
    const cache = scratch('artifact-cache');
    const artifact = { object: 'nvidia/driver 1.run', container: 'cc-artifacts', site: 'CHI@TACC' };
    const path = await fetchArtifact(
      { ...artifact, sha256 },
      { cache, label: 'CC-CUDA: DRIVER', openObject },
    );
    expect(readFileSync(path, 'utf8')).toBe(content);
    expect(path).toBe(join(cache, 'artifacts', 'sha256', sha256));

    // A wrong checksum names both hashes; a missing object says what answered; neither is cached.
    const wrong = 'f'.repeat(64);
    const err = await fetchArtifact({ ...artifact, sha256: wrong }, { cache, label: 'x', openObject }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorldError);
    expect((err as Error).message).toContain(
      `expected ${wrong} (from the config) but the download has ${sha256}`,
    );
    expect(existsSync(join(cache, 'artifacts', 'sha256', wrong))).toBe(false);
    await expect(
      fetchArtifact(
        { ...artifact, object: 'nvidia/missing.run', sha256: wrong },
        { cache, label: 'x', openObject },
      ),
    ).rejects.toThrow(
      'downloading artifact from the object store (x from CHI@TACC:cc-artifacts/nvidia/missing.run on site CHI@TACC (cloud dev-admin)): HTTP 404',
    );
  });

  it('refuses a site without object_store, and missing image files, before uploading anything', async () => {
    writeFileSync(
      join(repo, 'config/sites.yaml'),
      `sites:\n  plain: { cloud: ${cloud.clouds.admin}, kind: kvm, disk_format: qcow2, visibility: public, keep: 3 }\n`,
    );
    const results = scratch('objstore-results');
    const res = await kilnAsync(
      [
        'release',
        '--tag',
        'v2',
        '--results',
        results,
        '--config-dir',
        'config',
        '--manifest-only',
        '--object-store',
        'plain',
        '--allow-incomplete',
      ],
      { cwd: repo, env: cloud.env(cloud.clouds.admin) },
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("site 'plain' has no object_store");
  });
});
