// Serves image files for `kiln sync` tests, and misbehaves on request: `cut` sends half the file and
// destroys the socket (`cut-once` only on the first request), `corrupt` flips one byte in the middle
// (same length, other hash), `stall` sends half the file and then nothing, keeping the connection
// open, `chunked` sends no Content-Length. `redirect` answers a path with a 302 to another URL.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ManifestEntry } from '../../src/release/manifest-schema.js';

export type Mode = 'ok' | 'cut' | 'cut-once' | 'corrupt' | 'stall' | 'chunked';

export interface ImageServer {
  url(path: string): string;
  serve(path: string, file: string, mode?: Mode): void;
  redirect(path: string, to: string): void;
  hits: string[];
  close(): Promise<void>;
}

export async function startImageServer(): Promise<ImageServer> {
  const files = new Map<string, { data: Buffer; mode: Mode }>();
  const redirects = new Map<string, string>();
  const hits: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.push(path);
    const to = redirects.get(path);
    if (to) {
      res.writeHead(302, { location: to }).end();
      return;
    }
    const f = files.get(path);
    if (!f) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      ...(f.mode !== 'chunked' && { 'content-length': String(f.data.length) }),
    });
    if (f.mode === 'stall') {
      res.write(f.data.subarray(0, Math.floor(f.data.length / 2)));
      return;
    }
    if (f.mode === 'cut' || f.mode === 'cut-once') {
      if (f.mode === 'cut-once') f.mode = 'ok';
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
    redirect: (path, to) => void redirects.set(path, to),
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A small real qcow2 of random bytes (unique hashes) written to `<dir>/<name>.qcow2`, served at
 * /<name>.qcow2, and the manifest entry that names it (kiln's release manifest format).
 */
export function servedQcow2(
  server: ImageServer,
  dir: string,
  name: string,
  options: { mib?: number; mode?: Mode } = {},
): ManifestEntry {
  const raw = join(dir, `${name}.raw`);
  const file = join(dir, `${name}.qcow2`);
  writeFileSync(raw, randomBytes((options.mib ?? 1) * 1024 * 1024));
  execFileSync('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', raw, file]);
  server.serve(`/${name}.qcow2`, file, options.mode ?? 'ok');
  const data = readFileSync(file);
  return {
    name,
    url: server.url(`/${name}.qcow2`),
    checksum: `sha256:${createHash('sha256').update(data).digest('hex')}`,
    checksum_sha512: createHash('sha512').update(data).digest('hex'),
    arch: 'amd64',
    disk_format: 'qcow2',
    size: data.length,
    build_key: createHash('sha256').update(name).digest('hex'),
    git_sha: 'b'.repeat(40),
    image: name,
    properties: { architecture: 'x86_64' },
    sites: {},
  };
}
