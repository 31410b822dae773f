// Filling in a build record from a finished image file: hashes and size in one read, the virtual
// size from qemu-img, the repo's git commit.
import { basename } from 'node:path';
import { WorldError } from '../errors.js';
import { runChecked, type Runner } from '../exec.js';
import { digestFile } from './file-digest.js';
import type { BuildRecord } from '../record/record.js';

/** What the builder knows of a finished image; the rest of the record is read from the file. */
export type RecordInput = Pick<
  BuildRecord,
  'name' | 'arch' | 'key' | 'builder' | 'builder_version' | 'format' | 'git_sha' | 'duration_s' | 'build_url'
> & {
  /** The image file; the record names it relative to its own folder (the same folder). */
  imagePath: string;
  built_at: Date;
};

export async function makeRecord(input: RecordInput, runner: Runner): Promise<BuildRecord> {
  const [digest, virtual] = await Promise.all([
    digestFile(input.imagePath),
    virtualSize(runner, input.imagePath),
  ]);
  return {
    name: input.name,
    arch: input.arch,
    key: input.key,
    builder: input.builder,
    builder_version: input.builder_version,
    format: input.format,
    file: basename(input.imagePath),
    size: digest.size,
    virtual_size: virtual,
    sha256: digest.sha256,
    sha512: digest.sha512,
    git_sha: input.git_sha,
    ...(input.build_url ? { build_url: input.build_url } : {}),
    built_at: input.built_at.toISOString(),
    duration_s: Math.round(input.duration_s * 10) / 10,
  };
}

/** qemu-img's format names that Glance spells otherwise. */
const GLANCE_FORMAT: Record<string, string> = { vpc: 'vhd' };

/** The disk size a guest sees, from `qemu-img info --output json`. */
export async function virtualSize(runner: Runner, path: string): Promise<number> {
  return (await imageInfo(runner, path)).virtualSize;
}

/** What `qemu-img info` reads in a file: its disk format (as Glance names it) and virtual size. */
export async function imageInfo(
  runner: Runner,
  path: string,
): Promise<{ diskFormat: string; virtualSize: number }> {
  const res = await runChecked(runner, 'qemu-img', ['info', '--output', 'json', path], {
    doing: 'reading the disk format and virtual size of',
    target: path,
  });
  const info = JSON.parse(res.stdout) as { 'virtual-size'?: unknown; format?: unknown };
  const size = info['virtual-size'];
  if (typeof size !== 'number' || typeof info.format !== 'string') {
    throw new WorldError({
      doing: 'reading the disk format and virtual size of',
      target: path,
      answer: 'qemu-img reported none',
    });
  }
  return { diskFormat: GLANCE_FORMAT[info.format] ?? info.format, virtualSize: size };
}

/** The commit checked out in `root`, or "unknown" when it is not a git work tree. */
export async function gitHead(runner: Runner, root: string): Promise<string> {
  try {
    const res = await runner('git', ['rev-parse', '--verify', 'HEAD'], { cwd: root });
    const sha = res.stdout.trim();
    return res.code === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : 'unknown';
  } catch {
    return 'unknown';
  }
}
