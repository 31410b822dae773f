// The build record: the contract between build, test, publish and release (docs/design.md, "The build
// record contract"). One `record.json` per image x arch at `<dir>/<name>/<arch>/record.json`, beside
// the image file.
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
  /** The CI run that made the build (GitHub Actions' run page), when it was made in one. */
  build_url?: string;
  built_at: string;
  duration_s: number;
  test?: TestResult;
  /** The CycloneDX SBOM beside the image (relative to the record's folder), when its packages could be read. */
  sbom?: string;
  /** Set when `build --promote-from` brought the image from a site's Glance instead of building it. */
  promoted_from?: { site: string; image_id: string; image_name: string };
}

/** `<dir>/<name>/<arch>`: where an image's file and record.json go. */
export function recordDir(dir: string, name: string, arch: Arch): string {
  return join(dir, name, arch);
}

/** Writes record.json atomically (a reader never sees half a record). */
export async function writeRecord(dir: string, record: BuildRecord): Promise<string> {
  const path = join(dir, RECORD_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(record, null, 2) + '\n');
  await rename(tmp, path);
  return path;
}
