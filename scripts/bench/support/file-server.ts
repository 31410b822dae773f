// One file served over HTTP from a child process (so serving costs the benchmark's process
// nothing), for the download benchmarks. Its keep-alive outlasts a benchmark round: the peers
// between two kiln downloads (curl, coreutils) take longer than Node's default 5 s, and a socket
// the server closed while the client was busy would fail the next download on a reused connection.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const IDLE_MS = 10 * 60 * 1000;

const SERVER = `
const http = require('node:http'); const fs = require('node:fs');
const file = process.argv[1]; const size = fs.statSync(file).size;
const s = http.createServer((req, res) => {
  res.writeHead(200, { 'content-length': String(size) });
  fs.createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(res);
});
s.keepAliveTimeout = Number(process.argv[2]);
s.listen(0, '127.0.0.1', () => console.log(s.address().port));
`;

export interface FileServer {
  url: string;
  close(): void;
}

export async function serveFile(file: string, idleMs = IDLE_MS): Promise<FileServer> {
  const server = spawn(process.execPath, ['-e', SERVER, file, String(idleMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [port] = (await once(server.stdout, 'data')) as [Buffer];
  return { url: `http://127.0.0.1:${port.toString().trim()}/image.bin`, close: () => server.kill() };
}
