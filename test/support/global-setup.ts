// Runs once before all test files: makes a scratch folder for this run (KILN_TEST_RUN_DIR) so that
// two test runs on one machine never share services or state, and bundles the CLI and the action
// from the current src/ into it (end-to-end tests run the same bundle that ships; CI also checks
// dist/ matches). Teardowns registered by shared fixtures run at the end.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { resolve } from 'node:path';
import { stopDevCloud } from './dev-cloud.js';
import { testDist } from './test-dist.js';

export default function setup(): () => Promise<void> {
  mkdirSync(resolve('.cache/runs'), { recursive: true });
  const runDir = mkdtempSync(resolve('.cache/runs/run-'));
  process.env.KILN_TEST_RUN_DIR = runDir;
  execFileSync(process.execPath, ['scripts/bundle.mjs', testDist(runDir)], { stdio: 'inherit' });
  return async () => {
    // Shared fixtures (dev cloud) add their teardown here.
    await stopDevCloud(runDir);
  };
}
