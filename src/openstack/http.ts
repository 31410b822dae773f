// One HTTP exchange with an OpenStack service, on node:http/https rather than fetch: fetch cannot take
// a CA file or `verify: false` per request, and an upload must stream from disk with backpressure.
// Responses are small JSON documents, so they are collected whole; request bodies may be streams.
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';

export interface TlsOptions {
  /** PEM bundle to trust instead of the system CAs (clouds.yaml `cacert`). */
  ca?: string | Buffer;
  /** false for clouds.yaml `verify: false`. */
  rejectUnauthorized: boolean;
}

export interface HttpRequest {
  method: string;
  url: string | URL;
  headers?: Record<string, string>;
  body?: string | Buffer | Readable;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** The connection failed or broke before a complete response arrived (no HTTP status). */
export class TransportError extends Error {
  readonly code?: string;
  constructor(message: string, code?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
    this.code = code;
  }
}

export type HttpTransport = (req: HttpRequest) => Promise<HttpResponse>;

/**
 * A connection that cannot be made, or that stays silent (no byte either way), this long is given up:
 * a hung service must not hang kiln. A transfer is bounded by its progress, never by its total time.
 * clouds.yaml's `api_timeout` or KILN_HTTP_TIMEOUT replace it (src/openstack/connect.ts).
 */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/** A transport bound to one TLS policy, reusing connections where the server allows it. */
export function httpTransport(
  tls: TlsOptions = { rejectUnauthorized: true },
  idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS,
): HttpTransport {
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({
    keepAlive: true,
    ca: tls.ca,
    rejectUnauthorized: tls.rejectUnauthorized,
  });
  return (req) => send(req, (u) => (u.protocol === 'https:' ? httpsAgent : httpAgent), idleTimeoutMs);
}

function send(
  req: HttpRequest,
  agentFor: (u: URL) => http.Agent,
  idleTimeoutMs: number,
): Promise<HttpResponse> {
  const url = typeof req.url === 'string' ? new URL(req.url) : req.url;
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      if (isStream(req.body)) req.body.destroy();
      const e = err as NodeJS.ErrnoException;
      reject(
        err instanceof TransportError
          ? err
          : new TransportError(`${req.method} ${url.origin}${url.pathname}: ${e.message}`, e.code, {
              cause: err,
            }),
      );
    };
    const request = lib.request(
      url,
      { method: req.method, headers: req.headers, agent: agentFor(url), signal: req.signal },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('aborted', () => fail(new TransportError('connection closed mid-response', 'ECONNRESET')));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          // The server answered before taking the whole body (e.g. 401/409 on upload): stop reading the file.
          if (isStream(req.body) && !req.body.readableEnded) req.body.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      },
    );
    request.on('error', fail);
    // setTimeout only starts once connected: a connect that never completes has its own timer.
    request.on('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(
        () =>
          request.destroy(
            new TransportError(`could not connect within ${idleTimeoutMs / 1000} s`, 'ETIMEDOUT'),
          ),
        idleTimeoutMs,
      );
      socket.once('connect', () => clearTimeout(timer)).once('close', () => clearTimeout(timer));
    });
    request.setTimeout(idleTimeoutMs, () =>
      request.destroy(new TransportError(`no answer for ${idleTimeoutMs / 1000} s`, 'ETIMEDOUT')),
    );
    const body = req.body;
    if (isStream(body)) {
      body.on('error', (err) => {
        request.destroy(err);
        fail(err);
      });
      body.pipe(request);
    } else {
      request.end(body);
    }
  });
}

function isStream(body: HttpRequest['body']): body is Readable {
  return typeof body === 'object' && body !== null && !Buffer.isBuffer(body) && 'pipe' in body;
}
