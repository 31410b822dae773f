// A local stand-in for GitHub's Actions cache service (v2), speaking its real protocol so that the
// real @actions/cache library runs against it: Twirp JSON calls under
// /twirp/github.actions.results.api.v1.CacheService/ and an Azure-Blob-like store for the archive
// (single PUT, or staged blocks + block list, as the Azure SDK sends; plain GET to download).
// Environment for a client: { ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN }.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const TWIRP = '/twirp/github.actions.results.api.v1.CacheService/';
const TOKEN = 'kiln-test-runtime-token';

interface Entry {
  id: number;
  key: string;
  version: string;
  blob?: Buffer;
  blocks: Map<string, Buffer>;
  finalized: boolean;
  createdAt: number;
}

export interface CacheServer {
  url: string;
  /** Environment variables that point @actions/cache at this server. */
  env: Record<string, string>;
  /** Finalized entries' keys, oldest first. */
  keys(): string[];
  /** Twirp method names in the order they were called. */
  calls: string[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, data: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(data));
}

export async function startCacheServer(): Promise<CacheServer> {
  const entries: Entry[] = [];
  const calls: string[] = [];
  let nextId = 1;
  let tick = 0;
  let url = '';

  const blobUrl = (e: Entry) => `${url}/devstoreaccount1/cache/entry-${e.id}?sig=test`;

  // The real service matches the primary key exactly or as a prefix, then each restore key as a
  // prefix, newest entry first, always for the same version (paths + compression).
  function lookup(keys: string[], version: string): Entry | undefined {
    const ready = entries
      .filter((e) => e.finalized && e.version === version)
      .sort((a, b) => b.createdAt - a.createdAt);
    for (const k of keys) {
      const hit = ready.find((e) => e.key === k) ?? ready.find((e) => e.key.startsWith(k));
      if (hit) return hit;
    }
    return undefined;
  }

  async function twirp(method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.authorization !== `Bearer ${TOKEN}`)
      return json(res, 401, { code: 'unauthenticated', msg: 'bad token' });
    const data = JSON.parse((await body(req)).toString('utf8') || '{}') as Record<string, unknown>;
    calls.push(method);
    const key = String(data.key ?? '');
    const version = String(data.version ?? '');
    switch (method) {
      case 'GetCacheEntryDownloadURL': {
        const hit = lookup([key, ...((data.restore_keys as string[]) ?? [])], version);
        return json(
          res,
          200,
          hit ? { ok: true, signed_download_url: blobUrl(hit), matched_key: hit.key } : { ok: false },
        );
      }
      case 'CreateCacheEntry': {
        if (entries.some((e) => e.key === key && e.version === version)) {
          return json(res, 409, {
            code: 'already_exists',
            msg: 'cache entry with the same key and version already exists',
          });
        }
        const e: Entry = {
          id: nextId++,
          key,
          version,
          blocks: new Map(),
          finalized: false,
          createdAt: ++tick,
        };
        entries.push(e);
        return json(res, 200, { ok: true, signed_upload_url: blobUrl(e) });
      }
      case 'FinalizeCacheEntryUpload': {
        const e = entries.find((x) => x.key === key && x.version === version && !x.finalized);
        if (!e?.blob || e.blob.length !== Number(data.size_bytes)) {
          return json(res, 200, { ok: false, message: 'upload missing or of the wrong size' });
        }
        e.finalized = true;
        return json(res, 200, { ok: true, entry_id: String(e.id) });
      }
      default:
        return json(res, 404, { code: 'bad_route', msg: `no method ${method}` });
    }
  }

  async function blob(req: IncomingMessage, res: ServerResponse, u: URL): Promise<void> {
    const id = Number(/entry-(\d+)$/.exec(u.pathname)?.[1]);
    const e = entries.find((x) => x.id === id);
    if (!e) return void res.writeHead(404).end();
    const headers = { 'x-ms-request-id': String(tick), 'x-ms-version': '2024-11-04', etag: `"${e.id}"` };
    if (req.method === 'PUT') {
      const data = await body(req);
      const comp = u.searchParams.get('comp');
      if (comp === 'block') e.blocks.set(u.searchParams.get('blockid')!, data);
      else if (comp === 'blocklist') {
        const ids = [...data.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]+)</g)].map(
          (m) => m[1],
        );
        e.blob = Buffer.concat(ids.map((b) => e.blocks.get(b)!));
      } else e.blob = data;
      return void res.writeHead(201, headers).end();
    }
    if (!e.finalized || !e.blob) return void res.writeHead(404).end();
    res.writeHead(200, {
      ...headers,
      'content-length': e.blob.length,
      'content-type': 'application/octet-stream',
    });
    res.end(req.method === 'HEAD' ? undefined : e.blob);
  }

  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', url);
    const handle = u.pathname.startsWith(TWIRP)
      ? twirp(u.pathname.slice(TWIRP.length), req, res)
      : blob(req, res, u);
    handle.catch((err: Error) => json(res, 500, { code: 'internal', msg: err.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: { ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_RESULTS_URL: `${url}/`, ACTIONS_RUNTIME_TOKEN: TOKEN },
    keys: () => entries.filter((e) => e.finalized).map((e) => e.key),
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
