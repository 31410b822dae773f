// A raw view of an image file, for reading its filesystems with debugfs: a raw image is linked in
// place, any other format is converted into a sparse raw copy. debugfs reads the path up to a '?' as
// the device, so the view always gets a plain name inside `workDir`.
import { symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runChecked, type Runner } from '../exec.js';
import { qemuFormat } from './qemu-img-checks.js';

export async function rawView(
  runner: Runner,
  image: { path: string; format: string },
  workDir: string,
  signal?: AbortSignal,
): Promise<string> {
  const raw = join(workDir, 'disk.raw');
  if (qemuFormat(image.format) === 'raw') {
    await symlink(resolve(image.path), raw);
    return raw;
  }
  await runChecked(
    runner,
    'qemu-img',
    ['convert', '-f', qemuFormat(image.format), '-O', 'raw', image.path, raw],
    {
      doing: 'converting the image to raw to read its files',
      target: image.path,
      signal,
    },
  );
  return raw;
}
