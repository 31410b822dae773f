// The reusable workflow (.github/workflows/kiln.yml) end to end on one machine: a tag run's plan job,
// each matrix entry's build job (the bundled action building real Packer images and publishing them
// to the real dev cloud's Glance), then the release job, which gets only what the build jobs uploaded
// as artifacts. The release's manifest.json must name every image's site and Glance image ID: the
// publish results have to travel with the records (and the images must not).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCacheServer, type CacheServer } from '../support/cache-server.js';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { runReusableWorkflow, type WorkflowRun } from './run-workflow.js';
import { DEV_CLOUD, ACTIONS_CACHE, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD, ...ACTIONS_CACHE, 'packer', 'qemu-img', 'openstack']);

const REPO = 'octo/images';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('the reusable workflow, job by job (tag run: build, publish, release)', () => {
  let cloud: DevCloud;
  let cache: CacheServer;
  let gh: GitHubServer;
  let workspace: string;
  let images: string[];
  let sha: string;
  let run: WorkflowRun;

  beforeAll(async () => {
    [cloud, cache, gh] = await Promise.all([
      devCloud(),
      startCacheServer(),
      startGitHubServer({ repos: [REPO] }),
    ]);
    workspace = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'workflow-repo-'));
    const base = cloud.uniqueName('wf');
    images = [`${base}-a`, `${base}-b`];
    mkdirSync(join(workspace, 'config'));
    mkdirSync(join(workspace, 'packer'));
    copyFileSync(resolve('test/action/fixtures/tiny.pkr.hcl'), join(workspace, 'packer/tiny.pkr.hcl'));
    writeFileSync(
      join(workspace, 'config/images.yaml'),
      `defaults:\n  builders: { packer: "1.6.6" }\n  architectures: [amd64]\nimages:\n` +
        images.map((n) => `  ${n}:\n    builder: packer\n    template: packer/tiny.pkr.hcl\n`).join(''),
    );
    writeFileSync(
      join(workspace, 'config/sites.yaml'),
      `sites:\n  dev:\n    cloud: ${cloud.clouds.admin}\n    kind: kvm\n    keep: 2\n    require_tests: false\n`,
    );
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {
        cwd: workspace,
        encoding: 'utf8',
      }).trim();
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'images');
    sha = git('rev-parse', 'HEAD');

    run = await runReusableWorkflow('.github/workflows/kiln.yml', {
      workspace,
      inputs: { stages: 'build,publish,release', sites: 'dev', tag: 'v1.0.0' },
      secrets: { 'clouds-yaml': readFileSync(cloud.cloudsYaml, 'utf8'), 'github-token': gh.token },
      github: {
        repository: REPO,
        sha,
        ref_name: 'v1.0.0',
        ref_type: 'tag',
        run_id: '42',
        api_url: gh.url,
        server_url: 'https://github.com',
        token: 'ghs_notTheReleaseToken',
      },
      env: {
        PATH: process.env.PATH!,
        HOME: process.env.HOME!,
        // The dev cloud reaches the action only through the clouds-yaml secret.
        OS_CLIENT_CONFIG_FILE: '',
        ...cache.env,
      },
    });
  }, 900_000);
  afterAll(async () => {
    await Promise.all([cache?.close(), gh?.close()]);
  });

  it('runs every job and step it should, and each succeeds', () => {
    const failed = run.steps.filter((s) => s.outcome === 'failure');
    expect(failed.map((s) => `${s.job} ${s.step}:\n${s.log.slice(-3000)}`)).toEqual([]);
    const ran = (job: string) => run.steps.filter((s) => s.job.startsWith(job) && s.outcome === 'success');
    expect(ran('plan').map((s) => s.step)).toContain('kiln plan');
    // One build job per image group, each building, publishing and uploading its results.
    for (const i of [0, 1]) {
      const steps = run.steps
        .filter((s) => s.job === `build[${i}]` && s.outcome === 'success')
        .map((s) => s.step);
      expect(steps).toEqual(expect.arrayContaining(['kiln build', 'kiln publish']));
      expect(steps.some((s) => s.startsWith('Upload the build records'))).toBe(true);
    }
    expect(ran('release').map((s) => s.step)).toContain('kiln release');
  });

  it('uploads each build job’s records and publish results, never an image', () => {
    expect([...run.artifacts.keys()].sort()).toEqual(images.map((n) => `kiln-results-${n}-amd64`));
    for (const n of images) {
      expect(filesUnder(run.artifacts.get(`kiln-results-${n}-amd64`)!)).toEqual([
        `${n}/amd64/publish-dev.json`,
        `${n}/amd64/record.json`,
      ]);
    }
  });

  it('releases a manifest naming every image’s site and Glance image ID, tagged at the built commit', async () => {
    const rel = gh.repos.get(REPO)!.find((r) => r.tag_name === 'v1.0.0')!;
    expect(rel.draft).toBe(false);
    expect(rel.target_commitish).toBe(sha);
    const manifest = JSON.parse(
      rel.assets.find((a) => a.name === 'manifest.json')!.data.toString(),
    ) as Record<string, { sites?: Record<string, { image_id: string; image_name: string }> }>;
    expect(Object.keys(manifest).sort()).toEqual(images);
    for (const n of images) {
      const dev = manifest[n].sites?.dev;
      expect(dev?.image_name).toBe(n);
      // The ID is Glance's: the image is there, active, under its name.
      const shown = JSON.parse(
        execFileSync('openstack', ['image', 'show', '-f', 'json', dev!.image_id], {
          env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloud.cloudsYaml, OS_CLOUD: cloud.clouds.admin },
          encoding: 'utf8',
        }),
      ) as { name: string; status: string };
      expect(shown).toMatchObject({ name: n, status: 'active' });
    }
  });
});
