// The mount table as /proc shows it to kiln: which folders have something mounted on them. Used to
// keep a dead kiln's scratch folder that still holds a mount (stale-scratch.ts) and to release what a
// stopped DIB build left mounted (dib-leftovers.ts).
import { readFile } from 'node:fs/promises';

/**
 * Mount points in the order they were mounted (/proc/self/mountinfo field 5, with octal escapes for
 * spaces and the like): a mount on top of another comes after it, so the reverse is an unmount order.
 */
export async function mountPoints(proc = '/proc'): Promise<string[]> {
  const text = await readFile(`${proc}/self/mountinfo`, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) =>
      l.split(' ')[4].replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8))),
    );
}
