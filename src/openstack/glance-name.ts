// The Glance name of a build: the image name for its first architecture (the usual one, so existing
// consumers keep finding "debian-12"), `<name>-<arch>` for any further architecture, so that every
// name points at exactly one image.
import type { Arch, ResolvedImage } from '../config/types.js';

export function glanceName(image: Pick<ResolvedImage, 'name' | 'architectures'>, arch: Arch): string {
  const first = image.architectures[0] ?? arch;
  return arch === first ? image.name : `${image.name}-${arch}`;
}
