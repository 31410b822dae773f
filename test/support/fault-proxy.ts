// A small HTTP proxy that sits between kiln and the dev cloud's real Keystone + Glance, to put faults
// where the tests want them. kiln is pointed at it through a clouds.yaml whose auth_url is the proxy;
// the proxy forwards /v3 to Keystone and rewrites the catalog so that the image endpoint is the proxy
// too, and forwards everything else to Glance. A rule picks the Nth request of a kind and
//   - answers 500 without forwarding ("status500"),
//   - cuts the connection before forwarding, in the middle of the body, after Glance answered, or
//     in the middle of Glance's answer ("cut-start" | "cut-middle" | "cut-end" | "cut-answer"),
//   - flips a byte of the body on the way ("corrupt"),
//   - revokes the token the request carries in Keystone, then forwards (a token expiring mid-run),
//   - calls the test back and then drops the request, before forwarding it or after Glance acted
//     on it ("hook-before" | "hook-after": the test SIGKILLs kiln there),
//   - takes the request's body and never answers, like a hung service ("stall"; the test's hook is
//     called when the body has arrived),
//   - holds the request until the test's hook resolves, then forwards it ("hold": a slow upload).
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transform } from 'node:stream';

export type Kind =
  'create' | 'upload' | 'download' | 'patch' | 'tag-add' | 'tag-remove' | 'delete' | 'list' | 'get' | 'other';
export type Action =
  | 'status500'
  | 'cut-start'
  | 'cut-middle'
  | 'cut-end'
  | 'cut-answer'
  | 'corrupt'
  | 'revoke-token'
  | 'hook-before'
  | 'hook-after'
  | 'stall'
  | 'hold';

export interface Rule {
  /** A kind, or 'mutation' for any request that changes something. */
  kind: Kind | 'mutation';
  /** 1-based: the Nth request of that kind since the rule was set. */
  nth: number;
  action: Action;
  /** For hook-*: called when the request arrives (before) or when Glance has answered (after). */
  hook?: () => Promise<void> | void;
  /** For cut-middle and cut-answer: bytes forwarded before the cut. */
  cutAfterBytes?: number;
}

export function kindOf(method: string, path: string): Kind {
  const p = path.split('?')[0]!;
  if (method === 'POST' && p === '/v2/images') return 'create';
  if (method === 'PUT' && /^\/v2\/images\/[^/]+\/file$/.test(p)) return 'upload';
  if (method === 'GET' && /^\/v2\/images\/[^/]+\/file$/.test(p)) return 'download';
  if (method === 'PATCH' && /^\/v2\/images\/[^/]+$/.test(p)) return 'patch';
  if (method === 'PUT' && /\/tags\//.test(p)) return 'tag-add';
  if (method === 'DELETE' && /\/tags\//.test(p)) return 'tag-remove';
  if (method === 'DELETE' && /^\/v2\/images\/[^/]+$/.test(p)) return 'delete';
  if (method === 'GET' && p === '/v2/images') return 'list';
  if (method === 'GET' && /^\/v2\/images\/[^/]+$/.test(p)) return 'get';
  return 'other';
}

const MUTATIONS = new Set<Kind>(['create', 'upload', 'patch', 'tag-add', 'tag-remove', 'delete']);

export class FaultProxy {
  readonly seen: { kind: Kind; path: string; status?: number }[] = [];
  private server?: Server;
  private rule?: Rule;
  private counts = new Map<string, number>();
  url = '';

  constructor(
    private readonly keystoneUrl: string,
    private readonly glanceUrl: string,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    if (this.server) await new Promise((r) => this.server!.close(r));
  }

  /** Arms one fault; counting starts now. */
  arm(rule: Rule | undefined): void {
    this.rule = rule;
    this.counts.clear();
  }

  /**
   * Arms a hold of the Nth request of `kind` (a slow upload): `held` resolves when it arrives, and it
   * goes on to Glance once `release()` is called.
   */
  holdNth(kind: Kind, nth = 1): { held: Promise<void>; release: () => void } {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    this.arm({
      kind,
      nth,
      action: 'hold',
      hook: async () => {
        holding();
        await released;
      },
    });
    return { held, release };
  }

  /** Whether the armed rule has fired. */
  fired = false;

  /** The armed rule when this request is the one it picks. */
  private take(kind: Kind): Rule | undefined {
    const r = this.rule;
    if (!r) return undefined;
    const key =
      r.kind === 'mutation'
        ? MUTATIONS.has(kind)
          ? 'mutation'
          : undefined
        : r.kind === kind
          ? kind
          : undefined;
    if (!key) return undefined;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    if (n !== r.nth) return undefined;
    this.fired = true;
    this.rule = undefined;
    return r;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    if (path.startsWith('/v3')) return this.forwardKeystone(req, res, path);
    const kind = kindOf(req.method ?? 'GET', path);
    const entry: { kind: Kind; path: string; status?: number } = { kind, path };
    this.seen.push(entry);
    const fault = this.take(kind);
    if (fault?.action === 'status500') {
      req.resume();
      entry.status = 500;
      res.writeHead(500, { 'content-type': 'text/plain' }).end('injected failure');
      return;
    }
    if (fault?.action === 'cut-start') {
      req.socket.destroy();
      return;
    }
    if (fault?.action === 'hook-before') {
      await fault.hook?.();
      req.socket.destroy();
      return;
    }
    if (fault?.action === 'stall') {
      req.resume();
      req.on('end', () => void fault.hook?.());
      return;
    }
    if (fault?.action === 'hold') await fault.hook?.();
    if (fault?.action === 'revoke-token') await this.revoke(String(req.headers['x-auth-token']));

    const target = new URL(path, this.glanceUrl);
    const upstream = request(target, {
      method: req.method,
      headers: { ...req.headers, host: target.host },
      agent: false,
    });
    let sent = 0;
    const body = new Transform({
      transform: (chunk: Buffer, _enc, done) => {
        if (fault?.action === 'corrupt' && sent === 0 && chunk.length > 0) {
          chunk = Buffer.from(chunk);
          chunk[0] = chunk[0]! ^ 0xff;
        }
        sent += chunk.length;
        if (fault?.action === 'cut-middle' && sent >= (fault.cutAfterBytes ?? 1)) {
          upstream.destroy();
          req.socket.destroy();
          return done();
        }
        done(null, chunk);
      },
    });
    req.pipe(body).pipe(upstream);
    upstream.on('error', () => res.destroy());
    const answer = (await once(upstream, 'response'))[0] as IncomingMessage;
    entry.status = answer.statusCode;
    if (fault?.action === 'cut-end' || fault?.action === 'hook-after') {
      answer.resume();
      await once(answer, 'end');
      await fault.hook?.();
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    if (fault?.action === 'cut-answer') {
      // The headers and about cutAfterBytes of the answer reach kiln, then the connection drops.
      let room = fault.cutAfterBytes ?? 1;
      answer.on('data', (chunk: Buffer) => {
        if (room <= 0) return;
        const part = chunk.subarray(0, room);
        room -= part.length;
        res.write(part, () => {
          if (room > 0) return;
          answer.destroy();
          req.socket.destroy();
        });
      });
      return;
    }
    answer.pipe(res);
  }

  private async forwardKeystone(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const target = new URL(path, this.keystoneUrl);
    const headers = { ...req.headers, host: target.host };
    delete headers['content-length'];
    const body = Buffer.concat(chunks);
    const upstream = request(target, {
      method: req.method,
      headers: { ...headers, 'content-length': String(body.length) },
      agent: false,
    });
    upstream.end(body);
    const answer = (await once(upstream, 'response'))[0] as IncomingMessage;
    const out: Buffer[] = [];
    for await (const c of answer) out.push(c as Buffer);
    // The catalog names Glance's real address; kiln must come back here instead.
    const text = Buffer.from(Buffer.concat(out).toString('utf8').split(this.glanceUrl).join(this.url));
    const h = { ...answer.headers, 'content-length': String(text.length) };
    delete h['transfer-encoding'];
    res.writeHead(answer.statusCode ?? 502, h).end(text);
  }

  private async revoke(token: string): Promise<void> {
    const target = new URL('/v3/auth/tokens', this.keystoneUrl);
    const r = request(target, {
      method: 'DELETE',
      headers: { 'x-auth-token': token, 'x-subject-token': token },
      agent: false,
    });
    r.end();
    const answer = (await once(r, 'response'))[0] as IncomingMessage;
    answer.resume();
    if (answer.statusCode !== 204) throw new Error(`revoking the token: HTTP ${answer.statusCode}`);
  }
}
