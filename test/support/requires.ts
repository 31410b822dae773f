// Integration tests run real programs (Keystone, Glance, DIB, qemu, ...). Where one is not installed,
// the file's tests are skipped with the reason in their names, never failed for it: a machine without
// scripts/setup-host.sh's packages still runs everything else.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe } from 'vitest';

/** The programs of a dev cloud (test/support/dev-cloud.ts). */
export const DEV_CLOUD = ['keystone-manage', 'glance-api', 'uwsgi'];
/** The programs of the shared DIB build (test/support/debian-image.ts). */
export const DIB = ['disk-image-create', 'qemu-img'];

function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** `describe` when every program is on PATH; else a `describe.skip` whose name says what is missing. */
export function describeIfInstalled(programs: string[]): typeof describe {
  const missing = [...new Set(programs)].filter((p) => !onPath(p));
  if (missing.length === 0) return describe;
  const reason = ` [skipped: ${missing.join(', ')} not installed; see scripts/setup-host.sh]`;
  return new Proxy(describe, {
    apply: (_target, self, [name, ...rest]: unknown[]) =>
      Reflect.apply(describe.skip, self, [`${String(name)}${reason}`, ...rest]) as unknown,
  });
}
