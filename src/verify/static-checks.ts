// Checks that need no boot: the container (qemu-img), then the files inside the image. The files are
// read from a sparse raw copy in the scratch folder (a raw image is read in place).
import type { Runner } from '../exec.js';
import { checkFiles, type FileRules } from './file-checks.js';
import { checkContainer } from './qemu-img-checks.js';
import { rawView } from './raw-view.js';

export interface StaticCheckInput {
  imagePath: string;
  format: string;
  virtual_size: number;
  rules: FileRules;
  /** Scratch folder (removed by the caller); the raw copy goes here. */
  workDir: string;
}

export interface StaticCheckResult {
  problems: string[];
  /** What was checked, for a passing result. */
  summary: string;
  hasCloudInit: boolean;
}

export async function staticChecks(
  input: StaticCheckInput,
  runner: Runner,
  signal?: AbortSignal,
): Promise<StaticCheckResult> {
  const container = await checkContainer(runner, input.imagePath, input, signal);
  if (container.problems.length > 0) {
    // A file qemu-img does not trust is not converted and read: what it holds would mean nothing.
    return { problems: [...container.problems, 'file checks not run'], summary: '', hasCloudInit: false };
  }
  const raw = await rawView(runner, { path: input.imagePath, format: input.format }, input.workDir, signal);
  const files = await checkFiles(runner, raw, input.rules);
  const summary =
    `qemu-img: ${container.facts?.format}, ${container.facts?.virtualSize} bytes, no corruption; ` +
    `files (${files.where}): ${input.rules.required.length} required present, ` +
    `${input.rules.forbidden.length} forbidden patterns absent`;
  return { problems: files.problems, summary, hasCloudInit: files.hasCloudInit };
}
