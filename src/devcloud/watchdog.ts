// A guard for dev clouds that belong to another process (a test run): a tiny detached node process
// that stops the cloud's services when that owner dies without calling `down` (a killed or timed-out
// test run), so no Keystone or Glance outlives it. It exits by itself once the services are gone.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { isAlive, readPid, writePid } from './daemon.js';

export const WATCHDOG = 'watchdog';

// Plain JavaScript run with `node -e`: it must not depend on kiln's bundle or on TypeScript.
const SCRIPT = `
const fs = require('fs'), path = require('path');
const [dir, owner] = process.argv.slice(1);
const alive = (p) => { try { process.kill(p, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const daemons = () => {
  try {
    return fs.readdirSync(dir).filter((f) => f.endsWith('.pid') && f !== '${WATCHDOG}.pid')
      .map((f) => Number(fs.readFileSync(path.join(dir, f), 'utf8'))).filter((p) => p > 0 && alive(p));
  } catch { return []; }
};
const signal = (pids, sig) => { for (const p of pids) { try { process.kill(-p, sig); } catch {} } };
const timer = setInterval(() => {
  const pids = daemons();
  if (pids.length === 0) process.exit(0);
  if (alive(Number(owner))) return;
  clearInterval(timer);
  signal(pids, 'SIGTERM');
  setTimeout(() => { signal(pids, 'SIGKILL'); process.exit(0); }, 5000);
}, 1000);
`;

/** Starts a watchdog for the cloud in `dir` unless one is already watching it. */
export async function watchOwner(dir: string, ownerPid: number): Promise<void> {
  const pidFile = join(dir, `${WATCHDOG}.pid`);
  const current = readPid(pidFile);
  if (current && isAlive(current)) return;
  const child = spawn(process.execPath, ['-e', SCRIPT, dir, String(ownerPid)], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  if (child.pid) await writePid(pidFile, child.pid);
}
