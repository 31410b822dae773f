// Throw-away repositories for config tests: files written under this run's scratch folder.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Lines of a file, numbered from 1 in the order given (so tests can name exact line numbers). */
export const lines = (...l: string[]): string => l.join('\n') + '\n';

/** A fresh directory holding `files` (path -> contents); returns its absolute path. */
export function makeRepo(files: Record<string, string>): string {
  const base = process.env.KILN_TEST_RUN_DIR ?? tmpdir();
  mkdirSync(base, { recursive: true });
  const root = mkdtempSync(join(base, 'config-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A project element with an element-deps file. */
export const element = (name: string, deps: string[] = []) => ({
  [`elements/${name}/element-deps`]: deps.join('\n'),
});

/** DIB built-in names used by tests that must not depend on the machine's DIB. */
export const BUILTINS: ReadonlySet<string> = new Set([
  'debian-minimal',
  'ubuntu',
  'vm',
  'centos',
  'package-installs',
]);
