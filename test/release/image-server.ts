// Serves image files for `kiln sync` tests, and misbehaves on request: `cut` sends half the file and
// destroys the socket, `corrupt` flips one byte in the middle (same length, other hash), `stall` sends
// half the file and then nothing, keeping the connection open.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Mode = 'ok' | 'cut' | 'corrupt' | 'stall';

export interface ImageServer {
  url(path: string): string;
  serve(path: string, file: string, mode?: Mode): void;
  hits: string[];
  close(): Promise<void>;
}

export async function startImageServer(): Promise<ImageServer> {
  const files = new Map<string, { data: Buffer; mode: Mode }>();
  const hits: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.push(path);
    const f = files.get(path);
    if (!f) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(f.data.length),
    });
    if (f.mode === 'stall') {
      res.write(f.data.subarray(0, Math.floor(f.data.length / 2)));
      return;
    }
    if (f.mode === 'cut') {
      res.write(f.data.subarray(0, Math.floor(f.data.length / 2)), () =>
        setTimeout(() => res.socket?.destroy(), 50),
      );
      return;
    }
    const data = Buffer.from(f.data);
    if (f.mode === 'corrupt') data[Math.floor(data.length / 2)]! ^= 0xff;
    res.end(data);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path) => `${base}${path}`,
    serve: (path, file, mode = 'ok') => void files.set(path, { data: readFileSync(file), mode }),
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
