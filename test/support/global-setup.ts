// Runs once before all test files: bundles the CLI and the action from the current src/ into
// .cache/test-dist, so end-to-end tests run the same bundle that ships (CI also checks dist/ matches).
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export const TEST_DIST = resolve('.cache/test-dist');

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/bundle.mjs', TEST_DIST], { stdio: 'inherit' });
}
