// A lock between processes on one machine: the first to create the lock file holds it, the others
// wait. It guards a dev cloud's state folder so that parallel test workers (or two `kiln dev-cloud up`)
// start one cloud, not two. A lock left behind by a dead process is taken over.
import { open, readFile, unlink } from 'node:fs/promises';
import { WorldError } from '../errors.js';
import { isAlive } from './daemon.js';

export async function withLock<T>(
  file: string,
  fn: () => Promise<T>,
  options: { timeoutMs?: number; pollMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    // An empty file is a holder between open and write; only a recorded, dead pid is stale.
    if (holder && !isAlive(holder)) {
      await unlink(file).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) {
      throw new WorldError({
        doing: 'waiting for the lock',
        target: file,
        answer: `still held by process ${holder}`,
      });
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 200));
  }
  try {
    return await fn();
  } finally {
    await unlink(file).catch(() => undefined);
  }
}
