// The GitHub side of a release, through @octokit/rest (github.com, or GitHub Enterprise through
// GITHUB_API_URL). Immutable releases freeze their assets when published, so a new release is
// created as a draft, gets its assets, and is published last. Replacing an asset is crash-safe: the
// new one is uploaded under a temporary name, then the old one deleted and the new one renamed, so a
// failure at any point leaves the earlier manifest.json or the new one, never none.
// A tag can have several drafts (GitHub allows it: another run, a person); kiln continues only its
// own, marked in the body with the commit it releases, and leaves the others alone.
import { Octokit } from '@octokit/rest';
import { InputError, WorldError } from '../errors.js';
import type { Logger } from '../log.js';
import { makeLatest, type MakeLatestChoice } from './latest-version.js';

export interface GitHubRepo {
  owner: string;
  repo: string;
}

export interface GitHub {
  octokit: Octokit;
  repo: GitHubRepo;
  /** The run's stop (SIGINT/SIGTERM): a request in flight is abandoned when it fires. */
  signal?: AbortSignal;
}

export interface ReleaseAsset {
  name: string;
  data: Buffer;
  contentType: string;
}

export interface ReleaseInfo {
  id: number;
  tag: string;
  url: string;
  created: boolean;
  assets: { name: string; url: string }[];
}

type Release = Awaited<ReturnType<Octokit['rest']['repos']['getRelease']>>['data'];

const TEMP_SUFFIX = '.kiln-new';

/** Reads GITHUB_TOKEN, GITHUB_API_URL and the repository (flag, else GITHUB_REPOSITORY). */
export function connectGitHub(
  env: NodeJS.ProcessEnv,
  repoFlag: string | undefined,
  logger: Logger,
  signal?: AbortSignal,
): GitHub {
  const token = env.GITHUB_TOKEN;
  if (!token) {
    throw new InputError(
      'GITHUB_TOKEN is not set',
      undefined,
      'a token with contents: write on the repository',
    );
  }
  logger.secret(token);
  const full = repoFlag ?? env.GITHUB_REPOSITORY;
  if (!full) throw new InputError('no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY');
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(full);
  if (!m) throw new InputError(`repository '${full}' is not OWNER/NAME`);
  const octokit = new Octokit({
    auth: token,
    baseUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: 'kiln-release',
    log: { debug: () => {}, info: () => {}, warn: (m: string) => logger.warn(m), error: () => {} },
    request: { signal },
  });
  return { octokit, repo: { owner: m[1]!, repo: m[2]! }, signal };
}

interface GitHubAnswer {
  status?: number;
  message?: string;
  response?: { data?: unknown };
}

/** What GitHub answered: status, message and the validation details it lists. */
function githubAnswer(err: unknown): string {
  const e = err as GitHubAnswer;
  const data = (e.response?.data ?? {}) as {
    message?: string;
    errors?: { code?: string; field?: string; message?: string }[];
  };
  const details = (data.errors ?? [])
    .map((x) => x.message ?? [x.field, x.code].filter(Boolean).join(' '))
    .filter(Boolean);
  return `HTTP ${e.status ?? '?'}: ${data.message ?? e.message ?? String(err)}${details.length ? ` (${details.join('; ')})` : ''}`;
}

/** GitHub's answer, with what it usually means for the people reading the log. */
function describeGitHubError(err: unknown, repo: GitHubRepo): string {
  const answer = githubAnswer(err);
  switch ((err as GitHubAnswer).status) {
    case 401:
      return `${answer}; GITHUB_TOKEN is invalid or expired`;
    case 403:
      return `${answer}; the token may lack "contents: write" on ${repo.owner}/${repo.repo}`;
    case 404:
      return `${answer}; the repository ${repo.owner}/${repo.repo} does not exist or the token cannot see it`;
    default:
      return answer;
  }
}

const isImmutableAnswer = (err: unknown) =>
  (err as GitHubAnswer).status === 422 && /immutable/i.test(githubAnswer(err));

async function call<T>(gh: GitHub, doing: string, target: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    // A draft left by a stopped run is this commit's own: the next run continues it.
    if (gh.signal?.aborted) throw new WorldError({ doing, target, answer: 'stopped (SIGINT/SIGTERM)' });
    if (isImmutableAnswer(err)) {
      throw new WorldError({
        doing,
        target,
        answer: `${describeGitHubError(err, gh.repo)}; the release is immutable, so its assets cannot change: release a new tag instead`,
      });
    }
    throw new WorldError({ doing, target, answer: describeGitHubError(err, gh.repo) }, { cause: err });
  }
}

/** The line kiln ends its release notes with: invisible on GitHub, it names kiln's own drafts. */
const ownMark = (commit: string | undefined) => `<!-- kiln release of ${commit ?? 'an unknown commit'} -->`;

/**
 * The published release of `tag`, else kiln's own draft of it for this commit (left by an
 * interrupted run; the oldest, should there be more), else none.
 */
function pickRelease(
  releases: readonly Release[],
  tag: string,
  commit: string | undefined,
  logger: Logger,
): Release | undefined {
  const ofTag = releases.filter((r) => r.tag_name === tag);
  const published = ofTag.find((r) => !r.draft);
  if (published) return published;
  const mark = ownMark(commit);
  const own = ofTag.filter((r) => (r.body ?? '').includes(mark)).sort((a, b) => a.id - b.id);
  const others = ofTag.length - own.length;
  if (others > 0) logger.info(`${tag}: leaving ${others} draft(s) that are not this run's alone`);
  return own[0];
}

export async function listReleases(gh: GitHub): Promise<Release[]> {
  return call(gh, 'listing releases', `${gh.repo.owner}/${gh.repo.repo}`, () =>
    gh.octokit.paginate(gh.octokit.rest.repos.listReleases, { ...gh.repo, per_page: 100 }),
  );
}

async function uploadAsset(gh: GitHub, release: Release, asset: ReleaseAsset, name: string) {
  return call(gh, `uploading ${name}`, `release ${release.tag_name}`, async () => {
    // upload_url is a URI template on uploads.github.com (or the Enterprise host): use it as given.
    const res = await gh.octokit.request({
      method: 'POST',
      url: release.upload_url,
      name,
      data: asset.data as unknown as string,
      headers: { 'content-type': asset.contentType, 'content-length': asset.data.length },
    });
    return res.data as { id: number; name: string; browser_download_url: string };
  });
}

/** Puts `asset` on the release, replacing an asset of the same name without ever leaving none. */
async function replaceAsset(gh: GitHub, release: Release, asset: ReleaseAsset, logger: Logger) {
  const target = `release ${release.tag_name}`;
  const assets = await call(gh, 'listing assets', target, () =>
    gh.octokit.paginate(gh.octokit.rest.repos.listReleaseAssets, {
      ...gh.repo,
      release_id: release.id,
      per_page: 100,
    }),
  );
  for (const leftover of assets.filter((a) => a.name === asset.name + TEMP_SUFFIX)) {
    logger.info(`removing ${leftover.name} left by an interrupted run`);
    await call(gh, `deleting ${leftover.name}`, target, () =>
      gh.octokit.rest.repos.deleteReleaseAsset({ ...gh.repo, asset_id: leftover.id }),
    );
  }
  const old = assets.find((a) => a.name === asset.name);
  if (!old) return uploadAsset(gh, release, asset, asset.name);
  const fresh = await uploadAsset(gh, release, asset, asset.name + TEMP_SUFFIX);
  await call(gh, `deleting the earlier ${asset.name}`, target, () =>
    gh.octokit.rest.repos.deleteReleaseAsset({ ...gh.repo, asset_id: old.id }),
  );
  const renamed = await call(gh, `renaming the new ${asset.name}`, target, () =>
    gh.octokit.rest.repos.updateReleaseAsset({ ...gh.repo, asset_id: fresh.id, name: asset.name }),
  );
  logger.info(`replaced ${asset.name} on ${target}`);
  return renamed.data;
}

export interface ReleaseRequest {
  tag: string;
  name: string;
  body: string;
  assets: ReleaseAsset[];
  /** The commit the release was built from: the tag is cut there if it does not exist yet. */
  commit?: string;
  /** `auto`: latest only when the tag is the highest version released (latest-version.ts). */
  makeLatest?: MakeLatestChoice;
}

/** Creates (as a draft, then published) or updates the release of `tag` and puts the assets on it. */
export async function publishRelease(
  gh: GitHub,
  input: ReleaseRequest,
  logger: Logger,
): Promise<ReleaseInfo> {
  const target = `${gh.repo.owner}/${gh.repo.repo} ${input.tag}`;
  const all = await listReleases(gh);
  let release = pickRelease(all, input.tag, input.commit, logger);
  const created = !release;
  const latest = makeLatest(input.tag, all, input.makeLatest);
  const body = `${input.body.trimEnd()}\n\n${ownMark(input.commit)}\n`;
  if (release?.immutable) {
    throw new WorldError({
      doing: 'updating the release',
      target,
      answer:
        'the release is immutable (published with immutable releases on): its assets cannot change; release a new tag instead',
    });
  }
  if (!release) {
    logger.info(`creating release ${input.tag} (as a draft until its assets are attached)`);
    if (!input.commit)
      logger.warn(`${input.tag}: the commit is unknown, so a new tag would be cut from the default branch`);
    release = (
      await call(gh, 'creating the release', target, () =>
        gh.octokit.rest.repos.createRelease({
          ...gh.repo,
          tag_name: input.tag,
          ...(input.commit ? { target_commitish: input.commit } : {}),
          name: input.name,
          body,
          draft: true,
        }),
      )
    ).data;
  } else {
    const { id, draft } = release;
    logger.info(`updating release ${input.tag}`);
    release = (
      await call(gh, 'updating the release notes', target, () =>
        gh.octokit.rest.repos.updateRelease({
          ...gh.repo,
          release_id: id,
          name: input.name,
          body,
          ...(draft ? {} : { make_latest: latest }),
        }),
      )
    ).data;
  }
  const uploaded = [];
  for (const asset of input.assets) uploaded.push(await replaceAsset(gh, release, asset, logger));
  if (release.draft) {
    const id = release.id;
    logger.info(`publishing release ${input.tag} (latest: ${latest})`);
    release = (
      await call(gh, 'publishing the release', target, () =>
        gh.octokit.rest.repos.updateRelease({
          ...gh.repo,
          release_id: id,
          draft: false,
          make_latest: latest,
        }),
      )
    ).data;
  }
  return {
    id: release.id,
    tag: input.tag,
    url: release.html_url,
    created,
    assets: uploaded.map((a) => ({ name: a.name, url: a.browser_download_url })),
  };
}

/** The bytes of a release asset (GitHub answers with a redirect to storage; fetch follows it). */
export async function downloadAsset(gh: GitHub, assetId: number, label: string): Promise<Buffer> {
  const res = await call(gh, `downloading ${label}`, `${gh.repo.owner}/${gh.repo.repo}`, () =>
    gh.octokit.rest.repos.getReleaseAsset({
      ...gh.repo,
      asset_id: assetId,
      headers: { accept: 'application/octet-stream' },
    }),
  );
  // octokit decodes by content type: bytes normally, text or parsed JSON from other storage backends.
  const data = res.data as unknown;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(typeof data === 'string' ? data : JSON.stringify(data));
}
