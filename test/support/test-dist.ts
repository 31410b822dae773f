// Where this test run's bundle of the CLI and the action lives (built by the global setup). Each run
// has its own, so a run never executes a bundle that another run on the same machine is rewriting.
import { join } from 'node:path';

export function testDist(runDir = process.env.KILN_TEST_RUN_DIR): string {
  if (!runDir)
    throw new Error('KILN_TEST_RUN_DIR is not set: run tests through vitest (its global setup sets it)');
  return join(runDir, 'dist');
}
