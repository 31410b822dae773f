// Required and forbidden files, read from the image's root filesystem without booting it. The raw
// image is located by its partition table; the root filesystem is the ext2/3/4 one holding /etc.
import type { Runner } from '../exec.js';
import type { ImageTestConfig } from '../config/types.js';
import { ExtFilesystem } from './ext-fs.js';
import { hasExtFilesystem, readPartitionTable } from './partition-table.js';
import { expandGlobs } from './path-glob.js';

/** Always forbidden: host keys and credentials left over from the build would be shared by every VM. */
export const DEFAULT_FORBIDDEN_FILES = [
  '/etc/ssh/ssh_host_*_key',
  '/root/.ssh/authorized_keys',
  '/etc/kiln/*secret*',
] as const;

/** How the boot test decides whether to hand the guest a NoCloud seed. */
const CLOUD_INIT_BINARY = '/usr/bin/cloud-init';

export interface FileRules {
  required: string[];
  forbidden: string[];
}

/**
 * The image's lists plus kiln's default forbidden files. (The config loader already adds the
 * provenance file to the required ones for images using kiln-common.)
 */
export function fileRulesFor(test: Pick<ImageTestConfig, 'required_files' | 'forbidden_files'>): FileRules {
  return {
    required: [...new Set(test.required_files)],
    forbidden: [...new Set([...test.forbidden_files, ...DEFAULT_FORBIDDEN_FILES])],
  };
}

export interface FileCheck {
  problems: string[];
  hasCloudInit: boolean;
  /** e.g. "root filesystem: partition 1 (mbr) at offset 1048576". */
  where: string;
}

/** The ext2/3/4 filesystem holding /etc, or why there is none. */
export async function findRootFilesystem(
  runner: Runner,
  rawPath: string,
): Promise<{ fs: ExtFilesystem; where: string } | { problem: string }> {
  const table = await readPartitionTable(rawPath);
  const seen: string[] = [];
  for (const part of table.partitions) {
    if (!(await hasExtFilesystem(rawPath, part.offset))) continue;
    const fs = new ExtFilesystem(runner, rawPath, part.offset);
    const top = (await fs.listDirs(['/'])).get('/') ?? [];
    const where = part.number === 0 ? 'whole disk' : `partition ${part.number} (${table.kind})`;
    seen.push(where);
    if (top.some((e) => e.name === 'etc' && e.type === 'dir')) {
      return { fs, where: `${where} at offset ${part.offset}` };
    }
  }
  return {
    problem: seen.length
      ? `no root filesystem: no ext2/3/4 filesystem with /etc (looked at ${seen.join(', ')})`
      : `no ext2/3/4 filesystem found (partition table: ${table.kind}); the file checks read ext2/3/4 only`,
  };
}

/** Checks the rules against a raw image; paths in the rules are absolute globs. */
export async function checkFiles(runner: Runner, rawPath: string, rules: FileRules): Promise<FileCheck> {
  const root = await findRootFilesystem(runner, rawPath);
  if ('problem' in root) return { problems: [root.problem], hasCloudInit: false, where: 'none' };
  const { fs, where } = root;
  const patterns = [...rules.required, ...rules.forbidden, CLOUD_INIT_BINARY];
  const matches = await expandGlobs((dirs) => fs.listDirs(dirs), patterns);
  const problems: string[] = [];
  rules.required.forEach((p, i) => {
    if (matches[i].length === 0) problems.push(`required file missing: ${p}`);
  });
  rules.forbidden.forEach((p, i) => {
    const found = matches[rules.required.length + i];
    if (found.length > 0) {
      problems.push(`forbidden file present: ${found.map((m) => m.path).join(', ')} (matches ${p})`);
    }
  });
  return { problems, hasCloudInit: matches[patterns.length - 1].length > 0, where };
}
