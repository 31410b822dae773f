// Bundles the action (dist/index.js) and the CLI (dist/cli.js) as ESM. Code reached only through a
// dynamic import (one action command, @actions/cache, @octokit) goes into shared chunks, so a cold
// start parses only what its command needs. The require shim lets CJS dependencies (yaml, @actions/*)
// load node built-ins from an ESM bundle.
import { copyFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = process.argv[2] ?? 'dist';
// Chunk names carry content hashes: clear the old ones so dist/ holds exactly one build.
rmSync(outdir, { recursive: true, force: true });
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
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  banner,
  legalComments: 'none',
  logLevel: 'warning',
  outExtension: { '.js': '.js' },
});
// The HCL parser's WebAssembly module, read at run time beside the bundle (src/packer/hcl-wasm.ts).
copyFileSync('node_modules/@cdktf/hcl2json/main.wasm.gz', `${outdir}/hcl2json.wasm.gz`);
