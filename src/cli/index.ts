#!/usr/bin/env node
// The entry: starts reading elements/ for commands that read the project, then loads the rest of
// kiln (dynamically, so that the read-ahead's worker boots while kiln's modules compile).
import { resolve } from 'node:path';
import { READS_PROJECT } from './commands/index.js';
import { startReadAhead } from '../plan/tree-prefetch.js';

if (READS_PROJECT.has(process.argv[2] ?? '')) startReadAhead(resolve(process.cwd()));
const { main } = await import('./main.js');

const controller = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    // A second signal exits at once; the first lets builders clean up their mounts.
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  });
}
process.exitCode = await main(process.argv.slice(2), { signal: controller.signal });
