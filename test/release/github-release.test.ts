// The GitHub side of `kiln release`, driven through the real @octokit/rest against the local stand-in.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorldError } from '../../src/errors.js';
import { silentLogger, streamLogger, Masker } from '../../src/log.js';
import { connectGitHub } from '../../src/release/github-release.js';
import { baseUrlStore } from '../../src/release/image-store.js';
import { release } from '../../src/release/release.js';
import { imageSbom, SBOM_FILE } from '../../src/sbom/cyclonedx.js';
import type { InstalledPackage } from '../../src/sbom/package-lists.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { expected, scratch, writeResult } from './fixtures.js';

const REPO = 'octo/images';
let gh: GitHubServer;

beforeEach(async () => {
  gh = await startGitHubServer({ repos: [REPO] });
});
afterEach(async () => {
  await gh.close();
});

function setup(salt = '') {
  const root = scratch('gh');
  writeResult(root, 'job-1', 'debian-12', 'amd64', { sites: ['kvm'], salt });
  writeResult(root, 'job-2', 'rocky-9', 'amd64', { sites: ['kvm'] });
  const plan = [...expected('debian-12', ['amd64']), ...expected('rocky-9', ['amd64'])];
  if (salt)
    plan[0]!.key = JSON.parse(
      readFileSync(join(root, 'job-1/output/debian-12/amd64/record.json'), 'utf8'),
    ).key;
  return { root, plan };
}

const env = (over: Record<string, string> = {}) => ({
  GITHUB_TOKEN: gh.token,
  GITHUB_API_URL: gh.url,
  GITHUB_REPOSITORY: REPO,
  ...over,
});

async function runRelease(
  tag: string,
  options: { salt?: string; env?: Record<string, string>; logger?: typeof silentLogger } = {},
) {
  const { root, plan } = setup(options.salt);
  const logger = options.logger ?? silentLogger;
  return release({
    tag,
    resultsDir: root,
    output: join(root, 'manifest.json'),
    expected: plan,
    github: connectGitHub(env(options.env), undefined, logger),
    logger,
  });
}

const releaseOf = (tag: string) => gh.repos.get(REPO)!.find((r) => r.tag_name === tag)!;
const manifestOf = (tag: string) =>
  JSON.parse(
    releaseOf(tag)
      .assets.find((a) => a.name === 'manifest.json')!
      .data.toString(),
  );

describe('kiln release on GitHub (stand-in API, real octokit)', () => {
  it('creates the release as a draft, attaches manifest.json, then publishes it', async () => {
    const out = await runRelease('v1.0.0');
    expect(out.release?.created).toBe(true);
    const rel = releaseOf('v1.0.0');
    expect(rel.draft).toBe(false);
    expect(rel.assets.map((a) => a.name)).toEqual(['manifest.json']);
    expect(manifestOf('v1.0.0')).toEqual(out.manifest);
    expect(out.release?.assets[0]?.url).toMatch(
      /\/octo\/images\/releases\/download\/v1\.0\.0\/manifest\.json$/,
    );
    // Draft first: the asset upload happened before the release was published.
    const create = gh.requests.indexOf('POST /repos/octo/images/releases');
    const upload = gh.requests.findIndex((r) => r.startsWith('POST /uploads/'));
    const publish = gh.requests.findIndex((r) => r.startsWith('PATCH /repos/octo/images/releases/'));
    expect(create).toBeGreaterThanOrEqual(0);
    expect(upload).toBeGreaterThan(create);
    expect(publish).toBeGreaterThan(upload);
    expect(rel.body).toContain('| debian-12 | amd64 | qcow2 |');
    expect(rel.body).toContain(out.manifest['rocky-9']!.checksum.slice('sha256:'.length));
    expect(rel.body).toContain('No earlier release with a manifest.json');
  });

  it('on a re-run updates the release and replaces manifest.json, leaving exactly one', async () => {
    await runRelease('v1.0.0');
    const firstId = releaseOf('v1.0.0').assets[0]!.id;
    const second = await runRelease('v1.0.0', { salt: 'rebuilt' });
    expect(second.release?.created).toBe(false);
    const rel = releaseOf('v1.0.0');
    expect(gh.repos.get(REPO)).toHaveLength(1);
    expect(rel.assets.map((a) => a.name)).toEqual(['manifest.json']);
    expect(rel.assets[0]!.id).not.toBe(firstId);
    expect(manifestOf('v1.0.0')['debian-12'].build_key).toBe(second.manifest['debian-12']!.build_key);
  });

  it('a re-run after an interrupted replace converges (old asset kept until the new one is there)', async () => {
    await runRelease('v1.0.0');
    gh.failNext('DELETE', /\/releases\/assets\/\d+$/, 502, 'Server Error');
    await expect(runRelease('v1.0.0', { salt: 'rebuilt' })).rejects.toThrow(
      /deleting the earlier manifest\.json.*HTTP 502/,
    );
    // Never without a manifest: the old one is still there next to the new one's temporary name.
    expect(
      releaseOf('v1.0.0')
        .assets.map((a) => a.name)
        .sort(),
    ).toEqual(['manifest.json', 'manifest.json.kiln-new']);
    const again = await runRelease('v1.0.0', { salt: 'rebuilt' });
    expect(releaseOf('v1.0.0').assets.map((a) => a.name)).toEqual(['manifest.json']);
    expect(manifestOf('v1.0.0')['debian-12'].build_key).toBe(again.manifest['debian-12']!.build_key);
  });

  it('release notes say what changed since the previous release', async () => {
    await runRelease('v1.0.0');
    const notes = (await runRelease('v1.1.0', { salt: 'rebuilt' })).notes;
    expect(notes).toContain('## Changes since v1.0.0');
    expect(notes).toContain('Rebuilt: `debian-12`');
    expect(notes).toContain('Unchanged: `rocky-9`');
    expect(releaseOf('v1.1.0').body).toContain(notes);
  });

  it('attaches each SBOM, names it in the manifest, and lists package changes since the previous release', async () => {
    const withSboms = async (tag: string, salt: string, packages: InstalledPackage[]) => {
      const root = scratch('gh-sbom');
      const record = writeResult(root, 'job-1', 'debian-12', 'amd64', { salt });
      const dir = join(root, 'job-1/output/debian-12/amd64');
      const bom = imageSbom(record, packages, { id: 'debian', versionId: '12' }, '/var/lib/dpkg/status');
      writeFileSync(join(dir, SBOM_FILE), JSON.stringify(bom));
      writeFileSync(join(dir, 'record.json'), JSON.stringify({ ...record, sbom: SBOM_FILE }));
      const plan = expected('debian-12', ['amd64']);
      plan[0]!.key = record.key;
      return release({
        tag,
        resultsDir: root,
        output: join(root, 'manifest.json'),
        expected: plan,
        store: baseUrlStore('https://images.example.org/v1'),
        github: connectGitHub(env(), undefined, silentLogger),
        logger: silentLogger,
      });
    };
    const pkg = (name: string, version: string) => ({ name, version, arch: 'amd64' });
    const first = await withSboms('v1.0.0', 'a', [
      pkg('curl', '7.88.1-10'),
      pkg('openssl', '3.0.11-1~deb12u2'),
    ]);
    expect(first.manifest['debian-12']!['image-sbom-url']).toBe(
      'https://images.example.org/v1/debian-12.sbom.cdx.json',
    );
    expect(releaseOf('v1.0.0').assets.map((a) => a.name)).toEqual([
      'manifest.json',
      'debian-12.sbom.cdx.json',
    ]);
    const second = await withSboms('v1.1.0', 'b', [pkg('jq', '1.6-2.1'), pkg('openssl', '3.0.13-1~deb12u1')]);
    expect(second.notes).toContain(
      [
        '### Package changes in `debian-12`',
        '',
        '- openssl 3.0.11-1~deb12u2 → 3.0.13-1~deb12u1',
        '- added jq 1.6-2.1',
        '- removed curl 7.88.1-10',
      ].join('\n'),
    );
    expect(releaseOf('v1.1.0').body).toContain(second.notes);
  });

  it('reports an immutable release clearly and does not try to change it', async () => {
    gh.immutableRepos.add(REPO);
    await runRelease('v1.0.0');
    expect(releaseOf('v1.0.0').immutable).toBe(true);
    const before = gh.requests.length;
    const err = await runRelease('v1.0.0', { salt: 'rebuilt' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorldError);
    expect((err as Error).message).toMatch(/octo\/images v1\.0\.0.*immutable.*release a new tag/);
    expect(gh.requests.slice(before).filter((r) => !r.startsWith('GET '))).toEqual([]);
  });

  it('surfaces a 422 "immutable" answer to an upload once, without retrying', async () => {
    gh.failNext('POST', /^\/uploads\//, 422, 'Cannot upload assets to an immutable release.');
    const err = await runRelease('v2.0.0').catch((e: unknown) => e);
    expect((err as Error).message).toContain('HTTP 422: Cannot upload assets to an immutable release.');
    expect((err as Error).message).toContain('release a new tag');
    expect(gh.requests.filter((r) => r.startsWith('POST /uploads/'))).toHaveLength(1);
  });

  it('surfaces 401 (bad token) without printing the token', async () => {
    const lines: string[] = [];
    const logger = streamLogger({ write: (t) => void lines.push(t), masker: new Masker() });
    const err = await runRelease('v1.0.0', { env: { GITHUB_TOKEN: 'ghs_wrongTokenValue42' }, logger }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorldError);
    expect((err as Error).message).toMatch(/HTTP 401: Bad credentials; GITHUB_TOKEN is invalid or expired/);
    expect((err as Error).message + lines.join('')).not.toContain('ghs_wrongTokenValue42');
  });

  it('surfaces 404 (unknown repository) and 422 (validation failed) with what GitHub said', async () => {
    const e404 = await runRelease('v1.0.0', { env: { GITHUB_REPOSITORY: 'octo/nope' } }).catch(
      (e: unknown) => e,
    );
    expect((e404 as Error).message).toMatch(
      /HTTP 404: Not Found; the repository octo\/nope does not exist or the token cannot see it/,
    );
    gh.failNext('POST', /\/releases$/, 422, 'Validation Failed');
    const e422 = await runRelease('v1.0.0').catch((e: unknown) => e);
    expect((e422 as Error).message).toMatch(
      /creating the release \(octo\/images v1\.0\.0\): HTTP 422: Validation Failed/,
    );
  });

  it('refuses to start without a token or a repository (bad input)', () => {
    expect(() => connectGitHub({ GITHUB_REPOSITORY: REPO }, undefined, silentLogger)).toThrow(
      /GITHUB_TOKEN is not set/,
    );
    expect(() => connectGitHub({ GITHUB_TOKEN: 'x' }, undefined, silentLogger)).toThrow(/--repo OWNER\/NAME/);
    expect(() => connectGitHub({ GITHUB_TOKEN: 'x' }, 'not a repo', silentLogger)).toThrow(/not OWNER\/NAME/);
  });
});

// GitHub as it behaves (test/support/github-server.ts): paginated lists, several drafts per tag,
// uploads and downloads on other origins, GitHub Enterprise's /api/v3.
describe('kiln release against GitHub’s documented behaviour', () => {
  const COMMIT = 'c0ffee'.padEnd(40, '0');
  const releaseWith = (
    tag: string,
    over: Record<string, string> = {},
    latest?: 'auto' | 'true' | 'false',
  ) => {
    const { root, plan } = setup();
    return release({
      tag,
      resultsDir: root,
      output: join(root, 'manifest.json'),
      expected: plan,
      github: connectGitHub(env(over), undefined, silentLogger),
      commit: COMMIT,
      makeLatest: latest,
      logger: silentLogger,
    });
  };
  /** 150 older published releases, so that a list of 100 does not see them all. */
  const manyReleases = () => {
    for (let i = 0; i < 150; i++)
      gh.addRelease(REPO, {
        tag_name: `v0.${i}.0`,
        created_at: new Date(Date.UTC(2020, 0, 1, 0, i)).toISOString(),
      });
  };

  it('pages through every list by its Link header (150 releases), finding its own draft on page 2', async () => {
    manyReleases();
    // An interrupted run's draft, older than every other release: on the second page of 100.
    const own = gh.addRelease(REPO, {
      tag_name: 'v1.0.0',
      draft: true,
      body: `notes\n\n<!-- kiln release of ${COMMIT} -->\n`,
      created_at: '2019-01-01T00:00:00Z',
    });
    const out = await releaseWith('v1.0.0');
    expect(out.release?.id).toBe(own.id);
    expect(out.release?.created).toBe(false);
    expect(gh.requests).toContain('GET /repos/octo/images/releases');
    expect(gh.repos.get(REPO)!.filter((r) => r.tag_name === 'v1.0.0')).toHaveLength(1);
    expect(own.draft).toBe(false);
  });

  it("continues only its own draft among several for the tag, leaving a person's and another commit's", async () => {
    const person = gh.addRelease(REPO, { tag_name: 'v1.0.0', draft: true, body: 'draft notes by hand' });
    const other = gh.addRelease(REPO, {
      tag_name: 'v1.0.0',
      draft: true,
      body: `x\n\n<!-- kiln release of ${'f'.repeat(40)} -->\n`,
    });
    const own = gh.addRelease(REPO, {
      tag_name: 'v1.0.0',
      draft: true,
      body: `x\n\n<!-- kiln release of ${COMMIT} -->\n`,
    });
    const out = await releaseWith('v1.0.0');
    expect(out.release?.id).toBe(own.id);
    expect(own.draft).toBe(false);
    expect(own.assets.map((a) => a.name)).toEqual(['manifest.json']);
    for (const r of [person, other]) {
      expect(r.draft).toBe(true);
      expect(r.assets).toEqual([]);
    }
    expect(person.body).toBe('draft notes by hand');
  });

  it('creates the tag at the built commit and marks the draft as its own', async () => {
    await releaseWith('v1.0.0');
    const rel = releaseOf('v1.0.0');
    expect(rel.target_commitish).toBe(COMMIT);
    expect(rel.body).toContain(`<!-- kiln release of ${COMMIT} -->`);
  });

  it('makes a release latest only when its tag is the highest version released', async () => {
    gh.addRelease(REPO, { tag_name: 'v2.0.0' });
    gh.addRelease(REPO, { tag_name: 'v2.1.0-rc.1', prerelease: true });
    gh.addRelease(REPO, { tag_name: 'nightly' });
    await releaseWith('v1.4.3');
    expect(releaseOf('v1.4.3').make_latest).toBe('false');
    await releaseWith('v2.0.1');
    expect(releaseOf('v2.0.1').make_latest).toBe('true');
    await releaseWith('v2.2.0-rc.1');
    expect(releaseOf('v2.2.0-rc.1').make_latest).toBe('false');
    // The input overrides.
    await releaseWith('v1.5.0', {}, 'true');
    expect(releaseOf('v1.5.0').make_latest).toBe('true');
  });

  it('uploads to the uploads origin and downloads through a cross-origin redirect to storage', async () => {
    expect(new URL(gh.uploadsUrl).origin).not.toBe(new URL(gh.url).origin);
    await releaseWith('v1.0.0');
    const out = await releaseWith('v1.1.0');
    // The notes compare with v1.0.0's manifest: downloaded from storage, which refuses a token.
    expect(out.notes).toContain('## Changes since v1.0.0');
    expect(gh.requests).toContain('GET /storage/' + releaseOf('v1.0.0').assets[0]!.id);
    expect(gh.requests.filter((r) => r.startsWith('POST /uploads/repos/octo/images/releases/'))).toHaveLength(
      2,
    );
  });
});

describe('kiln release on GitHub Enterprise Server (/api/v3, /api/uploads)', () => {
  let ghes: GitHubServer;
  beforeEach(async () => {
    ghes = await startGitHubServer({ repos: [REPO], ghes: true });
  });
  afterEach(async () => {
    await ghes.close();
  });

  it('releases through the base path GITHUB_API_URL names', async () => {
    expect(ghes.url).toMatch(/\/api\/v3$/);
    const { root, plan } = setup();
    const github = connectGitHub(
      { ...env(), GITHUB_API_URL: ghes.url, GITHUB_TOKEN: ghes.token },
      undefined,
      silentLogger,
    );
    const run = (tag: string) =>
      release({
        tag,
        resultsDir: root,
        output: join(root, 'm.json'),
        expected: plan,
        github,
        logger: silentLogger,
      });
    await run('v1.0.0');
    const second = await run('v1.1.0');
    expect(second.notes).toContain('## Changes since v1.0.0');
    const rel = ghes.repos.get(REPO)!.find((r) => r.tag_name === 'v1.1.0')!;
    expect(rel.draft).toBe(false);
    expect(rel.assets.map((a) => a.name)).toEqual(['manifest.json']);
    expect(ghes.requests.some((r) => r.startsWith('POST /uploads/'))).toBe(true);
    expect(ghes.requests.filter((r) => r.includes('(main)'))).toEqual([]);
  });
});
