// streamGet follows redirects (object stores and release hosts send them) and sends a Keystone token
// only to the origin it was given for: a redirect to another host never carries it.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { streamGet } from '../../src/openstack/stream-get.js';

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A server answering each path with `answer`; it records the headers of every request. */
async function serve(answer: (path: string) => { status: number; location?: string; body?: string }) {
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ path: req.url!, headers: req.headers });
    const a = answer(req.url!);
    res.writeHead(a.status, a.location ? { location: a.location } : {}).end(a.body ?? '');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const o = { doing: 'downloading', target: 'test', token: 'secret-token' };

describe('streamGet', () => {
  it('follows a redirect to another origin without the token, and one on the same origin with it', async () => {
    const other = await serve(() => ({ status: 200, body: 'the bytes' }));
    const first = await serve((path) =>
      path === '/a' ? { status: 302, location: '/b' } : { status: 307, location: `${other.url}/file` },
    );
    const body = await streamGet(new URL(`${first.url}/a`), o);
    expect(await text(body)).toBe('the bytes');
    expect(first.seen.map((s) => [s.path, s.headers['x-auth-token']])).toEqual([
      ['/a', 'secret-token'],
      ['/b', 'secret-token'],
    ]);
    expect(other.seen).toHaveLength(1);
    expect(other.seen[0]!.headers['x-auth-token']).toBeUndefined();
  });

  it('fails on an answer that is neither 200 nor a redirect, and on a redirect loop', async () => {
    const missing = await serve(() => ({ status: 404 }));
    await expect(streamGet(new URL(`${missing.url}/x`), o)).rejects.toThrow(
      'downloading (test): HTTP 404 Not Found',
    );
    const loop = await serve(() => ({ status: 302, location: '/again' }));
    await expect(streamGet(new URL(`${loop.url}/x`), o)).rejects.toThrow('more than 5 redirects');
    expect(loop.seen).toHaveLength(6);
  });
});
