// Bundles the action (dist/index.js) and the CLI (dist/cli.js) into single ESM files.
// The require shim lets CJS dependencies (yaml, @actions/*) load node built-ins from an ESM bundle.
import { build } from 'esbuild';

const outdir = process.argv[2] ?? 'dist';
const banner = {
  js: "import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);",
};
await build({
  entryPoints: { index: 'src/action/index.ts', cli: 'src/cli/index.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner,
  legalComments: 'none',
  logLevel: 'warning',
  outExtension: { '.js': '.js' },
});
