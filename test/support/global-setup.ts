// Runs once before all test files: bundles the CLI and the action from the current src/ into
// .cache/test-dist (end-to-end tests run the same bundle that ships; CI also checks dist/ matches),
// and makes a scratch folder for this run (KILN_TEST_RUN_DIR) so that two test runs on one machine
// never share services or state. Teardowns registered by shared fixtures run at the end.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { resolve } from 'node:path';
import { stopDevCloud } from './dev-cloud.js';

export const TEST_DIST = resolve('.cache/test-dist');

export default function setup(): () => Promise<void> {
  execFileSync(process.execPath, ['scripts/bundle.mjs', TEST_DIST], { stdio: 'inherit' });
  mkdirSync(resolve('.cache/runs'), { recursive: true });
  const runDir = mkdtempSync(resolve('.cache/runs/run-'));
  process.env.KILN_TEST_RUN_DIR = runDir;
  return async () => {
    // Shared fixtures (dev cloud) add their teardown here.
    await stopDevCloud(runDir);
  };
}
