// Global setup of the integration suite: this run's scratch folder (see run-dir.ts), and a bundle of
// the CLI and the action from the current src/ inside it (end-to-end tests run the same bundle that
// ships; CI also checks dist/ matches). Teardowns registered by shared fixtures run at the end.
import { execFileSync } from 'node:child_process';
import { stopDevCloud } from './dev-cloud.js';
import { ensureRunDir } from './run-dir.js';
import { testDist } from './test-dist.js';

export default function setup(): () => Promise<void> {
  const runDir = ensureRunDir();
  execFileSync(process.execPath, ['scripts/bundle.mjs', testDist(runDir)], { stdio: 'inherit' });
  return async () => {
    // Shared fixtures (dev cloud) add their teardown here.
    await stopDevCloud(runDir);
  };
}
