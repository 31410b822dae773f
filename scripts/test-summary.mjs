// Prints the plain "N passed, N failed" line from vitest's JSON report (CI reads only this line).
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2];
// vitest's own exit status: non-zero with no failed test means errors outside tests (unhandled
// exceptions, a file that failed to load), which count as one failure so the line never hides them.
const runnerStatus = Number(process.argv[3] ?? 0);
if (!existsSync(file)) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
// A file that fails to load counts as a failure even though it has no test results.
const brokenFiles = report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
let failed = report.numFailedTests + brokenFiles;
if (failed === 0 && runnerStatus !== 0) failed = 1;
const skipped = report.numPendingTests + report.numTodoTests;
// Skipped tests get their own line before: CI reads the last line, exactly "N passed, N failed".
if (skipped) console.log(`${skipped} skipped`);
console.log(`${report.numPassedTests} passed, ${failed} failed`);
process.exit(failed > 0 || report.numTotalTests === 0 ? 1 : 0);
