// Waits until a freshly started service answers HTTP; if its process dies first, fails with the tail
// of its log, which is where Keystone and Glance say what is wrong with their configuration.
import { readFile } from 'node:fs/promises';
import { WorldError } from '../errors.js';
import { httpTransport } from '../openstack/http.js';
import { isAlive, readPid } from './daemon.js';

export async function waitUntilServing(
  name: string,
  url: string,
  pidFile: string,
  logFile: string,
  timeoutMs = 120_000,
): Promise<void> {
  const transport = httpTransport();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await transport({ method: 'GET', url }).then(
      (r) => r.status,
      () => 0,
    );
    if (status > 0 && status < 500) return;
    const pid = readPid(pidFile);
    const dead = !pid || !isAlive(pid);
    if (dead || Date.now() > deadline) {
      const tail = (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-15).join('\n');
      throw new WorldError({
        doing: `starting the dev cloud's ${name}`,
        target: url,
        answer: `${dead ? 'the process exited' : `no answer after ${timeoutMs / 1000} s`}; end of ${logFile}:\n${tail}`,
      });
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
