// The build record: the contract between build, test, publish and release (DESIGN.md). One
// `record.json` per image x arch at `<dir>/<name>/<arch>/record.json`, beside the image file.
import type { Arch, Builder } from '../config/types.js';

export const RECORD_FILE = 'record.json';

export interface TestResult {
  status: 'passed' | 'failed' | 'skipped';
  at: string;
  details: string;
}

export interface BuildRecord {
  name: string;
  arch: Arch;
  key: string;
  builder: Builder;
  builder_version: string;
  format: string;
  /** Relative to the record's folder. */
  file: string;
  size: number;
  virtual_size: number;
  sha256: string;
  sha512: string;
  git_sha: string;
  built_at: string;
  duration_s: number;
  test?: TestResult;
}
