// Global setup of both suites: a scratch folder for this test run (KILN_TEST_RUN_DIR), so that two
// runs on one machine never share files, services or state. Both suites of one run share it.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { resolve } from 'node:path';

export function ensureRunDir(): string {
  const existing = process.env.KILN_TEST_RUN_DIR;
  if (existing) return existing;
  mkdirSync(resolve('.cache/runs'), { recursive: true });
  const runDir = mkdtempSync(resolve('.cache/runs/run-'));
  process.env.KILN_TEST_RUN_DIR = runDir;
  return runDir;
}

export default function setup(): void {
  ensureRunDir();
}
