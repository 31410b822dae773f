// A lock between processes on one machine: the first to create the lock file holds it. It guards a
// dev cloud's state folder so that parallel test workers (or two `kiln dev-cloud up`) start one cloud,
// not two (withLock waits), and DIB's shared apt cache so that two builds never use it at once
// (tryLock: the second build goes without). A lock left behind by a dead process is taken over.
import { open, readFile, unlink } from 'node:fs/promises';
import { WorldError } from './errors.js';
import { isAlive } from './devcloud/daemon.js';

/** Releases a held lock. */
export type Unlock = () => Promise<void>;

/** One attempt: the unlock when this process now holds `file`, else the holder's pid (0: unknown). */
async function attempt(file: string): Promise<Unlock | number> {
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => unlink(file).catch(() => undefined);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    // An empty file is a holder between open and write; only a recorded, dead pid is stale.
    if (!holder || isAlive(holder)) return holder;
    await unlink(file).catch(() => undefined);
  }
}

/** Holds `file` if no live process does, without waiting. */
export async function tryLock(file: string): Promise<Unlock | undefined> {
  const got = await attempt(file);
  return typeof got === 'function' ? got : undefined;
}

/** Runs `fn` holding `file`, waiting for it (bounded) while another process holds it. */
export async function withLock<T>(
  file: string,
  fn: () => Promise<T>,
  options: { timeoutMs?: number; pollMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  let got = await attempt(file);
  while (typeof got !== 'function') {
    if (Date.now() > deadline) {
      throw new WorldError({
        doing: 'waiting for the lock',
        target: file,
        answer: `still held by process ${got}`,
      });
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 200));
    got = await attempt(file);
  }
  try {
    return await fn();
  } finally {
    await got();
  }
}
