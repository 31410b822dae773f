// The transport gives up on a service that accepts a connection and then says nothing, instead of
// hanging the run (a stand-in TCP server here: Glance and Keystone cannot be made to hang on purpose).
import net from 'node:net';
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
