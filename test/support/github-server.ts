// A local stand-in for the few GitHub REST endpoints `kiln release` uses, speaking GitHub's real
// request and response shapes so the real @octokit/rest can drive it: releases by tag, create,
// update, list; assets list, get (JSON, or bytes via a 302), rename, delete, and uploads to the
// `upload_url` template. It behaves as GitHub documents, where a simpler server would hide bugs:
// - every list is paginated (`per_page` default 30, at most 100) with a `Link` header;
// - a tag may have several draft releases (only a published release claims the tag);
// - github.com: uploads go to another origin (uploads.github.com) and asset downloads redirect to
//   a third (objects.githubusercontent.com), a pre-signed URL that refuses an Authorization header;
// - GitHub Enterprise Server (`ghes: true`): the API under /api/v3, uploads under /api/uploads, one host.
// Immutable releases behave as on github.com: publishing a draft freezes its assets, and asset
// changes answer 422 "Cannot upload assets to an immutable release.".
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAsset {
  id: number;
  name: string;
  label: string | null;
  content_type: string;
  data: Buffer;
  created_at: string;
  updated_at: string;
}

export interface FakeRelease {
  id: number;
  tag_name: string;
  target_commitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  immutable: boolean;
  /** What the client asked for (`true`, `false`, `legacy`), as sent. */
  make_latest?: string;
  created_at: string;
  published_at: string | null;
  assets: FakeAsset[];
}

export interface GitHubServer {
  /** Base URL for octokit (`baseUrl`, like GITHUB_API_URL): `.../api/v3` for GHES. */
  url: string;
  /** Where release assets are uploaded (another origin on github.com). */
  uploadsUrl: string;
  /** Where asset downloads are redirected to (another origin on github.com). */
  storageUrl: string;
  token: string;
  /** Repository `owner/name` -> releases (only these repositories exist). */
  repos: Map<string, FakeRelease[]>;
  /** Repositories whose releases become immutable when published. */
  immutableRepos: Set<string>;
  /** Every request as `METHOD path` (for asserting what the client did). */
  requests: string[];
  /** Answer the next request matching `METHOD path-regex` with this status and message. */
  failNext(method: string, path: RegExp, status: number, message: string): void;
  addRelease(repo: string, release: Partial<FakeRelease> & { tag_name: string }): FakeRelease;
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';
const WEB_DOWNLOAD = /^\/([^/]+\/[^/]+)\/releases\/download\/([^/]+)\/(.+)$/;
const MAX_PER_PAGE = 100;
let nextId = 1000;

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

export async function startGitHubServer(
  options: { token?: string; repos?: string[]; ghes?: boolean } = {},
): Promise<GitHubServer> {
  const token = options.token ?? 'ghs_fakeToken0123456789';
  const repos = new Map<string, FakeRelease[]>((options.repos ?? ['octo/images']).map((r) => [r, []]));
  const immutableRepos = new Set<string>();
  const requests: string[] = [];
  const failures: { method: string; path: RegExp; status: number; message: string }[] = [];
  // github.com: three origins; GHES: one host, the API and uploads under /api.
  let base = '';
  let apiUrl = '';
  let uploadsUrl = '';
  let storageUrl = '';
  let webUrl = '';

  const user = { login: 'kiln-bot', id: 1, type: 'Bot', site_admin: false };
  const assetJson = (repo: string, rel: FakeRelease, a: FakeAsset) => ({
    url: `${apiUrl}/repos/${repo}/releases/assets/${a.id}`,
    browser_download_url: `${webUrl}/${repo}/releases/download/${encodeURIComponent(rel.tag_name)}/${encodeURIComponent(a.name)}`,
    id: a.id,
    node_id: `RA_${a.id}`,
    name: a.name,
    label: a.label,
    state: 'uploaded',
    content_type: a.content_type,
    size: a.data.length,
    digest: null,
    download_count: 0,
    created_at: a.created_at,
    updated_at: a.updated_at,
    uploader: user,
  });
  const releaseJson = (repo: string, r: FakeRelease) => ({
    url: `${apiUrl}/repos/${repo}/releases/${r.id}`,
    html_url: `${webUrl}/${repo}/releases/tag/${encodeURIComponent(r.tag_name)}`,
    assets_url: `${apiUrl}/repos/${repo}/releases/${r.id}/assets`,
    upload_url: `${uploadsUrl}/repos/${repo}/releases/${r.id}/assets{?name,label}`,
    tarball_url: `${apiUrl}/repos/${repo}/tarball/${r.tag_name}`,
    zipball_url: `${apiUrl}/repos/${repo}/zipball/${r.tag_name}`,
    id: r.id,
    node_id: `RE_${r.id}`,
    tag_name: r.tag_name,
    target_commitish: r.target_commitish,
    name: r.name,
    body: r.body,
    draft: r.draft,
    prerelease: r.prerelease,
    immutable: r.immutable,
    created_at: r.created_at,
    published_at: r.published_at,
    author: user,
    assets: r.assets.map((a) => assetJson(repo, r, a)),
  });

  const send = (
    res: ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      'x-github-request-id': `FAKE:${requests.length}`,
      ...headers,
    });
    res.end(text);
  };
  const error = (res: ServerResponse, status: number, message: string, errors?: unknown[]) =>
    send(res, status, {
      message,
      ...(errors ? { errors } : {}),
      documentation_url: DOCS,
      status: String(status),
    });
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };

  const addRelease: GitHubServer['addRelease'] = (repo, init) => {
    const now = new Date().toISOString();
    const rel: FakeRelease = {
      id: nextId++,
      target_commitish: 'main',
      name: init.tag_name,
      body: null,
      draft: false,
      prerelease: false,
      immutable: false,
      created_at: now,
      published_at: init.draft ? null : now,
      assets: [],
      ...init,
    };
    repos.get(repo)!.push(rel);
    return rel;
  };

  /** The request's path as if one server answered everything: /uploads/..., /storage/..., API paths. */
  const normalise = (raw: string, origin: 'main' | 'uploads' | 'storage'): string | undefined => {
    if (origin === 'uploads') return `/uploads${raw}`;
    if (origin === 'storage') return raw.startsWith('/storage/') ? raw : undefined;
    if (options.ghes) {
      if (raw.startsWith('/api/v3/')) return raw.slice('/api/v3'.length);
      if (raw.startsWith('/api/uploads/')) return `/uploads${raw.slice('/api/uploads'.length)}`;
      return raw.startsWith('/storage/') || WEB_DOWNLOAD.test(raw) ? raw : undefined;
    }
    // api.github.com takes no uploads and serves no storage.
    return raw.startsWith('/uploads/') || raw.startsWith('/storage/') ? undefined : raw;
  };
  const storageLink = (a: FakeAsset) => `${storageUrl}/storage/${a.id}?X-Amz-Signature=fake${a.id}`;

  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
    origin: 'main' | 'uploads' | 'storage',
  ) => {
    const u = new URL(req.url ?? '/', 'http://stand-in');
    const method = req.method ?? 'GET';
    const path = normalise(decodeURIComponent(u.pathname), origin);
    requests.push(`${method} ${path ?? `(${origin}) ${u.pathname}`}`);
    if (path === undefined) return error(res, 404, 'Not Found');
    const f = failures.findIndex((x) => x.method === method && x.path.test(path));
    if (f >= 0) {
      const [x] = failures.splice(f, 1);
      return error(res, x!.status, x!.message);
    }

    // Storage: a pre-signed URL. On github.com (S3) it refuses a second way of authenticating.
    let m = /^\/storage\/(\d+)$/.exec(path);
    if (m && method === 'GET') {
      if (req.headers.authorization && !options.ghes) {
        res.writeHead(400, { 'content-type': 'application/xml' });
        return res.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified</Message></Error>',
        );
      }
      const asset = [...repos.values()]
        .flat()
        .flatMap((r) => r.assets)
        .find((a) => a.id === Number(m![1]));
      if (!asset || u.searchParams.get('X-Amz-Signature') !== `fake${asset.id}`)
        return error(res, 404, 'Not Found');
      // GitHub's storage serves every asset as application/octet-stream.
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(asset.data.length),
      });
      return res.end(asset.data);
    }
    // Browser downloads need no token (public repository) and redirect to storage.
    m = WEB_DOWNLOAD.exec(path);
    if (m && method === 'GET') {
      const rel = repos.get(m[1]!)?.find((r) => r.tag_name === m![2] && !r.draft);
      const asset = rel?.assets.find((a) => a.name === m![3]);
      if (!asset) return error(res, 404, 'Not Found');
      return send(res, 302, undefined, { location: storageLink(asset) });
    }

    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${token}` && auth !== `Bearer ${token}`) {
      return error(res, 401, auth ? 'Bad credentials' : 'Requires authentication');
    }

    const upload = path.startsWith('/uploads/');
    const rest = upload ? path.slice('/uploads'.length) : path;
    m = /^\/repos\/([^/]+\/[^/]+)(\/.*)$/.exec(rest);
    const repo = m?.[1];
    const releases = repo ? repos.get(repo) : undefined;
    if (!m || !releases) return error(res, 404, 'Not Found');
    const sub = m[2]!;
    const frozen = (r: FakeRelease) => r.immutable;
    const IMMUTABLE = 'Cannot upload assets to an immutable release.';

    if (upload) {
      const um = /^\/releases\/(\d+)\/assets$/.exec(sub);
      const rel = um && releases.find((r) => r.id === Number(um[1]));
      if (method !== 'POST' || !rel) return error(res, 404, 'Not Found');
      const data = await readBody(req);
      const name = u.searchParams.get('name');
      if (!name)
        return error(res, 422, 'Validation Failed', [
          { resource: 'ReleaseAsset', code: 'missing', field: 'name' },
        ]);
      if (frozen(rel)) return error(res, 422, IMMUTABLE);
      if (rel.assets.some((a) => a.name === name)) {
        return error(res, 422, 'Validation Failed', [
          { resource: 'ReleaseAsset', code: 'already_exists', field: 'name' },
        ]);
      }
      const now = new Date().toISOString();
      const asset: FakeAsset = {
        id: nextId++,
        name,
        label: u.searchParams.get('label'),
        content_type: req.headers['content-type'] ?? 'application/octet-stream',
        data,
        created_at: now,
        updated_at: now,
      };
      rel.assets.push(asset);
      return send(res, 201, assetJson(repo!, rel, asset));
    }

    if (sub === '/releases' && method === 'GET') {
      const sorted = [...releases].sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
      return sendPage(res, u, `${apiUrl}/repos/${repo}/releases`, sorted, (r) => releaseJson(repo!, r));
    }
    if (sub === '/releases' && method === 'POST') {
      const body = JSON.parse((await readBody(req)).toString() || '{}') as Partial<FakeRelease>;
      if (!body.tag_name)
        return error(res, 422, 'Validation Failed', [
          { resource: 'Release', code: 'missing_field', field: 'tag_name' },
        ]);
      if (!body.draft && releases.some((r) => r.tag_name === body.tag_name && !r.draft)) {
        return error(res, 422, 'Validation Failed', [
          { resource: 'Release', code: 'already_exists', field: 'tag_name' },
        ]);
      }
      const rel = addRelease(repo!, {
        tag_name: body.tag_name,
        name: body.name ?? body.tag_name,
        body: body.body ?? null,
        draft: !!body.draft,
        prerelease: !!body.prerelease,
        target_commitish: body.target_commitish ?? 'main',
        make_latest: body.make_latest,
        immutable: !body.draft && immutableRepos.has(repo!),
      });
      return send(res, 201, releaseJson(repo!, rel));
    }
    let sm = /^\/releases\/tags\/(.+)$/.exec(sub);
    if (sm && method === 'GET') {
      // Like github.com: drafts have no tag yet, so they are not found by tag.
      const rel = releases.find((r) => r.tag_name === sm![1] && !r.draft);
      return rel ? send(res, 200, releaseJson(repo!, rel)) : error(res, 404, 'Not Found');
    }
    sm = /^\/releases\/(\d+)$/.exec(sub);
    if (sm) {
      const rel = releases.find((r) => r.id === Number(sm![1]));
      if (!rel) return error(res, 404, 'Not Found');
      if (method === 'GET') return send(res, 200, releaseJson(repo!, rel));
      if (method === 'PATCH') {
        const body = JSON.parse((await readBody(req)).toString() || '{}') as Partial<FakeRelease>;
        for (const k of ['name', 'body', 'prerelease', 'target_commitish', 'make_latest'] as const) {
          if (body[k] !== undefined) (rel as unknown as Record<string, unknown>)[k] = body[k];
        }
        if (body.draft === false && rel.draft) {
          if (releases.some((r) => r.tag_name === rel.tag_name && !r.draft)) {
            return error(res, 422, 'Validation Failed', [
              { resource: 'Release', code: 'already_exists', field: 'tag_name' },
            ]);
          }
          rel.draft = false;
          rel.published_at = new Date().toISOString();
          rel.immutable = immutableRepos.has(repo!);
        }
        return send(res, 200, releaseJson(repo!, rel));
      }
    }
    sm = /^\/releases\/(\d+)\/assets$/.exec(sub);
    if (sm && method === 'GET') {
      const rel = releases.find((r) => r.id === Number(sm![1]));
      if (!rel) return error(res, 404, 'Not Found');
      return sendPage(res, u, `${apiUrl}/repos/${repo}/releases/${rel.id}/assets`, rel.assets, (a) =>
        assetJson(repo!, rel, a),
      );
    }
    sm = /^\/releases\/assets\/(\d+)$/.exec(sub);
    if (sm) {
      const rel = releases.find((r) => r.assets.some((a) => a.id === Number(sm![1])));
      const asset = rel?.assets.find((a) => a.id === Number(sm![1]));
      if (!rel || !asset) return error(res, 404, 'Not Found');
      if (method === 'GET') {
        if ((req.headers.accept ?? '').includes('application/octet-stream')) {
          return send(res, 302, undefined, { location: storageLink(asset) });
        }
        return send(res, 200, assetJson(repo!, rel, asset));
      }
      if (method === 'PATCH') {
        if (frozen(rel)) return error(res, 422, IMMUTABLE);
        const body = JSON.parse((await readBody(req)).toString() || '{}') as {
          name?: string;
          label?: string;
        };
        if (body.name && rel.assets.some((a) => a.name === body.name && a !== asset)) {
          return error(res, 422, 'Validation Failed', [
            { resource: 'ReleaseAsset', code: 'already_exists', field: 'name' },
          ]);
        }
        if (body.name) asset.name = body.name;
        if (body.label !== undefined) asset.label = body.label;
        asset.updated_at = new Date().toISOString();
        return send(res, 200, assetJson(repo!, rel, asset));
      }
      if (method === 'DELETE') {
        if (frozen(rel)) return error(res, 422, IMMUTABLE);
        rel.assets.splice(rel.assets.indexOf(asset), 1);
        return send(res, 204);
      }
    }
    return error(res, 404, 'Not Found');
  };

  const sendPage = <T>(res: ServerResponse, u: URL, url: string, items: T[], json: (item: T) => unknown) => {
    const page = Math.max(1, Number(u.searchParams.get('page') ?? 1));
    const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Number(u.searchParams.get('per_page') ?? 30)));
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number, rel: string) => `<${url}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
    const links = [
      ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
      ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : []),
    ];
    return send(
      res,
      200,
      items.slice((page - 1) * perPage, page * perPage).map(json),
      links.length ? { link: links.join(', ') } : {},
    );
  };

  const serve = (origin: 'main' | 'uploads' | 'storage') =>
    createServer((req, res) => {
      handle(req, res, origin).catch((err: Error) => error(res, 500, `stand-in failed: ${err.message}`));
    });
  const servers = [serve('main')];
  base = await listen(servers[0]!);
  if (options.ghes) {
    apiUrl = `${base}/api/v3`;
    uploadsUrl = `${base}/api/uploads`;
    storageUrl = base;
  } else {
    servers.push(serve('uploads'), serve('storage'));
    apiUrl = base;
    uploadsUrl = await listen(servers[1]!);
    storageUrl = await listen(servers[2]!);
  }
  webUrl = base;
  return {
    url: apiUrl,
    uploadsUrl,
    storageUrl,
    token,
    repos,
    immutableRepos,
    requests,
    failNext: (method, path, status, message) => failures.push({ method, path, status, message }),
    addRelease,
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
