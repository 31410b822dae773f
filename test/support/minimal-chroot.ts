// A folder a process can chroot into, as DIB's image root is: the host's /usr bound into it with
// the merged-/usr links (bin, lib, lib64, sbin). Needs root (mount).
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes `dir` a chroot; returns what undoes the bind mount. The undo detaches it lazily, so that it
 * is gone even while a process still runs inside: removing `dir` afterwards must never reach the
 * host's /usr.
 */
export function minimalChroot(dir: string): () => void {
  mkdirSync(join(dir, 'usr'), { recursive: true });
  for (const link of ['bin', 'lib', 'lib64', 'sbin']) symlinkSync(`usr/${link}`, join(dir, link));
  execFileSync('mount', ['--bind', '/usr', join(dir, 'usr')]);
  return () => {
    try {
      execFileSync('umount', ['--lazy', join(dir, 'usr')], { stdio: 'ignore' });
    } catch {
      // already released (the code under test unmounts it)
    }
  };
}

/** Whether this process may mount (the tests that need it are skipped otherwise). */
export const isRoot = process.getuid?.() === 0;
