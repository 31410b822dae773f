// The transport gives up on a service that accepts a connection and then says nothing, instead of
// hanging the run (a stand-in TCP server here: Glance and Keystone cannot be made to hang on purpose).
import http from 'node:http';
import net from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, TransportError } from '../../src/openstack/http.js';

let server: net.Server;
let port: number;
const sockets: net.Socket[] = [];

beforeAll(async () => {
  server = net.createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(() => {
  for (const s of sockets) s.destroy();
  server.close();
});

describe('HTTP transport', () => {
  it('fails with a TransportError when the server stays silent', async () => {
    const transport = httpTransport({ rejectUnauthorized: true }, 300);
    const err = await transport({ method: 'GET', url: `http://127.0.0.1:${port}/v2/images` }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('ETIMEDOUT');
    expect((err as Error).message).toContain('no answer for 0.3 s');
  });
});

/** A server answering each request with `handle`, for the duration of `fn`. */
async function withServer(
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  fn: (url: string) => Promise<void>,
): Promise<void> {
  const srv = http.createServer(handle);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  try {
    await fn(`http://127.0.0.1:${(srv.address() as net.AddressInfo).port}/x`);
  } finally {
    srv.closeAllConnections();
    srv.close();
  }
}

describe('transfers are bounded by progress, not by total time', () => {
  const timeout = 300;

  it('a download that keeps moving for longer than the timeout is not cut', () =>
    withServer(
      async (_req, res) => {
        res.writeHead(200);
        for (let i = 0; i < 10; i++) {
          res.write(Buffer.alloc(10, i));
          await sleep(100); // 1 s in all, never 0.3 s without a byte
        }
        res.end();
      },
      async (url) => {
        const answer = await httpTransport({ rejectUnauthorized: true }, timeout)({ method: 'GET', url });
        expect(answer.body.length).toBe(100);
      },
    ));

  it('an upload that keeps moving for longer than the timeout is not cut', () =>
    withServer(
      (req, res) => {
        let got = 0;
        req.on('data', (c: Buffer) => (got += c.length));
        req.on('end', () => res.end(String(got)));
      },
      async (url) => {
        const body = Readable.from(
          (async function* () {
            for (let i = 0; i < 10; i++) {
              await sleep(100);
              yield Buffer.alloc(10, i);
            }
          })(),
        );
        const answer = await httpTransport(
          { rejectUnauthorized: true },
          timeout,
        )({ method: 'PUT', url, body });
        expect(answer.body.toString()).toBe('100');
      },
    ));

  it('a download that stalls mid-way for the timeout fails', () =>
    withServer(
      (_req, res) => {
        res.writeHead(200, { 'content-length': '100' });
        res.write(Buffer.alloc(10)); // then nothing more
      },
      async (url) => {
        const err = await httpTransport(
          { rejectUnauthorized: true },
          timeout,
        )({ method: 'GET', url }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(TransportError);
        expect((err as Error).message).toContain('no answer for 0.3 s');
      },
    ));
});
